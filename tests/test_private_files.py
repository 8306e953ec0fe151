"""Private files: every stored file is served only through a view that asks the policy.

Anonymous and out-of-scope requests get 404 (not a login redirect, not the file),
with DEBUG on and off; the upload folder has no URL; files are stored under random
names with the detected extension and downloaded as attachments of the detected type.
"""

import datetime as dt
import importlib
import io
import re
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import clear_url_caches

from dienhinh.core.files import download_name, stored_name
from dienhinh.decisions import certificates
from dienhinh.decisions import services as decisions
from dienhinh.decisions.models import CertificateBatch
from dienhinh.discovery.models import Attestation
from dienhinh.exemplars import services as exemplars
from dienhinh.exemplars.models import DossierFile
from dienhinh.ledger import services as ledger
from dienhinh.ledger.models import Achievement, Evidence, ImportJob
from dienhinh.orgs.models import Role
from tests.factories.decisions import passed_setup

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
RANDOM_NAME = re.compile(r"/[0-9a-f]{32}\.(pdf|png|jpg|zip|docx|xlsx|csv)$")


@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def debug(request, settings):
    """Both modes, with the URLs built again as `runserver` would under each."""
    settings.DEBUG = request.param
    import dienhinh.urls

    clear_url_caches()
    importlib.reload(dienhinh.urls)
    yield request.param
    settings.DEBUG = False
    clear_url_caches()
    importlib.reload(dienhinh.urls)


@pytest.fixture
def world(make_user):
    s = passed_setup()
    d = decisions.approve(s["head"], [s["item_hoa"], s["item_ldvl"]],
                          "Về việc công nhận điển hình tiên tiến năm 2024", dt.date(2025, 1, 8))
    decisions.attach_scan(s["office"], d, SimpleUploadedFile("ban ky.html", PDF))
    d.refresh_from_db()
    recognition = d.recognitions.order_by("position").first()
    cert = certificates.generate(recognition)
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("001.pdf", PDF)
    batch = CertificateBatch(decision=d, status=CertificateBatch.DONE, total=1, done=1)
    batch.archive.save(stored_name("zip"), ContentFile(zipped.getvalue()), save=True)

    officer = make_user("cb", role=Role.UNIT_OFFICER, unit=s["ldvl"])
    hoa = s["hoa"].subject
    record = Achievement.objects.create(subject=hoa, year=2024, kind="title", code_id="CSTDCS",
                                        decision_no="12/QĐ")
    evidence = ledger.add_evidence(record, SimpleUploadedFile("quyet dinh.pdf", PDF), officer)
    Achievement.objects.create(subject=hoa, year=2024, kind="rating", code_id="HTXSNV",
                               decision_no="HT-2024")
    reg, _ = exemplars.register(officer, s["plan"], 2024, s["ldvl"], hoa,
                                on=dt.date(2024, 1, 10))
    fostering = exemplars.create_fostering(officer, reg)
    note = exemplars.add_note(officer, fostering, "Tiến độ quý I",
                              SimpleUploadedFile("anh.png", PNG))
    nom = s["noms"]["hoa"]
    dossier = DossierFile(nomination=nom, kind="report", file_name="bao cao.pdf",
                          content_type="application/pdf", size=len(PDF))
    dossier.file.save(stored_name("pdf"), ContentFile(PDF), save=True)
    item = s["meeting"].items.get(nomination=nom)
    attestation = Attestation(subject=hoa, plan="lao-cai-sldtbxh-qpan-2022-2025", year=2024,
                              criterion="k", criterion_text="Phẩm chất đạo đức",
                              action="attest", file_name="xac nhan.pdf")
    attestation.file.save(stored_name("pdf"), ContentFile(PDF), save=True)
    job = ImportJob(user=officer, table="units", original_name="don vi.csv")
    job.file.save(stored_name("csv"), ContentFile(b"code,name\n"), save=True)

    urls = {
        "decision scan": (f"/decisions/{d.pk}/scan/file/", d.scan),
        "certificate": (f"/decisions/recognitions/{recognition.pk}/certificate.pdf",
                        cert.file),
        "certificate batch": (f"/decisions/batches/{batch.pk}/certificates.zip", batch.archive),
        "evidence": (f"/evidence/{evidence.pk}/", evidence.file),
        "progress note": (f"/exemplars/fostering/{fostering.pk}/notes/{note.pk}/file/",
                          note.file),
        "dossier": (f"/exemplars/nominations/{nom.pk}/files/{dossier.pk}/", dossier.file),
        "dossier in the reading room": (
            f"/council/meetings/{s['meeting'].pk}/items/{item.pk}/files/{dossier.pk}/",
            dossier.file),
        "attestation": (f"/discovery/attestations/{attestation.pk}/file/", attestation.file),
    }
    readers = {
        "decision scan": s["office"], "certificate": s["office"],
        "certificate batch": s["office"], "evidence": officer, "progress note": officer,
        "dossier": officer, "dossier in the reading room": s["members"][0].user,
        "attestation": s["office"],
    }
    outsider = make_user("ngoai", role=Role.STANDING_OFFICE, unit=s["other"])
    return {**s, "urls": urls, "readers": readers, "outsider": outsider,
            "stored": [f for _u, f in urls.values()] + [job.file]}


def test_the_evidence_url_is_the_one_the_app_links(world, client):
    from django.urls import reverse

    evidence_url = world["urls"]["evidence"][0]
    pk = int(evidence_url.strip("/").split("/")[-1])
    assert reverse("evidence_download", args=[pk]) == evidence_url


def test_anonymous_and_out_of_scope_get_404_for_every_stored_file(world, client, debug):
    for what, (url, _file) in world["urls"].items():
        assert client.get(url).status_code == 404, f"anonymous: {what}"
    client.force_login(world["outsider"])
    for what, (url, _file) in world["urls"].items():
        assert client.get(url).status_code == 404, f"out of scope: {what}"


def test_no_url_serves_the_upload_folder(world, client, debug):
    client.force_login(world["office"])
    for stored in world["stored"]:
        assert client.get(f"/media/{stored.name}").status_code == 404, stored.name


def test_in_scope_readers_get_an_attachment_of_the_detected_type(world, client):
    for what, (url, stored) in world["urls"].items():
        client.force_login(world["readers"][what])
        response = client.get(url)
        assert response.status_code == 200, what
        body = b"".join(response.streaming_content)
        with stored.open("rb") as fh:
            assert body == fh.read(), what
        assert response["Content-Disposition"].startswith("attachment;"), what
        assert response["X-Content-Type-Options"] == "nosniff", what
        expected = {"progress note": "image/png", "certificate batch": "application/zip"}
        assert response["Content-Type"] == expected.get(what, "application/pdf"), what


def test_files_are_stored_under_random_names_with_the_detected_extension(world):
    for stored in world["stored"]:
        assert RANDOM_NAME.search(stored.name), stored.name
    # The scan was uploaded as "ban ky.html"; it is a PDF and kept as one.
    assert world["urls"]["decision scan"][1].name.endswith(".pdf")


def test_the_download_keeps_the_persons_name_with_the_detected_extension(world, client):
    client.force_login(world["readers"]["evidence"])
    response = client.get(world["urls"]["evidence"][0])
    assert 'filename="quyet dinh.pdf"' in response["Content-Disposition"]
    client.force_login(world["office"])
    response = client.get(world["urls"]["decision scan"][0])
    assert response["Content-Type"] == "application/pdf"
    assert ".pdf" in response["Content-Disposition"]
    assert ".html" not in response["Content-Disposition"]


def test_the_proxy_sends_the_file_when_configured(world, client, settings):
    settings.DIENHINH_X_ACCEL_REDIRECT = "/protected/"
    client.force_login(world["readers"]["evidence"])
    url, stored = world["urls"]["evidence"]
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected/{stored.name}"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    client.force_login(world["outsider"])
    response = client.get(url)
    assert response.status_code == 404 and "X-Accel-Redirect" not in response


def test_files_stored_under_old_names_are_still_served(world, client):
    evidence = Evidence.objects.get()
    evidence.file.save(f"evidence/{evidence.achievement.subject_id}/Quyết định.html",
                       ContentFile(PDF), save=True)
    client.force_login(world["readers"]["evidence"])
    response = client.get(world["urls"]["evidence"][0])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"


def test_the_public_verify_page_serves_no_file(world, client):
    cert = world["urls"]["certificate"][1].instance
    page = client.get(f"/verify/{cert.token}/")
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    assert cert.file.name not in page.content.decode()
    assert "/certificate.pdf" not in page.content.decode()


@pytest.mark.parametrize(("given", "extension", "shown"), [
    ("quyet dinh.pdf", "pdf", "quyet dinh.pdf"),
    ("scan.html", "pdf", "scan.pdf"),
    ("anh.JPEG", "jpg", "anh.JPEG"),
    ("khong-duoi", "png", "khong-duoi.png"),
    ("../../etc/passwd", "pdf", "passwd.pdf"),
    ("bang.csv", "", "bang.csv"),
])
def test_download_name(given, extension, shown):
    assert download_name(given, extension) == shown
