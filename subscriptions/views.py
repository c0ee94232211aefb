"""The public side of subscriptions: the form, the confirmation link, the page to manage one's
subscriptions and the one-click unsubscribe. None of them is ever page-cached (they use the
CSRF token, or speak to one address's owner); none shows the address in full."""

from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.http import client_address

from . import services
from .forms import FrequencyForm, SubscribeForm
from .models import Subscriber


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request):
    """The form: GET shows it (preselected by `?area=`, `?sector=`, `?agency=`, `?page=`), POST
    records the wish and sends the confirmation."""
    if request.method == "POST":
        target_page = SubscribeForm.page_from(request.POST)
        form = SubscribeForm(request.POST, target_page=target_page)
        if form.is_honeypot_filled:
            return HttpResponseRedirect(reverse("subscriptions:sent"))
        if form.is_valid():
            try:
                services.subscribe(
                    form.cleaned_data["email"],
                    form.targets(),
                    form.cleaned_data["frequency"],
                    client_address(request),
                )
            except services.Refusal as refusal:
                form.add_error(None, str(refusal))
            else:
                return HttpResponseRedirect(reverse("subscriptions:sent"))
        status = 400
    else:
        target_page = SubscribeForm.page_from(request.GET)
        form = SubscribeForm(initial=SubscribeForm.initial_from(request.GET), target_page=target_page)
        status = 200
    return TemplateResponse(
        request,
        "subscriptions/subscribe.html",
        {"form": form, "target_page": target_page},
        status=status,
    )


@never_cache
def sent(request):
    return TemplateResponse(request, "subscriptions/sent.html", {"days": services.UNCONFIRMED_DAYS})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """The link in the confirmation message. A GET only shows the button, since mail scanners
    open every link in a message (and would confirm an address typed in by a stranger); the
    person's press of it (a POST) confirms, and shows what the address now follows."""
    subscriber = Subscriber.objects.filter(token=token).first()
    if subscriber is None:
        return TemplateResponse(request, "subscriptions/unknown.html", status=404)
    if request.method == "POST":
        services.confirm(token)
        return HttpResponseRedirect(reverse("subscriptions:manage", args=[token]) + "?confirmed=1")
    waiting = subscriber.subscriptions.filter(confirmed_at=None).select_related("sector", "area", "agency", "page")
    return TemplateResponse(request, "subscriptions/confirm.html", {"waiting": waiting})


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request, token):
    """See one's subscriptions, change how often, stop one, or leave altogether."""
    subscriber = Subscriber.objects.filter(token=token).first()
    if subscriber is None:
        return TemplateResponse(request, "subscriptions/unknown.html", status=404)
    form = FrequencyForm(instance=subscriber)
    message = ""
    if request.GET.get("confirmed"):
        message = "confirmed"
    if request.method == "POST":
        if "remove" in request.POST:
            remove = request.POST["remove"]
            if remove.isdigit() and services.remove_subscription(subscriber, int(remove)):
                return HttpResponseRedirect(reverse("subscriptions:unsubscribed"))
            return HttpResponseRedirect(request.path + "?removed=1")
        form = FrequencyForm(request.POST, instance=subscriber)
        if form.is_valid():
            form.save()
            return HttpResponseRedirect(request.path + "?saved=1")
    if request.GET.get("saved"):
        message = "saved"
    if request.GET.get("removed"):
        message = "removed"
    subscriptions = subscriber.subscriptions.select_related("sector", "area__merged_into", "agency", "page")
    return TemplateResponse(
        request,
        "subscriptions/manage.html",
        {"subscriber": subscriber, "subscriptions": subscriptions, "form": form, "message": message},
    )


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One-click unsubscribe (RFC 8058). A mail client POSTs `List-Unsubscribe=One-Click` to this
    address without any CSRF token, so the view is exempt; the secret token in the address is
    what authorises it, and repeating it changes nothing. A GET (mail scanners follow links)
    only shows the button."""
    if request.method == "POST":
        services.unsubscribe(token)
        if "confirm" in request.POST:  # the button on the page below
            return HttpResponseRedirect(reverse("subscriptions:unsubscribed"))
        return TemplateResponse(request, "subscriptions/unsubscribed.html")
    known = Subscriber.objects.filter(token=token).exists()
    return TemplateResponse(request, "subscriptions/unsubscribe.html", {"known": known})


@never_cache
def unsubscribed(request):
    return TemplateResponse(request, "subscriptions/unsubscribed.html")
