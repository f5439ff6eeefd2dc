"""Checks on uploaded organization logos: a real raster image, small, never SVG."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from powg.formats import filesize

ALLOWED_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
MAX_PIXELS = 4000 * 4000


def logo_max_bytes():
    return getattr(settings, "ORGANIZATION_LOGO_MAX_BYTES", 1024 * 1024)


def validate_logo(file):
    """Read the file's content with Pillow; its name and declared type prove nothing."""
    limit = logo_max_bytes()
    if file.size > limit:
        raise ValidationError(
            _("The logo is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesize(file.size), "limit": filesize(limit)},
            code="too_large",
        )
    position = file.tell() if hasattr(file, "tell") else None
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("This file is not an image we can read. Upload a PNG, JPEG, GIF or WebP file."),
            code="not_an_image",
        ) from None
    finally:
        if position is not None:
            file.seek(position)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("Logos must be PNG, JPEG, GIF or WebP images (SVG is not accepted)."),
            code="bad_format",
        )
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _("The logo is too large in pixels; at most 4000 by 4000."), code="too_many_pixels"
        )
    return image_format
