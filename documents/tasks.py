"""Background jobs of the documents app: telling followers of a recommendation's news, and
the email alerts by theme (confirmations and digests)."""

from documents import alerts, archive, follows, ocr, thumbnails
from powg.jobs import DAILY_RETRY, job, periodic


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


# --- email alerts (documents.alerts) ---------------------------------------------------


@job()
def email_alert_confirmation(*, subscription_id: int) -> bool:
    """The double opt-in email of a new alert subscription, with its signed link."""
    return alerts.send_confirmation(subscription_id=subscription_id)


@job()
def email_alert_preferences(*, subscription_id: int) -> bool:
    """A confirmed subscriber asked again: the link to their preferences."""
    return alerts.send_preferences_link(subscription_id=subscription_id)


@job()
def email_alert_digest(*, subscription_id: int, document_ids: list[int]) -> bool:
    """One subscriber's digest of the papers recorded for it."""
    return alerts.send_digest(subscription_id=subscription_id, document_ids=document_ids)


# 11:00 UTC is 6 a.m. in Toronto in winter (7 a.m. in summer): the digest is waiting
# in the morning. Weekly subscriptions are due on the seventh day after their last one.
@periodic(cron="0 11 * * *")
def queue_alert_digests(*, timestamp: int) -> dict:
    """Prepare every alert digest due: record its papers and queue its email."""
    return alerts.queue_due_digests()


# --- the archive: text recognition, cover thumbnails, imports (documents.archive) -------


@job(retry=DAILY_RETRY)
def recognise_text(*, document_id: int) -> str:
    """Recognise the text of a scanned PDF (OCR) for search; returns the new state."""
    return ocr.recognise_document(document_id)


@job(retry=DAILY_RETRY)
def render_thumbnail(*, document_id: int) -> bool:
    """Render a PDF's first page as its cover thumbnail; False when it cannot be."""
    return thumbnails.render_for(document_id)


@job(retry=DAILY_RETRY)
def analyse_archive(*, batch_id: int) -> int:
    """Read the files of an uploaded archive for its preview; returns the rows made."""
    return archive.analyse_batch(batch_id)


@job(retry=DAILY_RETRY)
def import_archive(*, batch_id: int) -> dict:
    """Import the confirmed rows of an archive; returns the counts by outcome."""
    return archive.import_batch(batch_id)
