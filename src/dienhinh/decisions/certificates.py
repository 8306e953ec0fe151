"""Giấy công nhận: one A4 landscape PDF per recognition (WeasyPrint), fonts from the
`fontpkg-noto-serif` package via @font-face with a file URI (no system font needed),
and a QR code that opens the public page verifying the certificate."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import os
import zipfile

import qrcode
import qrcode.image.svg
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from dienhinh.core import site
from dienhinh.core.documents import place_date
from dienhinh.core.files import stored_name

from .models import Certificate, CertificateBatch, Decision, Recognition


def font_faces() -> list[dict]:
    import fontpkg_noto_serif

    files = fontpkg_noto_serif.ROOT / "files"
    return [{"style": "normal", "uri": (files / "NotoSerif[wdth,wght].ttf").as_uri()},
            {"style": "italic", "uri": (files / "NotoSerif-Italic[wdth,wght].ttf").as_uri()}]


def verify_url(cert: Certificate, base: str | None = None) -> str:
    """The public page that verifies the certificate, on the site's own address."""
    return site.absolute(reverse("certificate_verify", args=[cert.token]), base=base)


def qr_svg(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8,
                        border=1)
    return image.to_string(encoding="unicode")


def certificate_for(recognition: Recognition) -> Certificate:
    cert, _ = Certificate.objects.get_or_create(recognition=recognition)
    return cert


def certificate_facts(cert: Certificate) -> dict:
    """What the certificate says, from the decision's snapshot taken at issue (so a later
    rename never reaches it): the same words on the certificate, the decision and the
    public verification page."""
    from . import documents

    r = cert.recognition
    d = r.decision
    snap = d.snapshot or documents.context(d)
    row = next((x for x in snap["rows"] if x["position"] == r.position), None) or {
        "name": r.subject.name, "reason": r.reason}
    signer = snap["signer"]
    on = dt.date.fromisoformat(snap["date"])
    head = snap.get("head_title") or signer.get("title", "")
    return {"name": row["name"], "reason": row["reason"], "level": snap["level"],
            "year": snap["year"], "number": snap["number"], "date": on.strftime("%d/%m/%Y"),
            "place_date": place_date(snap["place"], on), "agency": snap["agency"],
            "parent": snap["mother_agency"], "grantor": f"{head[:1].upper()}{head[1:].lower()}",
            "signer": signer}


def certificate_context(cert: Certificate, base: str | None = None) -> dict:
    url = verify_url(cert, base)
    return {**certificate_facts(cert), "url": url, "qr": qr_svg(url), "fonts": font_faces()}


@contextlib.contextmanager
def _fixed_font_timestamps():
    """fontTools stamps each embedded font subset with the time unless SOURCE_DATE_EPOCH
    is set (the reproducible-builds convention); fixed, the PDF's bytes depend on its
    content only."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = "946684800"  # 2000-01-01
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def render_pdf(cert: Certificate, base: str | None = None) -> bytes:
    from weasyprint import HTML

    html = render_to_string("decisions/certificate_pdf.html", certificate_context(cert, base))
    # A fixed identifier, no creation date, fixed font stamps: same certificate, same bytes.
    with _fixed_font_timestamps():
        return HTML(string=html).write_pdf(pdf_identifier=f"cert-{cert.token}".encode())


def generate(recognition: Recognition, base: str | None = None) -> Certificate:
    """Render the certificate of an issued decision's recognition once; afterwards the
    stored file (checked by its SHA-256) is the certificate. `base` is the site's address
    when rendered away from a request (a background task)."""
    if recognition.decision.status != Decision.ISSUED:
        raise ValueError("certificates are for issued decisions")
    cert = certificate_for(recognition)
    if cert.file and cert.sha256:
        return cert
    pdf = render_pdf(cert, base)
    cert.file.save(stored_name("pdf"), ContentFile(pdf), save=False)
    cert.sha256 = hashlib.sha256(pdf).hexdigest()
    cert.generated_at = timezone.now()
    cert.save()
    return cert


def start_batch(decision: Decision) -> CertificateBatch:
    """Queue the generation of every certificate of the decision (a background task)."""
    from .tasks import generate_batch

    batch = CertificateBatch.objects.create(decision=decision,
                                            total=decision.recognitions.count())
    base = site.site_url()  # the worker has no request: hand it the address
    transaction.on_commit(lambda: generate_batch.enqueue(batch.pk, base))
    return batch


def run_batch(batch_id: int, base: str = "") -> None:
    batch = CertificateBatch.objects.get(pk=batch_id)
    batch.status = CertificateBatch.RUNNING
    batch.save(update_fields=["status"])
    out = io.BytesIO()
    try:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for n, r in enumerate(batch.decision.recognitions.select_related(
                    "subject", "decision__agency").order_by("position"), 1):
                cert = generate(r, base or None)
                with cert.file.open("rb") as fh:
                    zf.writestr(f"{r.position:03d}-{r.subject.code}.pdf", fh.read())
                CertificateBatch.objects.filter(pk=batch.pk).update(done=n)
        batch.refresh_from_db()
        batch.archive.save(stored_name("zip"),
                           ContentFile(out.getvalue()), save=False)
        batch.status = CertificateBatch.DONE
        batch.save(update_fields=["archive", "status"])
    except Exception as exc:  # the user sees the failure on the progress bar
        CertificateBatch.objects.filter(pk=batch.pk).update(status=CertificateBatch.FAILED,
                                                            error=str(exc)[:2000])
        raise
