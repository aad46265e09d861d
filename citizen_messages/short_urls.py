from django.urls import path  # noqa: F401

# Short public URLs at the root: /d/<token>/ keeps the QR code small.
urlpatterns = []
