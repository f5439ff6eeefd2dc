from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_role_groups(sender, using="default", **kwargs):
    """Make sure the role groups exist.

    A data migration creates them, but the table flush after each transactional test
    (the e2e tests) empties them; Django sends post_migrate after a flush, so they come back.
    """
    from django.contrib.auth.models import Group

    from powg.roles import MEMBERS_GROUP, STEERING_GROUP

    for name in (MEMBERS_GROUP, STEERING_GROUP):
        Group.objects.using(using).get_or_create(name=name)


class PowgConfig(AppConfig):
    name = "powg"
    verbose_name = _("Site")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from powg.logs import connect_signals
        from powg.mfa import note_second_factor
        from powg.sessions import open_session_times

        post_migrate.connect(ensure_role_groups, sender=self)
        user_logged_in.connect(open_session_times, dispatch_uid="powg-session-times")
        user_logged_in.connect(note_second_factor, dispatch_uid="powg-mfa-factor")
        connect_signals()  # security events in the JSON log: logins, failures, MFA
