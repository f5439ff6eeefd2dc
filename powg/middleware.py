from django.utils.cache import patch_cache_control, patch_vary_headers


class PrivateForAuthenticatedMiddleware:
    """Mark every response to a logged-in user ``Cache-Control: private``.

    Such pages carry the user's name and may show members-only content, so no shared
    cache may keep them. Views that need stricter rules (``no-store``) set them themselves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ["Cookie"])
        return response
