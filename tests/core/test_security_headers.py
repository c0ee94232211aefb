import pytest


@pytest.mark.django_db
def test_public_pages_forbid_inline_script_and_framing(client, home_page):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_the_admin_gets_its_own_policy(client, home_page):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy
    # The public policy is untouched by the admin's exception.
    assert "unsafe-inline" not in client.get("/")["Content-Security-Policy"]


@pytest.mark.django_db
def test_admin_login_form_is_protected_against_csrf(client, django_user_model, home_page):
    django_user_model.objects.create_user("bien-tap", password="mat-khau-dai-2026")
    client = type(client)(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "bien-tap", "password": "mat-khau-dai-2026"})
    assert response.status_code == 403
