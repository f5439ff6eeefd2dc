"""Background jobs of the documents app: telling followers of a recommendation's news."""

from documents import follows
from powg.jobs import job


@job()
def tell_followers(*, update_id: int) -> int:
    """Queue one email job per follower of a status update; returns how many.

    One job per person, so a mail server that fails halfway retries only the emails that
    did not leave.
    """
    user_ids = follows.follower_ids(update_id=update_id)
    if user_ids:
        email_follower.batch_defer(*({"update_id": update_id, "user_id": pk} for pk in user_ids))
    return len(user_ids)


@job()
def email_follower(*, update_id: int, user_id: int) -> bool:
    """Email one follower about one status update, in their language."""
    return follows.send_follow_email(update_id=update_id, user_id=user_id)
