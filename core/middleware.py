from django.conf import settings


class AdminContentSecurityPolicyMiddleware:
    """Give the Wagtail admin its own, looser Content Security Policy.

    Public pages keep the strict `SECURE_CSP` (no inline script or style). The admin, used only
    by logged-in editors, still depends on inline code and framed previews, so its responses get
    `ADMIN_CSP`. Django's CSP middleware reads `response._csp_config`, the same attribute its
    `csp_override` decorator sets; this middleware must sit below it in MIDDLEWARE.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(settings.ADMIN_URL_PREFIXES):
            response._csp_config = settings.ADMIN_CSP
        return response
