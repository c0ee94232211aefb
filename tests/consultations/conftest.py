import pytest

from tests.consultations.factories import open_window
from tests.policies.factories import PolicyPageFactory, section

TEXT = [
    section("article", "1", "Phạm vi điều chỉnh", "Nghị quyết này quy định mức hỗ trợ."),
    section("article", "2", "Đối tượng áp dụng", "Hộ gia đình, cá nhân."),
    section("article", "3", "Nguyên tắc hỗ trợ", "Hoàn toàn tự nguyện."),
]


@pytest.fixture
def open_draft(site_tree):
    return PolicyPageFactory(
        parent=site_tree["policies"], title="Dự thảo Nghị quyết hỗ trợ hiến đất", text=TEXT, **open_window()
    )
