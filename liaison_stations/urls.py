from django.urls import path

from . import views

app_name = "liaison_stations"
urlpatterns = [
    path("", views.PlaceListView.as_view(), name="places"),
    path("<int:pk>/", views.PlaceDetailView.as_view(), name="place"),
    path("<int:pk>/rota/", views.RotaView.as_view(), name="rota"),
    path("<int:pk>/rota/<int:year>/<int:month>/", views.RotaView.as_view(), name="rota_month"),
    path("<int:pk>/rota/generate/", views.RotaGenerateView.as_view(), name="rota_generate"),
    path("<int:pk>/receptions/new/", views.ReceptionCreateView.as_view(), name="reception_new"),
    path("<int:pk>/activities/new/", views.StationActivityCreateView.as_view(), name="activity_new"),
    path("duties/attention/", views.AttentionListView.as_view(), name="attention"),
    path("duties/mine/", views.MyDutiesView.as_view(), name="my_duties"),
    path("duties/<int:pk>/swap/", views.DutySwapView.as_view(), name="duty_swap"),
    path("duties/<int:pk>/request-swap/", views.SwapRequestView.as_view(), name="request_swap"),
    path("swaps/", views.SwapRequestListView.as_view(), name="swaps"),
    path("swaps/<int:pk>/decide/", views.SwapDecideView.as_view(), name="swap_decide"),
    path("duties/<int:pk>/delete/", views.DutyDeleteView.as_view(), name="duty_delete"),
    path("duties/<int:pk>/attendance/", views.DutyAttendanceView.as_view(), name="duty_attendance"),
    path("duties/<int:pk>/confirm/", views.confirm_duty, name="duty_confirm"),
    path("opinions/", views.OpinionListView.as_view(), name="opinions"),
    path("opinions/<int:pk>/", views.OpinionDetailView.as_view(), name="opinion"),
    path("opinions/unit/", views.UnitOpinionListView.as_view(), name="unit_opinions"),
    path("opinions/unit/<int:pk>/", views.UnitOpinionView.as_view(), name="unit_opinion"),
    path("activities/", views.StationActivityListView.as_view(), name="activities"),
    path("s/<str:key>/", views.public_place, name="public"),
]
