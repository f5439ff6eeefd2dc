from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from members.models import Organization
from powg.roles import is_member


@require_safe
@login_required
def directory(request):
    """The members' directory (members only)."""
    if not is_member(request.user):
        raise PermissionDenied
    return render(request, "members/directory.html")


@require_safe
def organization_list(request):
    """Member organizations of the working group."""
    organizations = Organization.objects.exclude(membership=Organization.Membership.NONE)
    return render(request, "members/organization_list.html", {"organizations": organizations})


@require_safe
def organization_detail(request, slug):
    """One organization."""
    organization = get_object_or_404(Organization, slug=slug)
    return render(request, "members/organization_detail.html", {"organization": organization})
