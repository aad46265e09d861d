from django.urls import path

from . import enterprises, views

app_name = "deputies"
urlpatterns = [
    path("", views.DeputyListView.as_view(), name="list"),
    path("export.xlsx", views.DeputyExportView.as_view(), name="export"),
    path("import/", views.RosterImportView.as_view(), name="import"),
    path("import/template.xlsx", views.RosterTemplateView.as_view(), name="import_template"),
    path("ranking/", views.RankingView.as_view(), name="ranking"),
    path("<int:pk>/", views.DeputyDetailView.as_view(), name="detail"),
    path("<int:pk>/record/", views.RecordView.as_view(), name="record"),
    path("activities/", views.ActivityListView.as_view(), name="activities"),
    path("activities/export.xlsx", views.ActivityExportView.as_view(), name="activities_export"),
    path("activities/new/", views.StaffActivityCreateView.as_view(), name="activity_new"),
    path("activities/<int:pk>/", views.ActivityDetailView.as_view(), name="activity"),
    path("me/activities/", views.MyActivitiesView.as_view(), name="my_activities"),
    path("me/activities/<int:pk>/edit/", views.MyActivityEditView.as_view(), name="my_activity_edit"),
    path("me/activities/new/", views.MyActivityCreateView.as_view(), name="my_activity_new"),
    path("me/record/", views.MyRecordView.as_view(), name="my_record"),
    path("me/enterprises/", enterprises.MyEnterprisesView.as_view(), name="my_enterprises"),
    path(
        "me/enterprises/opinions/new/", enterprises.EnterpriseOpinionCreateView.as_view(), name="enterprise_opinion_new"
    ),
    path("enterprises/", enterprises.EnterpriseListView.as_view(), name="enterprises"),
    path("enterprises/opinions/", enterprises.EnterpriseOpinionListView.as_view(), name="enterprise_opinions"),
    path("enterprises/opinions/<int:pk>/", enterprises.EnterpriseOpinionView.as_view(), name="enterprise_opinion"),
    path("groups/", enterprises.GroupListView.as_view(), name="groups"),
    path("groups/<int:pk>/", enterprises.GroupDetailView.as_view(), name="group"),
]
