"""Admin pieces every app's admin shares."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class OldSlugInline(admin.TabularInline):
    """An item's old addresses (``powg.slugs.OldSlug``), which redirect to it; set ``model``."""

    extra = 0
    fields = ["slug", "created_at"]
    readonly_fields = ["created_at"]
    verbose_name_plural = _("old addresses (they redirect here)")


def _keep_authenticator_secrets_out_of_the_admin():
    """allauth's Authenticator admin shows and edits ``data``: TOTP secrets, recovery seeds.

    An admin may see who has which factor and delete one (a lost phone: the account is
    then sent to set up a new one), never read or change a secret.
    """
    from allauth.mfa.admin import AuthenticatorAdmin
    from allauth.mfa.models import Authenticator

    class FactorAdmin(AuthenticatorAdmin):
        fields = ["user", "type", "created_at", "last_used_at"]
        readonly_fields = fields

        def has_add_permission(self, request):
            return False

        def has_change_permission(self, request, obj=None):
            return False

    if admin.site.is_registered(Authenticator):
        admin.site.unregister(Authenticator)
    admin.site.register(Authenticator, FactorAdmin)


_keep_authenticator_secrets_out_of_the_admin()
