"""The second factor of an admin login: a code from an authenticator app (TOTP, django-otp).

Required of every account when `ADMIN_REQUIRE_SECOND_FACTOR` is on (production); otherwise
only of accounts that have enrolled an app.
"""

from base64 import b32encode

import django_otp
import segno
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.conf import settings
from django.db import transaction
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _


def required_for(user):
    return settings.ADMIN_REQUIRE_SECOND_FACTOR or has_app(user)


def has_app(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending(user):
    """Logged in with a password, but the second factor this account needs is not done yet."""
    return user.is_authenticated and not user.is_verified() and required_for(user)


def enrolment_device(user):
    """The app being enrolled: the same secret until it is confirmed, so reloading the page
    does not invalidate a QR code already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def qr_code_svg(device):
    """The device's otpauth:// address as an inline SVG QR code, drawn here (no outside service).

    Safe markup: segno writes only paths, and escapes the title.
    """
    code = segno.make(device.config_url, error="m")
    svg = code.svg_inline(
        border=4, light="#fff", dark="#000", omitsize=True, title=_("QR code for your authenticator app")
    )
    # No fixed size: it fills the column, as wide as a 320 px phone allows and no wider.
    return mark_safe(svg.replace("<svg ", '<svg role="img" width="100%" ', 1))  # noqa: S308


def typed_secret(device):
    """The secret for typing into an app by hand, in groups of four letters."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def confirm_enrolment(request, device, token):
    """Confirm the app being enrolled if the code is right, and count this login as verified."""
    if not device.verify_token(_digits(token)):
        return False
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    django_otp.login(request, device)
    return True


def verify(request, token):
    """Check a code against the account's apps. Returns (verified, locked_until): after wrong
    codes django-otp makes the account wait, doubling each time; locked_until says till when."""
    locked_until = None
    for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
        allowed, data = device.verify_is_allowed()
        if not allowed:
            locked_until = (data or {}).get("locked_until")
            continue
        if device.verify_token(_digits(token)):
            django_otp.login(request, device)
            return True, None
    return False, locked_until


def reset(user):
    """Remove an account's apps (a lost phone): the next login enrols a new one."""
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    return deleted


def _digits(token):
    # Apps show the code as "123 456"; people type it so.
    return "".join((token or "").split())
