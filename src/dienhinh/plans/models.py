"""Plan templates: the criteria, profiles, steps, deadlines and quotas of a plan, as data.

The document itself (YAML text, validated by `dienhinh.criteria`) is the source of
truth; the columns beside it (id, name, period) exist so that lists and filters do
not parse YAML. The five seed templates are installed by a data migration and are
`builtin`: an agency copies one to change it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanTemplate(models.Model):
    template_id = models.CharField(_("mã mẫu kế hoạch"), max_length=100, unique=True)
    name = models.CharField(_("tên kế hoạch"), max_length=500)
    agency = models.CharField(_("cơ quan ban hành"), max_length=300)
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    source = models.CharField(_("văn bản gốc"), max_length=200, blank=True, default="")
    text = models.TextField(_("nội dung mẫu (YAML)"))
    builtin = models.BooleanField(_("mẫu có sẵn"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["template_id"]
        verbose_name = _("mẫu kế hoạch")
        verbose_name_plural = _("mẫu kế hoạch")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_year__lte=models.F("end_year")),
                name="plantemplate_period_ordered",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.template_id})"
