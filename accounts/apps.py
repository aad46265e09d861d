from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_migrate, post_save, pre_save
from django.utils.translation import gettext_lazy as _

from core.registry import NavItem

from .roles import ADMIN_SITE_ROLES


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("用户与区划")

    nav = [
        NavItem(
            "admin",
            _("管理后台"),
            "admin:index",
            "gear",
            roles=tuple(ADMIN_SITE_ROLES),
            order=900,
            description=_("维护代表、联络站、区划、用户等基础数据"),
        )
    ]

    @property
    def role_permissions(self):
        from .roles import ACCOUNTS_ROLE_PERMISSIONS

        return ACCOUNTS_ROLE_PERMISSIONS

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
        from django.urls.converters import IntConverter

        from . import signals

        # Every `<int:…>` in a URL names a row by a 64-bit id: 19 digits or more can name nothing,
        # and handed to a foreign-key lookup they overflow the database driver (a 500 on the QR
        # image URL with a 20-digit id). Bounding the converter answers 404 for all URLs at once;
        # register_converter() may no longer replace a built-in converter, hence the attribute.
        IntConverter.regex = "[0-9]{1,18}"
        _bound_multiple_choice_ids()
        from .roles import sync_role_permissions

        post_migrate.connect(sync_role_permissions, dispatch_uid="accounts.sync_role_permissions")
        User = self.get_model("User")
        m2m_changed.connect(
            signals.guard_exclusive_roles,
            sender=User.groups.through,
            dispatch_uid="accounts.guard_exclusive_roles",
        )
        # The security audit trail (accounts/audit.py) and the end of a disabled account's sessions.
        m2m_changed.connect(signals.record_role_change, sender=User.groups.through, dispatch_uid="accounts.audit_roles")
        pre_save.connect(signals._was_active, sender=User, dispatch_uid="accounts.was_active")
        post_save.connect(signals.after_user_saved, sender=User, dispatch_uid="accounts.after_user_saved")
        user_logged_in.connect(signals.record_login, dispatch_uid="accounts.audit_login")
        user_logged_out.connect(signals.record_logout, dispatch_uid="accounts.audit_logout")
        user_login_failed.connect(signals.record_login_failed, dispatch_uid="accounts.audit_login_failed")
        user_locked_out.connect(signals.record_lockout, dispatch_uid="accounts.audit_lockout")


def _bound_multiple_choice_ids():
    """A multiple choice of records (cosigners, pools, units) posted with a 20-digit id reached the
    database as `pk IN (…)` and overflowed it (a 500 found by Hypothesis). Every such field now
    refuses a value that is no 64-bit id with its own "not a valid value" error, before any query."""
    from django.core.exceptions import ValidationError
    from django.db.models import AutoField, BigIntegerField, IntegerField
    from django.forms.models import ModelMultipleChoiceField

    from .http import parse_id

    original = ModelMultipleChoiceField._check_values
    if getattr(original, "bounded", False):
        return

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        field = self.queryset.model._meta.pk if key == "pk" else self.queryset.model._meta.get_field(key)
        if isinstance(field, AutoField | IntegerField | BigIntegerField):
            for pk in value:
                if parse_id(str(pk)) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
        return original(self, value)

    _check_values.bounded = True
    ModelMultipleChoiceField._check_values = _check_values
