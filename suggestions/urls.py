from django.urls import path

from . import views

app_name = "suggestions"
urlpatterns = [
    path("my/", views.my_suggestions, name="my"),
    path("new/", views.create, name="create"),
    path("new/similar/", views.similar_check, name="similar_check"),
    path("cosign-request/", views.request_cosign, name="request_cosign"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/supervision/", views.supervision, name="supervision"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/act/<slug:action>/", views.act, name="act"),
    path("board/", views.board, name="board"),
    path("key/", views.key_board, name="key"),
    path("units/", views.unit_progress, name="units"),
    path("groups/", views.groups, name="groups"),
    path("unit/", views.unit_list, name="unit"),
    path("public/", views.public_list, name="public"),
    path("public/<int:pk>/", views.public_detail, name="public_detail"),
]
