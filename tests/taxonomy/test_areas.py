"""Administrative units valid between two dates: the 2025 reorganisation abolished districts on
30 June and created merged communes on 1 July. Forms offer the units that exist on the day."""

import datetime

import pytest

from taxonomy.models import Area
from tests.taxonomy.factories import AreaFactory

pytestmark = pytest.mark.django_db

LAST_DAY_OF_DISTRICTS = datetime.date(2025, 6, 30)
FIRST_DAY_OF_NEW_COMMUNES = datetime.date(2025, 7, 1)
ONE_DAY = datetime.timedelta(days=1)


@pytest.fixture
def areas():
    return {
        "district": AreaFactory(name="Huyện Can Lộc", level=Area.Level.DISTRICT, valid_to=LAST_DAY_OF_DISTRICTS),
        "commune": AreaFactory(name="Xã Đồng Lộc", level=Area.Level.COMMUNE, valid_from=FIRST_DAY_OF_NEW_COMMUNES),
        "province": AreaFactory(name="Tỉnh Hà Tĩnh", level=Area.Level.PROVINCE),
    }


def names_valid_on(day):
    return set(Area.objects.valid_on(day).values_list("name", flat=True))


def test_an_abolished_district_is_valid_on_its_last_day_and_not_the_next(areas):
    district = areas["district"]
    assert district.is_valid_on(LAST_DAY_OF_DISTRICTS)
    assert not district.is_valid_on(LAST_DAY_OF_DISTRICTS + ONE_DAY)
    assert "Huyện Can Lộc" in names_valid_on(LAST_DAY_OF_DISTRICTS)
    assert "Huyện Can Lộc" not in names_valid_on(LAST_DAY_OF_DISTRICTS + ONE_DAY)


def test_a_new_commune_is_not_valid_the_day_before_it_was_created(areas):
    commune = areas["commune"]
    assert not commune.is_valid_on(FIRST_DAY_OF_NEW_COMMUNES - ONE_DAY)
    assert commune.is_valid_on(FIRST_DAY_OF_NEW_COMMUNES)
    assert "Xã Đồng Lộc" not in names_valid_on(FIRST_DAY_OF_NEW_COMMUNES - ONE_DAY)
    assert "Xã Đồng Lộc" in names_valid_on(FIRST_DAY_OF_NEW_COMMUNES)


@pytest.mark.parametrize("day", [datetime.date(1991, 10, 12), LAST_DAY_OF_DISTRICTS, datetime.date(2099, 1, 1)])
def test_a_unit_without_dates_is_valid_on_any_day(areas, day):
    assert areas["province"].is_valid_on(day)
    assert "Tỉnh Hà Tĩnh" in names_valid_on(day)


@pytest.mark.parametrize(
    "day",
    [
        datetime.date(2020, 1, 1),
        LAST_DAY_OF_DISTRICTS - ONE_DAY,
        LAST_DAY_OF_DISTRICTS,
        FIRST_DAY_OF_NEW_COMMUNES,
        FIRST_DAY_OF_NEW_COMMUNES + ONE_DAY,
        datetime.date(2030, 1, 1),
    ],
)
def test_the_database_filter_and_the_method_agree(areas, day):
    """The comment form lists units with the filter; pages check a unit with the method."""
    by_method = {area.name for area in Area.objects.all() if area.is_valid_on(day)}
    assert names_valid_on(day) == by_method
    # Before the reorganisation, the district; after it, the commune; the province throughout.
    expected = {"Tỉnh Hà Tĩnh", "Huyện Can Lộc" if day <= LAST_DAY_OF_DISTRICTS else "Xã Đồng Lộc"}
    assert by_method == expected
