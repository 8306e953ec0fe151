"""DIENHINH_SITE_URL: the public address in QR codes and e-mail links, falling back to
the request's own host, never to a made-up localhost address."""

import pytest
from django.core import mail
from django.test import RequestFactory

from dienhinh.core import site
from dienhinh.decisions import certificates, services
from dienhinh.notifications.services import notify
from tests.factories.decisions import passed_setup
from tests.test_certificates import ON, qr_codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued():
    s = passed_setup()
    d = services.approve(s["head"], [s["item_hoa"], s["item_ldvl"]],
                         "Về việc công nhận điển hình tiên tiến năm 2024", ON)
    return {**s, "decision": d}


def test_without_the_setting_the_qr_code_uses_the_host_the_certificate_was_opened_on(
        client, issued, settings, tmp_path):
    settings.DIENHINH_SITE_URL = ""
    settings.ALLOWED_HOSTS = ["tdkt.laocai.gov.vn"]
    r = issued["decision"].recognitions.get(subject__code="LC001")
    client.force_login(issued["head"])
    response = client.get(f"/decisions/recognitions/{r.pk}/certificate.pdf",
                          HTTP_HOST="tdkt.laocai.gov.vn")
    assert response.status_code == 200, response.status_code
    pdf = b"".join(response.streaming_content)
    r.refresh_from_db()
    assert qr_codes(pdf, tmp_path) == [
        f"http://tdkt.laocai.gov.vn/verify/{r.certificate.token}/"]
    assert b"localhost" not in pdf


def test_a_background_batch_gets_the_address_it_was_started_from(issued, settings, tmp_path):
    settings.DIENHINH_SITE_URL = ""
    batch = certificates.CertificateBatch.objects.create(decision=issued["decision"], total=2)
    certificates.run_batch(batch.pk, "https://tdkt.example.vn")
    r = issued["decision"].recognitions.get(subject__code="LC001")
    assert qr_codes(r.certificate.file.read(), tmp_path) == [
        f"https://tdkt.example.vn/verify/{r.certificate.token}/"]


def test_site_url_prefers_the_setting_then_the_request(settings):
    request = RequestFactory().get("/", HTTP_HOST="testserver")
    settings.DIENHINH_SITE_URL = "https://tdkt.hatinh.gov.vn/"
    assert site.site_url(request) == "https://tdkt.hatinh.gov.vn"
    settings.DIENHINH_SITE_URL = ""
    assert site.site_url(request) == "http://testserver"
    assert site.site_url() == ""  # outside a request: a path stays a path
    assert site.absolute("/council/1/") == "/council/1/"
    assert site.absolute("https://x.vn/a") == "https://x.vn/a"


def test_e_mail_links_are_full_addresses_on_the_configured_site(issued, settings,
                                                                django_capture_on_commit_callbacks):
    settings.DIENHINH_SITE_URL = "https://tdkt.hatinh.gov.vn"
    user = issued["head"]
    user.email = "giamdoc@example.vn"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify([user], "Dự thảo quyết định chờ ký", "Mời đồng chí xem và ký.",
               url="/decisions/1/")
    assert mail.outbox[-1].body.endswith("https://tdkt.hatinh.gov.vn/decisions/1/")
    assert "localhost" not in mail.outbox[-1].body
