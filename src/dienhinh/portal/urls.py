"""The public portal (CONTRACT §5 "Public portal") and the editorial screens.

Public, no login: portal_home, portal_search, portal_feed, portal_open_data_json/_csv,
portal_story, portal_story_photo, portal_column, portal_column_feed, portal_model,
sitemap (/sitemap.xml)."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import editorial_views, feeds, views
from .sitemaps import SITEMAPS

urlpatterns = [
    path("portal/", views.home, name="portal_home"),
    path("portal/search/", views.search, name="portal_search"),
    path("portal/language/", views.set_language, name="portal_set_language"),
    path("portal/feed/", feeds.StoriesFeed(), name="portal_feed"),
    path("portal/exemplars.json", views.exemplars_json, name="portal_open_data_json"),
    path("portal/exemplars.csv", views.exemplars_csv, name="portal_open_data_csv"),
    path("portal/stories/<int:pk>/", views.story, name="portal_story"),
    path("portal/stories/<int:pk>/photo.jpg", views.story_photo, name="portal_story_photo"),
    path("portal/columns/<slug:slug>/", views.column, name="portal_column"),
    path("portal/columns/<slug:slug>/feed/", feeds.ColumnFeed(), name="portal_column_feed"),
    path("portal/models/<int:pk>/", views.good_model, name="portal_model"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]

urlpatterns += [
    path("editorial/", editorial_views.editorial, name="portal_editorial"),
    path("editorial/columns/", editorial_views.column_add, name="portal_column_add"),
    path("editorial/recognitions/<int:pk>/draft/", editorial_views.story_draft,
         name="portal_story_draft"),
    path("editorial/stories/<int:pk>/", editorial_views.story_edit, name="portal_story_edit"),
    path("editorial/stories/<int:pk>/submit/", editorial_views.story_submit,
         name="portal_story_submit"),
    path("editorial/stories/<int:pk>/return/", editorial_views.story_return,
         name="portal_story_return"),
    path("editorial/stories/<int:pk>/publish/", editorial_views.story_publish,
         name="portal_story_publish"),
    path("editorial/stories/<int:pk>/unpublish/", editorial_views.story_unpublish,
         name="portal_story_unpublish"),
    path("editorial/people/<int:pk>/consents/", editorial_views.consent_add,
         name="portal_consent_add"),
    path("editorial/consents/<int:pk>/withdraw/", editorial_views.consent_withdraw,
         name="portal_consent_withdraw"),
]
