from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from users import second_factor
from users.forms import CodeForm


def enrol(request):
    """Set up an authenticator app: scan the QR code (or type the secret), then type a code."""
    if second_factor.has_app(request.user):
        # One app per account; replacing it is an administrator's job (reset_second_factor),
        # so that a stolen password alone cannot swap in the thief's phone.
        return redirect(_verify_url(request) if not request.user.is_verified() else _next_url(request))
    device = second_factor.enrolment_device(request.user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if second_factor.confirm_enrolment(request, device, form.cleaned_data["code"]):
            messages.success(request, _("Your authenticator app is set up. Each sign-in will ask for its code."))
            return redirect(_next_url(request))
        form.add_error("code", _("That code is not right. Check the time on your phone and type the newest code."))
    context = {
        "form": form,
        "qr_code": second_factor.qr_code_svg(device),
        "secret": second_factor.typed_secret(device),
        # The otpauth:// address itself, for an editor enrolling on the phone she would scan with.
        "setup_url": device.config_url,
        "next": _next_url(request),
    }
    return TemplateResponse(request, "users/second_factor_enrol.html", context, status=400 if form.errors else 200)


def verify(request):
    """Type the code of the app enrolled earlier, once per login."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not second_factor.has_app(request.user):
        return redirect(reverse("users_second_factor_enrol") + "?" + request.GET.urlencode())
    form = CodeForm(request.POST or None)
    if form.is_valid():
        verified, locked_until = second_factor.verify(request, form.cleaned_data["code"])
        if verified:
            return redirect(_next_url(request))
        if locked_until:
            form.add_error(
                "code",
                _("Too many wrong codes. Wait until %(time)s, then type the newest code.")
                % {"time": time_format(timezone.localtime(locked_until), "H:i:s")},
            )
        else:
            form.add_error("code", _("That code is not right. Type the newest code your app shows."))
    context = {"form": form, "next": _next_url(request)}
    return TemplateResponse(request, "users/second_factor_verify.html", context, status=400 if form.errors else 200)


def _next_url(request):
    """Where the login was going, if it stays on this site; else the admin's dashboard."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


def _verify_url(request):
    return reverse("users_second_factor_verify") + "?" + request.GET.urlencode()
