"""Every workflow model's states are a `TextChoices` and its transitions sit beside it."""

import pytest
from django.db import models

from dienhinh.council import models as council_models
from dienhinh.council import services as council_services
from dienhinh.decisions import models as decision_models
from dienhinh.decisions import proposals
from dienhinh.decisions import services as decision_services
from dienhinh.exemplars import models as exemplar_models
from dienhinh.exemplars import services as exemplar_services
from dienhinh.notifications import models as notification_models
from dienhinh.notifications import services as notification_services
from dienhinh.plans import models as plan_models
from dienhinh.plans import plan_services

# model -> (its transitions in models.py, the table its service checks against)
WORKFLOW = [
    (plan_models.Plan, plan_models.PLAN_TRANSITIONS, plan_services.TRANSITIONS),
    (exemplar_models.Registration, exemplar_models.REGISTRATION_TRANSITIONS,
     exemplar_services.TRANSITIONS["registration"]),
    (exemplar_models.CompiledList, exemplar_models.COMPILED_LIST_TRANSITIONS,
     exemplar_services.TRANSITIONS["compiled_list"]),
    (exemplar_models.FosteringPlan, exemplar_models.FOSTERING_PLAN_TRANSITIONS,
     exemplar_services.TRANSITIONS["fostering"]),
    (exemplar_models.FosteringReport, exemplar_models.FOSTERING_REPORT_TRANSITIONS,
     exemplar_services.TRANSITIONS["fostering_report"]),
    (exemplar_models.Nomination, exemplar_models.NOMINATION_TRANSITIONS,
     exemplar_services.TRANSITIONS["nomination"]),
    (council_models.Meeting, council_models.MEETING_TRANSITIONS,
     council_services.TRANSITIONS["meeting"]),
    (council_models.Ballot, council_models.BALLOT_TRANSITIONS,
     council_services.TRANSITIONS["ballot"]),
    (decision_models.Decision, decision_models.DECISION_TRANSITIONS,
     decision_services.TRANSITIONS),
    (decision_models.Proposal, decision_models.PROPOSAL_TRANSITIONS, proposals.TRANSITIONS),
    (notification_models.Feedback, notification_models.FEEDBACK_TRANSITIONS,
     notification_services.TRANSITIONS),
]
IDS = [model.__name__ for model, _, _ in WORKFLOW]


@pytest.mark.parametrize(("model", "declared", "checked"), WORKFLOW, ids=IDS)
def test_status_field_uses_the_models_text_choices(model, declared, checked):
    assert issubclass(model.Status, models.TextChoices)
    field = model._meta.get_field("status")
    assert field.choices == model.Status.choices
    assert field.default in model.Status.values
    # The old names stay as aliases of the members.
    for member in model.Status:
        assert getattr(model, member.name) is member
    assert model.STATUS_CHOICES == model.Status.choices


@pytest.mark.parametrize(("model", "declared", "checked"), WORKFLOW, ids=IDS)
def test_every_state_of_the_transitions_is_a_status(model, declared, checked):
    assert checked is declared  # the service checks the table declared beside the model
    assert declared
    states = set(model.Status.values)
    for action, (starts, end) in declared.items():
        assert end in states, (action, end)
        assert isinstance(end, model.Status), (action, end)
        assert starts, action
        for start in starts:
            assert start is None or start in states, (action, start)


@pytest.mark.parametrize(("model", "declared", "checked"), WORKFLOW, ids=IDS)
def test_every_status_is_reachable_or_initial(model, declared, checked):
    # A state nothing leads to and that is not the default would be a dead declaration.
    reached = {end for _, end in declared.values()}
    for value in model.Status.values:
        assert value in reached or value == model._meta.get_field("status").default


def test_public_comment_moderation_states_are_text_choices():
    # A comment period runs by its dates; its comments are moderated through these states.
    model = exemplar_models.PublicComment
    assert issubclass(model.Status, models.TextChoices)
    assert model._meta.get_field("status").choices == model.Status.choices
    assert model.Status.values == ["pending", "approved", "hidden"]
    assert model.APPROVED is model.Status.APPROVED
