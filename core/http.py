from django.conf import settings


def client_address(request):
    """The visitor's IP address, taking the configured number of trusted proxies into account.

    Behind nginx every request comes from 127.0.0.1; the proxy appends the real address to
    X-Forwarded-For. Only the entries our own proxies added are trusted.
    """
    proxies = settings.NUM_PROXIES
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
