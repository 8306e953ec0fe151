"""Attestations of pending criteria, and the record of plan templates copied in the editor.

An attestation is never edited: a reviewer attests a pending criterion (conduct,
solidarity, influence …) of a subject for a plan and year with a note or a file;
withdrawing it is a new record that points at the attestation it withdraws. The
attestation in force is therefore "an attest record that no withdrawal points at",
one indexed query, and the whole history stays readable.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dienhinh.orgs.models import Subject


def attestation_path(instance, filename):
    return f"attestations/{instance.subject_id}/{filename}"


class Attestation(models.Model):
    ATTEST, WITHDRAW = "attest", "withdraw"
    ACTION_CHOICES = [(ATTEST, _("Xác nhận")), (WITHDRAW, _("Rút xác nhận"))]

    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="attestations", verbose_name=_("đối tượng")
    )
    # A plan template id or the id of a plan in force: the contract's plan ids.
    plan = models.CharField(_("kế hoạch"), max_length=100)
    year = models.PositiveSmallIntegerField(_("năm"))
    # Which pending criterion: see services.criterion_key (stable across copies).
    criterion = models.CharField(_("mã tiêu chí"), max_length=64)
    criterion_text = models.TextField(_("tiêu chí"))
    action = models.CharField(_("hành động"), max_length=10, choices=ACTION_CHOICES)
    note = models.TextField(_("ghi chú, nhận xét"), blank=True, default="")
    file = models.FileField(_("tệp minh chứng"), upload_to=attestation_path, blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=255, blank=True, default="")
    content_type = models.CharField(max_length=100, blank=True, default="")
    size = models.PositiveBigIntegerField(null=True, blank=True)
    withdraws = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="withdrawal",
        verbose_name=_("rút xác nhận"),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("người xác nhận"),
    )
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("xác nhận tiêu chí")
        verbose_name_plural = _("xác nhận tiêu chí")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["plan", "year", "subject"], name="attestation_plan_year_subject"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=["attest", "withdraw"]), name="attestation_action_valid"
            ),
            # An attestation says why: a note or a file.
            models.CheckConstraint(
                condition=~Q(action="attest") | ~Q(note="") | ~Q(file=""),
                name="attestation_has_note_or_file",
            ),
            # A withdrawal points at what it withdraws; an attestation points at nothing.
            models.CheckConstraint(
                condition=(Q(action="withdraw") & Q(withdraws__isnull=False))
                | (Q(action="attest") & Q(withdraws__isnull=True)),
                name="attestation_withdraw_target",
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.plan} {self.year} — {self.subject_id}"


class TemplateCopy(models.Model):
    """Who copied which plan template into which new one (the plans model keeps none)."""

    template_id = models.CharField(_("mẫu mới"), max_length=100, unique=True)
    copied_from = models.CharField(_("sao chép từ"), max_length=100)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bản sao mẫu kế hoạch")
        verbose_name_plural = _("bản sao mẫu kế hoạch")
