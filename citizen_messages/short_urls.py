from django.urls import path

from . import public_views

# Short public URLs at the root: /d/<token>/ keeps the QR code small.
urlpatterns = [
    path("d/<str:token>/", public_views.message_page, name="citizen_message_page"),
]
