"""The demo gives a newcomer one editor, one moderator and one leader of one agency to try."""

import pytest

from home.demo import DEMO_AGENCY, ensure_demo_staff
from taxonomy.roles import agencies_of
from tests.taxonomy.factories import AgencyFactory
from users.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_agency_has_an_editor_a_moderator_and_a_leader(site_tree):
    agency = AgencyFactory(name=DEMO_AGENCY, slug="so-xay-dung")
    staff = ensure_demo_staff("mat-khau-demo")
    assert [(username, role.value) for username, role in staff] == [
        ("sxd-bientap", "editor"),
        ("sxd-kiemduyet", "moderator"),
        ("sxd-lanhdao", "leader"),
    ]
    for username, role in staff:
        user = User.objects.get(username=username)
        assert user.check_password("mat-khau-demo")
        assert list(agencies_of(user, role)) == [agency]
        assert not user.is_superuser
    # Again: the same three people, nothing more.
    ensure_demo_staff("mat-khau-demo")
    assert User.objects.count() == 3
