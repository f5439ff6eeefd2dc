"""Who takes part in an event, and how each is shown to a given viewer."""

from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from events.models.choices import ParticipantAttribution, ParticipantRole


class Participant(models.Model):
    """Someone taking part in an event, shown publicly only as they agreed."""

    Role = ParticipantRole
    Attribution = ParticipantAttribution

    # Roles that are named even under the Chatham House Rule (if they agreed to be).
    NAMED_UNDER_CHATHAM_HOUSE = {Role.MODERATOR, Role.RAPPORTEUR}

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("name"), max_length=200)
    affiliation = models.CharField(_("affiliation"), max_length=250, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PANELIST)
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_participations",
        verbose_name=_("member"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    attribution = models.CharField(
        _("attribution"),
        max_length=20,
        choices=Attribution.choices,
        default=Attribution.NAMED,
        help_text=_("What the participant agreed to have shown on the public page."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name

    def public_attribution(self, chatham_house_rule: bool) -> str:
        """How the public page shows this person: never more than they agreed to.

        Under the Chatham House Rule only the moderator and rapporteur may be named, and
        nobody's affiliation is shown, whatever they agreed to.
        """
        if self.attribution == self.Attribution.UNLISTED:
            return self.Attribution.UNLISTED
        if chatham_house_rule:
            named = (
                self.attribution == self.Attribution.NAMED
                and self.role in self.NAMED_UNDER_CHATHAM_HOUSE
            )
            return self.Attribution.NAMED if named else self.Attribution.UNLISTED
        return self.attribution


class ShownParticipant(NamedTuple):
    """A participant as one viewer may see them: empty strings for what is withheld."""

    participant: Participant
    role_label: str
    name: str
    affiliation: str
