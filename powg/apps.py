from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PowgConfig(AppConfig):
    name = "powg"
    verbose_name = _("Site")
