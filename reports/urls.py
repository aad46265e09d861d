from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("export.xlsx", views.DashboardExportView.as_view(), name="export"),
    path("deputies.pdf", views.DeputyReportsView.as_view(), name="deputy_reports"),
    path("bulletins/", views.BulletinListView.as_view(), name="bulletins"),
    path("bulletins/new/", views.BulletinEditView.as_view(), name="bulletin_new"),
    path("bulletins/draft/", views.BulletinDraftView.as_view(), name="bulletin_draft"),
    path("bulletins/<int:pk>/", views.BulletinDetailView.as_view(), name="bulletin"),
    path("bulletins/<int:pk>/edit/", views.BulletinEditView.as_view(), name="bulletin_edit"),
    path("bulletins/<int:pk>/publish/", views.BulletinPublishView.as_view(), name="bulletin_publish"),
    path("bulletins/lists/", views.DistributionListsView.as_view(), name="lists"),
    path("bulletins/lists/<int:pk>/", views.DistributionListsView.as_view(), name="list_edit"),
    path("bulletins/<int:pk>/bulletin.<str:fmt>", views.BulletinFileView.as_view(), name="bulletin_file"),
]
