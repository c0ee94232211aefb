"""What django-axes asks of the project: the visitor's address, and the page of a lock-out."""

import math

from axes.helpers import get_cool_off

from django.shortcuts import render

from core.http import client_address


def client_ip(request):
    """The address failed logins are counted against: the visitor's, behind our proxies."""
    return client_address(request)


def locked_out(request, original_response=None, credentials=None):
    """The page shown instead of the login form while a username and address are locked out.

    In Vietnamese, inside the admin's frame, saying how long to wait and who can lift the lock;
    429 so that scripts and monitoring see a refusal, not a page that worked.
    """
    minutes = math.ceil(get_cool_off(request).total_seconds() / 60)
    return render(request, "users/locked_out.html", {"minutes": minutes}, status=429)
