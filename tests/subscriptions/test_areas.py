"""After the 2025 merger a subscription follows the unit that exists now (one rule:
subscriptions.services.covered_area_ids)."""

import pytest

from home.setup import ensure_taxonomy
from subscriptions.services import covered_area_ids
from taxonomy.models import Area
from tests.taxonomy.factories import AreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def merger():
    new = AreaFactory(name="Xã Thạch Khê")
    old_a = AreaFactory(name="Xã Thạch Đỉnh", merged_into=new)
    old_b = AreaFactory(name="Xã Thạch Hải", merged_into=new)
    older = AreaFactory(name="Xã Thạch Lạc cũ", merged_into=old_a)  # merged once before 2025
    other = AreaFactory(name="Phường Thành Sen")
    return {"new": new, "old_a": old_a, "old_b": old_b, "older": older, "other": other}


def ids(merger, *names):
    return {merger[name].pk for name in names}


def test_a_subscription_to_a_merged_commune_follows_its_successor_and_all_it_was_made_of(merger):
    assert covered_area_ids([merger["old_a"].pk]) == ids(merger, "new", "old_a", "old_b", "older")


def test_a_subscription_to_the_successor_hears_of_items_still_tagged_with_the_old_communes(merger):
    assert covered_area_ids([merger["new"].pk]) == ids(merger, "new", "old_a", "old_b", "older")


def test_a_unit_never_merged_covers_itself_only(merger):
    assert covered_area_ids([merger["other"].pk]) == ids(merger, "other")


def test_a_loop_typed_by_mistake_does_not_hang(merger):
    merger["new"].merged_into = merger["old_a"]
    merger["new"].save()
    assert merger["new"].pk in covered_area_ids([merger["old_b"].pk])


def test_a_taxonomy_file_names_the_unit_an_area_was_merged_into():
    ensure_taxonomy(
        Area,
        [
            {"name": "Xã Thạch Khê", "level": "commune", "valid_from": "2025-07-01"},
            {"name": "Xã Thạch Đỉnh", "level": "commune", "valid_to": "2025-06-30", "merged_into": "Xã Thạch Khê"},
        ],
    )
    assert Area.objects.get(name="Xã Thạch Đỉnh").merged_into == Area.objects.get(name="Xã Thạch Khê")
