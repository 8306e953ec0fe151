"""`policy.overlaps`: whether a user's scope reaches a subtree, decided from the role
paths without a query."""

import pytest

from dienhinh import policy
from dienhinh.orgs import services as orgs
from dienhinh.orgs.models import Role, RoleAssignment, Unit

pytestmark = pytest.mark.django_db


def test_overlaps_answers_as_the_database_would(tree, make_user):
    """`policy.overlaps` (which plans' agencies a user reaches: exemplar pages) decides
    from the role paths what `units(user).filter(path__startswith=…).exists()` asked the
    database once per plan."""
    team = orgs.create_unit("SCT_QLCN_T1", "Tổ 1", "division", tree["qlcn"])
    users = [make_user("none"), make_user("root", is_superuser=True),
             make_user("agency", Role.STANDING_OFFICE, tree["sct"]),
             make_user("division", Role.UNIT_OFFICER, tree["qlcn"]),
             make_user("team", Role.HEAD, team),
             make_user("other", Role.EDITOR, tree["other"])]
    RoleAssignment.objects.create(user=users[3], role=Role.COUNCIL_MEMBER, unit=tree["vp"])
    for account in users:
        for unit in Unit.objects.all():
            expected = policy.units(account).filter(path__startswith=unit.path).exists()
            assert policy.overlaps(account, unit.path) == expected, (account, unit)


def test_has_scope_says_whether_units_can_hold_anything(tree, make_user):
    users = [make_user("none"), make_user("root", is_superuser=True),
             make_user("office", Role.STANDING_OFFICE, tree["sct"]),
             make_user("officer", Role.UNIT_OFFICER, tree["qlcn"]),
             make_user("gone", Role.UNIT_OFFICER, tree["vp"], is_active=False)]
    for account in users:
        for action in ("view", "score_unit", "verify_score", "vote"):
            assert policy.has_scope(account, action) == \
                policy.units(account, action).exists(), (account, action)
