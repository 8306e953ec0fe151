"""`dienhinh demo --stage propagated` publishes stories on the portal with consent, and
keeps a person without consent off it (issue 12, Deliver 6)."""

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from dienhinh.demo import build
from dienhinh.demo import stages as demo_stages
from dienhinh.portal import services
from dienhinh.portal.models import Column, Consent, Story

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build.DemoBuilder().build()
        yield
        build.reset()
        get_user_model().objects.filter(username__startswith="demo_").delete()


def test_propagated_publishes_stories_with_consent(client):
    # Inside the test (its transaction is rolled back): the module's teardown deletes
    # only the organisation and the ledger.
    call_command("demo", "--stage", "propagated", stdout=StringIO())
    public = services.public_stories()
    assert public.count() == 10  # a collective and a consenting person per seed plan
    assert Story.objects.filter(status=Story.IN_REVIEW).count() == 5
    for story in public.filter(subject__type="individual"):
        assert set(Consent.objects.filter(person_id=story.subject_id, withdrawn_at=None)
                   .values_list("scope", flat=True)) == {"story", "name"}
    waiting = Story.objects.filter(status=Story.IN_REVIEW).first()
    assert services.consent_missing(waiting)  # no consent: it could not be published
    assert Column.objects.filter(movement=None).count() == 5
    ht = public.get(agency__subject__code="HT-SCT", subject__type="individual")
    assert client.get(reverse("portal_story", args=[ht.pk])).status_code == 200
    assert client.get(reverse("portal_story", args=[waiting.pk])).status_code == 404
    names = {r["name"] for r in json.loads(client.get(reverse("portal_open_data_json")).content)}
    assert ht.subject.name in names and waiting.subject.name not in names
    # the editor of each agency may write its stories
    editor = get_user_model().objects.get(username="demo_bientap_ht")
    assert services.stories_to_write(editor).exists()
    # idempotent
    demo_stages.build("propagated", log=lambda _: None)
    assert services.public_stories().count() == 10
