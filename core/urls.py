"""The portal's file routes (core/files.py): one checked route per file field of every model, and a
public one for the fields a model declares public."""

from . import files

app_name = "core"
urlpatterns = files.urlpatterns()
