from django.urls import path

from . import public_views, views

app_name = "citizen_messages"
urlpatterns = [
    # public
    path("", public_views.entry, name="entry"),
    path("track/", public_views.track, name="track"),
    path("track/rate/", public_views.rate, name="rate"),
    # the deputy's inbox
    path("inbox/", views.InboxView.as_view(), name="inbox"),
    path("inbox/<int:pk>/", views.InboxDetailView.as_view(), name="inbox_detail"),
    path("inbox/qr.<str:fmt>", views.MyQrView.as_view(), name="my_qr"),
    # a unit's staff
    path("unit/", views.UnitInboxView.as_view(), name="unit_inbox"),
    path("unit/<int:pk>/", views.UnitMessageView.as_view(), name="unit_detail"),
    # staff
    path("staff/", views.StaffListView.as_view(), name="staff_list"),
    path("staff/<int:pk>/", views.StaffDetailView.as_view(), name="staff_detail"),
    path("staff/stats/", views.StatsView.as_view(), name="stats"),
    path("staff/qr/", views.TokenListView.as_view(), name="tokens"),
    path("staff/qr/<int:deputy>.<str:fmt>", views.TokenDownloadView.as_view(), name="token_download"),
    path("staff/qr/sheet.pdf", views.CardSheetView.as_view(), name="card_sheet"),
]
