"""/sitemap.xml (django.contrib.sitemaps): every public page and nothing else."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from dienhinh.portal import services
from dienhinh.portal.models import Column
from dienhinh.replication.models import GoodModel


class StaticSitemap(Sitemap):
    def items(self):
        return ["portal_home", "portal_search"]

    def location(self, item):
        return reverse(item)


class StorySitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return services.public_stories().only("pk", "publish_at").order_by("pk")

    def location(self, item):
        return reverse("portal_story", args=[item.pk])

    def lastmod(self, item):
        return item.publish_at


class ColumnSitemap(Sitemap):
    def items(self):
        return Column.objects.only("slug").order_by("pk")

    def location(self, item):
        return reverse("portal_column", args=[item.slug])


class ModelSitemap(Sitemap):
    limit = 5000

    def items(self):
        return GoodModel.objects.only("pk").order_by("pk")

    def location(self, item):
        return reverse("portal_model", args=[item.pk])


SITEMAPS = {"pages": StaticSitemap, "stories": StorySitemap, "columns": ColumnSitemap,
            "models": ModelSitemap}
