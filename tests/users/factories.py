"""Admin accounts for the tests of signing in."""

from django.contrib.auth.models import Permission

from users.models import User

PASSWORD = "mat-khau-bien-tap-2026"


def editor(username="bientap", password=PASSWORD):
    """Someone who may enter the admin: every such account is held to the same sign-in rules."""
    user = User.objects.create_user(username, email=f"{username}@hatinh.gov.vn", password=password)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


def sign_in(client, username="bientap", password=PASSWORD, **extra):
    """Post the admin's login form, as a browser would."""
    return client.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"}, **extra)
