from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is closed: membership comes through an application the steering committee reviews."""

    def is_open_for_signup(self, request):
        return False
