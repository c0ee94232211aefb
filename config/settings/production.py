"""Production: everything from the environment, HTTPS only.

Refuses to start without SECRET_KEY (base.py) or ALLOWED_HOSTS.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, env_bool

if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set. Set it to the site's host names, comma-separated "
        "(for example: ALLOWED_HOSTS=thamvan.hatinh.gov.vn)."
    )

# TLS is terminated by the reverse proxy (site/nginx.conf.example), which sets this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Only a header flag: joining the browsers' preload list is a separate, deliberate submission.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Every admin account confirms each login with a code from an authenticator app; no variable
# turns this off (README "Admin accounts").
ADMIN_REQUIRE_SECOND_FACTOR = True
