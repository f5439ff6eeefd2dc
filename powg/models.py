"""What the apps' models share (abstract bases), and the site-wide tables: the audit
log and the site's own pages."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Edited(models.Model):
    """Content the steering committee edits: when it was made, last changed, and by whom."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
        editable=False,
    )

    class Meta:
        abstract = True


class AuditAction(models.TextChoices):
    """The acts that matter, recorded by ``powg.audit.record``."""

    PUBLISH = "publish", _("Published")
    SCHEDULE = "schedule", _("Scheduled for publication")
    UNPUBLISH = "unpublish", _("Unpublished")
    ARCHIVE = "archive", _("Archived")
    VISIBILITY = "visibility", _("Visibility changed")
    RESTORE = "restore", _("Revision restored")
    APPROVE = "approve", _("Membership approved")
    DECLINE = "decline", _("Membership declined")
    ROLE = "role", _("Role changed")
    ADMIN_LOGIN = "admin-login", _("Administrator logged in")
    IMPORT = "import", _("Archive imported")


class AuditEntry(models.Model):
    """One act that matters: who did what to which object, when. Written only by
    ``powg.audit.record``; never edited."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # Kept as text too: the entry outlives the account or the object.
    actor_label = models.CharField(_("who"), max_length=300, blank=True)
    action = models.CharField(_("act"), max_length=20, choices=AuditAction.choices, db_index=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kind of object"),
    )
    object_id = models.CharField(_("object"), max_length=64, blank=True)
    object_label = models.CharField(_("object"), max_length=500, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.get_action_display()}"


class SitePageName(models.TextChoices):
    ABOUT = "about", _("About the working group")
    PRIVACY = "privacy", _("Privacy notice")
    HOME = "home", _("Home page introduction")


class SitePage(Edited):
    """A page of the site's own text, in both languages, as Markdown (About, privacy
    notice, the home page's introduction): edited on the site, with its revisions."""

    name = models.CharField(_("page"), max_length=20, choices=SitePageName.choices, unique=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    body = models.TextField(_("text"), blank=True, help_text=_("Markdown."))
    body_fr = models.TextField(_("text (French)"), blank=True, help_text=_("Markdown."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")

    def __str__(self):
        return self.get_name_display()
