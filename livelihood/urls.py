from django.urls import path

from . import views

app_name = "livelihood"
urlpatterns = [
    path("", views.ProjectListView.as_view(), name="projects"),
    path("projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project"),
    path("projects/<int:pk>/plan/", views.ProjectPlanView.as_view(), name="plan"),
    path("unit/", views.UnitProjectListView.as_view(), name="unit_projects"),
    path("unit/<int:pk>/", views.UnitProjectView.as_view(), name="unit_project"),
    path("sittings/", views.SittingListView.as_view(), name="sittings"),
    path("sittings/<int:pk>/", views.SittingDetailView.as_view(), name="sitting"),
    path("sittings/<int:pk>/vote/", views.VoteEntryView.as_view(), name="vote"),
    path("sittings/<int:pk>/result/", views.ResultSheetView.as_view(), name="result"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("reviews/export/", views.ReviewExportView.as_view(), name="reviews_export"),
    path("reviews/record/", views.RecordReviewView.as_view(), name="record"),
    path("public/<str:region>/<int:year>/", views.public_progress, name="public"),
]
