"""The `propagated` stage's portal part, for one seed plan's agency: the agency's column
(and the movement's, when the plan belongs to one), its editor, and stories of the
decision's exemplars written, reviewed and published through `portal.services`:

    the first collective       published (a collective needs no personal consent)
    the first person           consent to the story and the name recorded, published
    the second person          drafted and waiting for review (no consent yet): never
                               public, shows the editor's queue and the consent rule

Deterministic (recognitions in decision order) and idempotent: nothing is built twice.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from dienhinh.decisions.models import Decision, Recognition
from dienhinh.demo.build import PASSWORD
from dienhinh.orgs.models import Person, Role, RoleAssignment, Subject, Unit
from dienhinh.portal import services
from dienhinh.portal.models import Column, Consent, Story
from dienhinh.workflow import CURRENT

CONSENT_GIVEN = dt.datetime(2025, 1, 20, 9, 0, tzinfo=dt.UTC)


def _editor(agency: Unit, prefix: str):
    """The agency's editor (biên tập viên): `demo_bientap_<prefix>`, who may already
    exist as the editor of a unit below (the IT centre, the radio station)."""
    User = get_user_model()
    username = f"demo_bientap_{prefix}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create(username=username, password=make_password(PASSWORD),
                                   first_name="Biên tập", last_name=agency.subject.name[:100])
    RoleAssignment.objects.get_or_create(user=user, role=Role.EDITOR, unit=agency)
    return user


def _column(office, agency: Unit, plan, prefix: str) -> Column:
    column = Column.objects.filter(agency=agency, movement=None).first()
    if column is None:
        column = services.create_column(
            office, agency=agency, slug=f"dien-hinh-{prefix}",
            title=f"Điển hình tiên tiến — {agency.subject.name}",
            description="Gương người tốt, việc tốt; mô hình hay, cách làm hiệu quả được "
                        "công nhận và nhân rộng.")
    movement = getattr(plan, "movement", None)
    if movement is not None and not Column.objects.filter(agency=agency,
                                                          movement=movement).exists():
        services.create_column(office, agency=agency, movement=movement,
                               slug=f"phong-trao-{prefix}-{movement.pk}",
                               title=f"{movement.name} — {agency.subject.name}"[:300])
    return column


def _consent(editor, person: Person, *scopes: str) -> None:
    for scope in scopes:
        if not Consent.objects.filter(person=person, scope=scope,
                                      withdrawn_at__isnull=True).exists():
            services.record_consent(editor, person=person, scope=scope,
                                    given_at=CONSENT_GIVEN,
                                    evidence="Phiếu đồng ý công bố thông tin ký ngày "
                                             "20/01/2025, lưu tại Văn phòng")


def publish_stories(template_id: str, plan, agency: Unit, office, prefix: str = "") -> None:
    if office is None:
        return
    prefix = prefix or agency.subject.code.split("-")[0].lower()
    recognitions = list(Recognition.objects.filter(
        decision__agency=agency, decision__plan=plan, decision__status=Decision.ISSUED,
        decision__kind=Decision.RECOGNITION, revoked_by__isnull=True)
        .select_related("subject", "decision__agency").order_by("position", "id"))
    if not recognitions or Story.objects.filter(recognition__in=recognitions).exists():
        return
    editor = _editor(agency, prefix)
    column = _column(office, agency, plan, prefix)
    collectives = [r for r in recognitions if r.subject.type == Subject.COLLECTIVE][:1]
    people = [r for r in recognitions if r.subject.type == Subject.INDIVIDUAL][:2]
    for n, r in enumerate(collectives + people):
        story = services.draft_story(editor, r, column)
        person = Person.objects.filter(pk=r.subject_id).first()
        if person is not None and n == len(collectives) + 1:
            services.submit_story(story, editor, CURRENT)  # waits for consent and review
            continue
        if person is not None:
            _consent(editor, person, Consent.Scope.STORY, Consent.Scope.NAME)
        story = services.submit_story(story, editor, CURRENT)
        services.publish_story(story, office, CURRENT, at=None)
