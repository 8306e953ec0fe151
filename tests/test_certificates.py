"""Giấy công nhận: the PDF (A4 landscape, Vietnamese text intact, embedded fonts, the
verify URL), the public verify page, and batch generation with progress and a ZIP."""

import datetime as dt
import io
import subprocess
import zipfile
from urllib.parse import urlsplit

import pytest
import zxingcpp
from PIL import Image

from dienhinh.decisions import certificates, services
from dienhinh.decisions.models import Certificate, CertificateBatch
from tests.factories.decisions import passed_setup

pytestmark = pytest.mark.django_db
ON = dt.date(2025, 1, 8)


def tool(name: str, data: bytes) -> str:
    out = subprocess.run([name, "-"], input=data, capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def pdf_text(data: bytes) -> str:
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True,
                         check=True)
    return out.stdout.decode("utf-8")


@pytest.fixture
def issued():
    s = passed_setup()
    d = services.approve(s["head"], [s["item_hoa"], s["item_ldvl"]],
                         "Về việc công nhận điển hình tiên tiến năm 2024", ON)
    return {**s, "decision": d}


def test_certificate_pdf_has_the_facts_in_vietnamese_and_the_verify_url(issued):
    r = issued["decision"].recognitions.get(subject__code="LC001")
    cert = certificates.generate(r)
    data = cert.file.read()
    assert data.startswith(b"%PDF")
    info = tool("pdfinfo", data)
    assert "841.89 x 595.276 pts (A4)" in info  # landscape: 297 mm wide
    fonts = tool("pdffonts", data).splitlines()[2:]
    # every font is the packaged Noto Serif (declared as "Cert Serif"), embedded
    assert fonts and all("Cert-Serif" in f and " yes yes yes " in f for f in fonts), fonts
    text = " ".join(pdf_text(data).split())  # lines wrap where the layout says
    for needle in ("GIẤY CÔNG NHẬN", "Nguyễn Thị Hoa", "Là điển hình tiên tiến cấp cơ quan năm 2024",
                   "Quyết định số 01/QĐ-SLĐTBXH ngày 08/01/2025",
                   "Lào Cai, ngày 08 tháng 01 năm 2025", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                   "SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI"):
        assert needle in text, needle
    url = certificates.verify_url(cert)
    assert url.endswith(f"/verify/{cert.token}/")
    assert url in text.replace(" ", "")
    assert "<path" in certificates.qr_svg(url)


def qr_codes(pdf: bytes, folder) -> list[str]:
    """The QR codes on the first page, read from the page rendered as an image."""
    (folder / "page.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "200", "-f", "1", "-l", "1", "-singlefile",
                    str(folder / "page.pdf"), str(folder / "page")], check=True)
    with Image.open(folder / "page.png") as image:
        return [code.text for code in zxingcpp.read_barcodes(image)
                if code.format == zxingcpp.BarcodeFormat.QRCode]


def test_certificate_qr_code_decodes_to_the_verify_page_of_that_certificate(client, issued,
                                                                           settings, tmp_path):
    settings.DIENHINH_SITE_URL = "https://dienhinh.laocai.gov.vn"
    r = issued["decision"].recognitions.get(subject__code="LC001")
    cert = certificates.generate(r)
    codes = qr_codes(cert.file.read(), tmp_path)
    assert codes == [f"https://dienhinh.laocai.gov.vn/verify/{cert.token}/"]
    # The decoded address is the public verify page: anyone opening it sees it is valid.
    page = client.get(urlsplit(codes[0]).path)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Giấy công nhận hợp lệ, còn hiệu lực." in text and "Nguyễn Thị Hoa" in text
    # Another certificate's code points at its own page.
    other = certificates.generate(issued["decision"].recognitions.get(subject__code="LC_LDVL"))
    assert qr_codes(other.file.read(), tmp_path) == [
        f"https://dienhinh.laocai.gov.vn/verify/{other.token}/"]


def test_verify_page_is_public_and_says_when_revoked(client, issued):
    r = issued["decision"].recognitions.get(subject__code="LC001")
    cert = certificates.certificate_for(r)
    page = client.get(f"/verify/{cert.token}/").content.decode()
    assert "Nguyễn Thị Hoa" in page and "còn hiệu lực" in page and "01/QĐ-SLĐTBXH" in page
    cancel = services.draft_revocation(issued["office"], issued["decision"])
    services.issue_decision(issued["head"], cancel, ON)
    page = client.get(f"/verify/{cert.token}/").content.decode()
    assert "đã bị hủy bỏ theo Quyết định số 02/QĐ-SLĐTBXH" in page
    assert client.get("/verify/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_batch_generates_every_certificate_with_progress_and_a_zip(
        client, issued, django_capture_on_commit_callbacks):
    d = issued["decision"]
    client.force_login(issued["office"])
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(f"/decisions/{d.pk}/certificates/")
    batch = CertificateBatch.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"/decisions/batches/{batch.pk}/"
    assert (batch.status, batch.done, batch.total, batch.percent) == ("done", 2, 2, 100)
    part = client.get(f"/decisions/batches/{batch.pk}/", HTTP_HX_REQUEST="true")
    assert "<html" not in part.content.decode() and "2/2" in part.content.decode()
    zipped = b"".join(client.get(f"/decisions/batches/{batch.pk}/certificates.zip")
                      .streaming_content)
    names = zipfile.ZipFile(io.BytesIO(zipped)).namelist()
    assert names == ["001-LC001.pdf", "002-LC_LDVL.pdf"]
    assert Certificate.objects.filter(file__gt="").count() == 2


def test_certificates_are_for_issued_decisions_and_in_scope_only(client, issued, make_user):
    draft = services.draft_correction(issued["office"], issued["decision"])
    with pytest.raises(ValueError):
        certificates.generate(draft.recognitions.first())
    r = issued["decision"].recognitions.first()
    client.force_login(make_user("ngoai"))
    assert client.get(f"/decisions/recognitions/{r.pk}/certificate.pdf").status_code == 404
    client.force_login(issued["head"])
    resp = client.get(f"/decisions/recognitions/{r.pk}/certificate.pdf")
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
