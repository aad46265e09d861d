from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitizenMessagesConfig(AppConfig):
    name = "citizen_messages"
    verbose_name = _("民意直通车")
