"""Catalogue tables: the contract's codes (built in, read-only) and an agency's own."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import codes, labels

KIND_CHOICES = labels.choices(codes.ACHIEVEMENT_KINDS)
SUBJECT_TYPE_CHOICES = labels.choices(codes.SUBJECT_TYPES)


class BuiltinProtected(models.Model):
    """Rows of the contract cannot be changed or removed; an agency's own rows can."""

    builtin = models.BooleanField(_("mã của hợp đồng dữ liệu"), default=False, editable=False)

    class Meta:
        abstract = True

    def _stored(self):
        if self.pk is None:
            return None
        return type(self).objects.filter(pk=self.pk).first()

    def save(self, *args, **kwargs):
        stored = self._stored()
        if stored is not None and stored.builtin:
            raise ValidationError(
                _("Mã %(code)s thuộc danh mục chuẩn, không được sửa.")
                % {"code": stored.code}
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.builtin:
            raise ValidationError(
                _("Mã %(code)s thuộc danh mục chuẩn, không được xóa.")
                % {"code": self.code}
            )
        return super().delete(*args, **kwargs)

    @property
    def label(self) -> str:
        """The name in the reader's language: the catalogue keeps both (CONTRACT §1)."""
        return labels.pick(self.name, self.name_en)


class AchievementCode(BuiltinProtected):
    code = models.CharField(_("mã"), max_length=40, unique=True)
    kind = models.CharField(_("loại"), max_length=20, choices=KIND_CHOICES)
    name = models.CharField(_("tên"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    rank = models.PositiveSmallIntegerField(_("bậc"), default=0)
    subject_type = models.CharField(
        _("áp dụng cho"), max_length=20, choices=SUBJECT_TYPE_CHOICES, blank=True
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("mã thành tích")
        verbose_name_plural = _("mã thành tích")

    def __str__(self):
        return self.label


class Issuer(BuiltinProtected):
    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    valid_until = models.PositiveSmallIntegerField(_("có đến năm"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("cấp khen thưởng")
        verbose_name_plural = _("cấp khen thưởng")

    def __str__(self):
        return self.label


class InitiativeLevel(BuiltinProtected):
    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("cấp sáng kiến")
        verbose_name_plural = _("cấp sáng kiến")

    def __str__(self):
        return self.label
