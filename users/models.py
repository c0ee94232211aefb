from django.contrib.auth.models import AbstractUser
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """An editor or administrator of the portal.

    Our own model from the first migration, so that fields editors will need later (their
    agency, for instance) can be added without swapping the user model on a live database.
    Citizens do not have accounts: they comment without logging in.
    """

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
