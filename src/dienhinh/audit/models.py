"""The append-only audit log, chained by hashes and anchored by checkpoints.

Each entry's hash covers every column (services.HASHED_COLUMNS) and the previous
entry's hash, so changing or removing any stored entry breaks every hash after it;
`dienhinh audit verify` recomputes the chain and compares it with the checkpoints
written outside the database (`audit checkpoint`), which catches the removal of the
last entries or a recomputed chain. Database triggers refuse UPDATE and DELETE on
the table (SQLite and PostgreSQL), so only someone who can drop triggers (a database
administrator) can tamper — and the chain and the checkpoints show it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField(_("thời điểm"))
    # DO_NOTHING: the hash covers actor_id, and entries are never updated (a trigger
    # refuses it), so a deleted user's id stays as it was; actor_name keeps the name.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, null=True, related_name="+",
        db_constraint=False,
    )
    actor_name = models.CharField(_("người thực hiện"), max_length=150, blank=True)
    action = models.CharField(_("hành động"), max_length=80)
    target_type = models.CharField(max_length=80)
    target_id = models.CharField(max_length=64)
    target_repr = models.CharField(_("đối tượng"), max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target")]

    def __str__(self):
        return f"#{self.seq} {self.action} {self.target_repr}"


class AuditHead(models.Model):
    """One row holding the chain's tip; locking it serialises appends."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)
