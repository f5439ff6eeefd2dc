"""Demo events (filled in with the events app)."""


def load(log):
    """Nothing yet: the events app adds its demo events here."""
