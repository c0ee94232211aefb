"""A subscriber's address is personal data: it appears in no public response, not even on the
pages only its owner reaches by the link in a message (shown masked there)."""

import pytest

from tests.consultations.factories import open_window
from tests.dialogues.factories import DialoguePageFactory
from tests.policies.factories import PolicyPageFactory
from tests.taxonomy.factories import AreaFactory

from .factories import SubscriberFactory, follow

pytestmark = pytest.mark.django_db

EMAIL = "bi-mat.nguoi-theo-doi@example.com"


def test_the_address_appears_in_no_page(client, site_tree):
    area = AreaFactory(name="Phường Bắc Hồng Lĩnh", level="ward")
    policy = PolicyPageFactory(parent=site_tree["policies"], **open_window())
    dialogue = DialoguePageFactory(parent=site_tree["dialogues"])
    subscriber = SubscriberFactory(email=EMAIL)
    for target in (area, policy, dialogue):
        follow(subscriber, target)
    token = subscriber.token
    urls = ["/", "/van-ban/", f"/van-ban/?area={area.pk}", policy.url, dialogue.url, "/doi-thoai/", "/lay-y-kien/"]
    urls += ["/nhan-tin/", f"/nhan-tin/?page={policy.pk}", f"/nhan-tin/?area={area.pk}", "/nhan-tin/da-gui/"]
    urls += [f"/nhan-tin/quan-ly/{token}/", f"/nhan-tin/huy/{token}/", f"/api/v2/pages/{policy.pk}/"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert EMAIL.encode() not in response.content, url
        assert b"bi-mat.nguoi-theo-doi" not in response.content, url


def test_the_pages_link_to_the_form_with_their_choice(client, site_tree):
    area = AreaFactory(name="Phường Bắc Hồng Lĩnh", level="ward")
    policy = PolicyPageFactory(parent=site_tree["policies"], **open_window())
    dialogue = DialoguePageFactory(parent=site_tree["dialogues"])
    assert f'href="/nhan-tin/?page={policy.pk}"' in client.get(policy.url).content.decode()
    assert f'href="/nhan-tin/?page={dialogue.pk}"' in client.get(dialogue.url).content.decode()
    register = client.get("/van-ban/", {"area": area.pk}).content.decode()
    assert f'href="/nhan-tin/?area={area.pk}"' in register
    assert 'href="/nhan-tin/"' in client.get("/lay-y-kien/").content.decode()
