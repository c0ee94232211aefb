"""What django-axes asks of the project: the page of a lock-out (the address is core.http's)."""

import math

from axes.helpers import get_cool_off

from django.shortcuts import render


def locked_out(request, original_response=None, credentials=None):
    """The page shown instead of the login form while a username and address are locked out.

    In Vietnamese, inside the admin's frame, saying how long to wait and who can lift the lock;
    429 so that scripts and monitoring see a refusal, not a page that worked.
    """
    minutes = math.ceil(get_cool_off(request).total_seconds() / 60)
    return render(request, "users/locked_out.html", {"minutes": minutes}, status=429)
