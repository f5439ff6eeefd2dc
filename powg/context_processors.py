from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from powg.roles import is_member, is_steering


def site(request):
    """Site-wide template context; role checks are lazy (called only if a template asks)."""
    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    other = "fr" if current == "en" else "en"
    path = request.get_full_path()
    return {
        "contact_email": settings.CONTACT_EMAIL,
        "other_language": other,
        "other_language_url": translate_url(path, other),
        "canonical_url": request.build_absolute_uri(request.path),
        "user_is_member": lambda: is_member(request.user),
        "user_is_steering": lambda: is_steering(request.user),
    }
