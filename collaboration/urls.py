from django.urls import path

from . import views

app_name = "collaboration"

urlpatterns = [
    path("", views.CollaborationListView.as_view(), name="list"),
    path("<int:pk>/", views.CollaborationDetailView.as_view(), name="detail"),
    path("<int:pk>/items/", views.ItemListView.as_view(), name="items"),
    path("<int:pk>/disputes/", views.DisputeListView.as_view(), name="disputes"),
    path("<int:pk>/activities/", views.ActivityListView.as_view(), name="activities"),
    path("<int:pk>/items.xlsx", views.ExportView.as_view(what="items"), name="export_items"),
    path("<int:pk>/disputes.xlsx", views.ExportView.as_view(what="disputes"), name="export_disputes"),
    path("<int:pk>/activities.xlsx", views.ExportView.as_view(what="activities"), name="export_activities"),
    path("<int:pk>/meetings/new/", views.MeetingCreateView.as_view(), name="meeting_new"),
    path("<int:pk>/activities/new/", views.ActivityCreateView.as_view(), name="activity_new"),
    path("<int:pk>/documents/", views.DocumentUploadView.as_view(), name="upload"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting"),
    path("meetings/<int:pk>/attendance/", views.AttendanceView.as_view(), name="attendance"),
    path("items/<int:pk>/", views.ItemDetailView.as_view(), name="item"),
    path("items/<int:pk>/<str:action>/", views.ItemActionView.as_view(), name="item_action"),
]
