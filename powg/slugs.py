"""Stable addresses: a changed slug keeps its old address as a permanent redirect.

A model with a page inherits ``KeepsOldSlugs`` and names its history model, an
``OldSlug`` subclass with a foreign key to it (``related_name="old_slugs"``). Saving
with a new slug records the old one (and frees the new one from the history); the
view calls ``find_by_slug``, which answers an old address with a 301 to the same
sub-page at the new one, and only for an item the visitor may see.
"""

from django.db import models
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _


class OldSlug(models.Model):
    """A slug an item used to have."""

    slug = models.SlugField(_("old slug"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        abstract = True
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")

    def __str__(self):
        return self.slug


class KeepsOldSlugs(models.Model):
    """Remembers the slug read from the database, so a change can be recorded."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        history = self.old_slugs
        old_slug = getattr(self, "_loaded_slug", None)
        if old_slug and old_slug != self.slug:
            history.model.objects.update_or_create(
                slug=old_slug, defaults={history.field.name: self}
            )
        history.model.objects.filter(slug=self.slug).delete()
        self._loaded_slug = self.slug

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # __dict__, not the attribute: a deferred slug must not cost a query per row.
        instance._loaded_slug = instance.__dict__.get("slug")
        return instance


def find_by_slug(request, visible, slug):
    """``(item, None)`` for the visible item at ``slug``; ``(None, redirect)`` from an old one.

    ``(None, None)`` when neither: the view then answers 404 (or its announced notice).
    ``visible`` is the ``visible_to(request.user)`` queryset the page reads from.
    """
    item = visible.filter(slug=slug).first()
    if item is not None:
        return item, None
    relation = visible.model.old_slugs.rel
    owner_ids = relation.related_model.objects.filter(slug=slug).values(relation.field.attname)
    target = (
        visible.select_related(None)
        .prefetch_related(None)
        .filter(pk__in=owner_ids)
        .only("slug")
        .first()
    )
    if target is None:
        return None, None
    new_path = request.path.replace(f"/{slug}/", f"/{target.slug}/", 1)
    query = request.META.get("QUERY_STRING")
    return None, redirect(f"{new_path}?{query}" if query else new_path, permanent=True)


def free_slug(queryset, base: str, *, reserved=frozenset()) -> str:
    """``base``, or ``base-2``, ``base-3``... the first that no row of ``queryset`` uses
    and that is not ``reserved`` (one query)."""
    taken = set(queryset.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken or slug in reserved:
        number += 1
        slug = f"{base}-{number}"
    return slug
