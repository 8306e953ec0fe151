"""Atom feeds (django.contrib.syndication): all published stories, and one per column."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from dienhinh.portal import services
from dienhinh.portal.models import Column

ITEMS = 30


class StoriesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Điển hình tiên tiến — bài viết mới")
    subtitle = _("Những tấm gương điển hình tiên tiến được công nhận và nhân rộng.")

    def link(self):
        return reverse("portal_home")

    def stories(self):
        return services.public_stories().select_related("subject", "agency__subject")

    def items(self):
        return self.stories().order_by("-publish_at", "-id")[:ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return reverse("portal_story", args=[item.pk])

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.publish_at

    def item_author_name(self, item):
        return item.agency.subject.name


class ColumnFeed(StoriesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Column, slug=slug)

    def title(self, obj):
        return obj.title

    def subtitle(self, obj):
        return obj.description or obj.title

    def link(self, obj):
        return reverse("portal_column", args=[obj.slug])

    def items(self, obj):
        return self.stories().filter(column=obj).order_by("-publish_at", "-id")[:ITEMS]
