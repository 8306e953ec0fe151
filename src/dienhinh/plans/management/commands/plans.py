"""`dienhinh plans`: the plan template ids, one a line (CONTRACT §3)."""

from django.core.management.base import BaseCommand

from dienhinh.plans.models import PlanTemplate


class Command(BaseCommand):
    help = "Liệt kê mã các mẫu kế hoạch, mỗi dòng một mã."
    requires_system_checks = ()

    def handle(self, *args, **options):
        for template_id in PlanTemplate.objects.order_by("template_id").values_list(
            "template_id", flat=True
        ):
            self.stdout.write(template_id)
