"""No form takes "every field": a ModelForm or ModelAdmin names the fields it edits (ASVS 5.1.2,
mass assignment). `fields = "__all__"` and `exclude` both let a field added to the model later
become editable without anybody deciding it."""

import gc
import importlib

from django import forms
from django.apps import apps
from django.contrib import admin

OUR_APPS = {"accounts", "notifications", "core", "deputies", "liaison_stations", "citizen_messages", "suggestions",
            "livelihood", "collaboration", "reports"}  # fmt: skip


def _ours(cls) -> bool:
    return cls.__module__.split(".")[0] in OUR_APPS


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _import_forms():
    for config in apps.get_app_configs():
        if config.name in OUR_APPS:
            for module in ("forms", "admin", "views"):
                try:
                    importlib.import_module(f"{config.name}.{module}")
                except ModuleNotFoundError:
                    pass


def test_no_model_form_takes_all_fields_or_excludes():
    _import_forms()
    offenders = []
    for form in _subclasses(forms.ModelForm):
        meta = getattr(form, "Meta", None)
        if not _ours(form) or meta is None:
            continue
        if getattr(meta, "fields", None) == "__all__" or getattr(meta, "exclude", None):
            offenders.append(f"{form.__module__}.{form.__qualname__}")
    assert not offenders, offenders


def test_no_model_admin_takes_all_fields_or_excludes():
    offenders = []
    for model, model_admin in admin.site._registry.items():
        checked = [model_admin, *model_admin.inlines]
        for item in checked:
            name = f"{model._meta.label} {getattr(item, '__name__', type(item).__name__)}"
            if getattr(item, "fields", None) == "__all__" or getattr(item, "exclude", None):
                offenders.append(name)
            form_meta = getattr(getattr(item, "form", None), "Meta", None)
            if (
                form_meta is not None
                and _ours(item.form)
                and (getattr(form_meta, "fields", None) == "__all__" or getattr(form_meta, "exclude", None))
            ):
                offenders.append(f"{name} form")
    assert not offenders, offenders


def test_the_meta_test_sees_an_offender():
    class Sneaky(forms.ModelForm):
        class Meta:
            model = apps.get_model("accounts", "Unit")
            fields = "__all__"  # noqa: DJ007 (the offender the meta-test must see)

    Sneaky.__module__ = "accounts.forms"
    try:
        test_no_model_form_takes_all_fields_or_excludes()
    except AssertionError as exc:
        assert "Sneaky" in str(exc)
    else:
        raise AssertionError("the meta-test missed a form with fields = '__all__'")
    finally:
        # Forget the class, so the real meta-test never sees it in ModelForm.__subclasses__().
        del Sneaky
        gc.collect()
