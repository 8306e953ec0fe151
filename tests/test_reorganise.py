import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from dienhinh.ledger.models import Achievement
from dienhinh.orgs import history, reorganise, services
from dienhinh.orgs.models import Assignment, Person, Reorganisation, Succession, Unit

D = dt.date
JULY = D(2025, 7, 1)


def fresh(unit):
    return Unit.objects.select_related("subject").get(pk=unit.pk)


def in_scope(unit):
    """Codes of the units at or below `unit` in today's tree."""
    unit = fresh(unit)
    return set(
        Unit.objects.filter(path__startswith=unit.path).values_list("subject__code", flat=True)
    )


@pytest.fixture
def province(db):
    dn = services.create_unit("DN", "UBND tỉnh Đồng Nai", "agency")
    bp = services.create_unit("BP", "UBND tỉnh Bình Phước", "agency", valid_from=D(1997, 1, 1))
    so = services.create_unit("BP_SLD", "Sở Lao động - Thương binh và Xã hội", "agency", bp)
    vp = services.create_unit("BP_SLD_VP", "Văn phòng Sở", "division", so)
    person = services.create_person("P1", "Nguyễn Văn An", so, "agency_leader")
    Achievement.objects.create(
        subject=so.subject, year=2022, kind="title", code_id="TTLDXS",
        decision_no="12/QĐ-UBND", issuer_unit=bp,
    )
    return {"dn": dn, "bp": bp, "so": so, "vp": vp, "person": person}


def test_merge_keeps_history_and_rolls_up_under_successor(province):
    bp, dn, so = province["bp"], province["dn"], province["so"]
    reorg = reorganise.merge([bp], dn, JULY, "202/2025/QH15")

    bp = fresh(bp)
    assert reorg.kind == Reorganisation.MERGE and reorg.decision_no == "202/2025/QH15"
    assert bp.valid_to == D(2025, 6, 30)
    assert Succession.objects.filter(predecessor=bp, successor=dn).exists()
    # Children move to the successor from the merge date; before it, they stood under BP.
    assert fresh(so).parent_id == dn.pk
    assert history.unit_as_of(so, D(2022, 5, 1)).parent == bp
    assert history.unit_as_of(so, D(2025, 8, 1)).parent == dn
    # The 2022 record stays on its subject and rolls up under today's successor.
    record = Achievement.objects.get(code_id="TTLDXS")
    assert record.subject_id == so.pk and record.issuer_unit_id == bp.pk
    assert {"BP", "BP_SLD", "BP_SLD_VP"} <= in_scope(dn)
    assert Achievement.objects.filter(subject__unit__path__startswith=fresh(dn).path).count() == 1
    assert history.unit_name_in_year(bp, 2022) == "UBND tỉnh Bình Phước"
    assert history.current_successor(bp) == dn
    # The dissolved unit's path hangs under the successor.
    assert fresh(bp).path.startswith(fresh(dn).path)


def test_merge_into_new_unit_moves_members_and_children(province):
    so, vp, person = province["so"], province["vp"], province["person"]
    snv = services.create_unit("BP_SNV", "Sở Nội vụ", "agency", province["bp"])
    reorganise.merge(
        [so, snv], date=D(2025, 3, 1), decision_no="15/NQ-HĐND",
        new_unit={"code": "BP_SNV2", "name": "Sở Nội vụ (mới)", "kind": "agency",
                  "parent": province["bp"]},
    )
    new = Unit.objects.get(subject__code="BP_SNV2")
    assert new.valid_from == D(2025, 3, 1)
    assert set(Succession.objects.filter(successor=new).values_list(
        "predecessor__subject__code", flat=True)) == {"BP_SLD", "BP_SNV"}
    person = Person.objects.get(pk=person.pk)
    assert person.unit_id == new.pk
    closed = Assignment.objects.get(person=person, unit=so)
    assert closed.valid_to == D(2025, 2, 28)
    assert Assignment.objects.get(person=person, valid_to__isnull=True).unit_id == new.pk
    assert fresh(vp).parent_id == new.pk
    assert {"BP_SLD", "BP_SNV", "BP_SLD_VP"} <= in_scope(new)
    assert history.successors_chain(so) == [new]


def test_merge_refuses_dissolved_source(province):
    reorganise.merge([province["so"]], province["dn"], JULY)
    with pytest.raises(ValidationError, match="đã giải thể"):
        reorganise.merge([fresh(province["so"])], province["dn"], D(2025, 8, 1))


def test_rename_keeps_the_old_name_for_earlier_dates(province):
    so = province["so"]
    reorganise.rename(so, "Sở Nội vụ tỉnh Bình Phước", D(2025, 3, 1), "10/QĐ-UBND")
    so = fresh(so)
    assert so.subject.name == "Sở Nội vụ tỉnh Bình Phước"
    assert so.subject.search_name == "so noi vu tinh binh phuoc"
    assert history.unit_as_of(so, D(2025, 2, 28)).name == "Sở Lao động - Thương binh và Xã hội"
    assert history.unit_as_of(so, D(2025, 3, 1)).name == "Sở Nội vụ tỉnh Bình Phước"
    assert history.unit_name_in_year(so, 2024) == "Sở Lao động - Thương binh và Xã hội"
    assert history.unit_name_in_year(so, 2025) == "Sở Nội vụ tỉnh Bình Phước"
    with pytest.raises(ValidationError):
        reorganise.rename(so, "Tên lùi ngày", D(2024, 1, 1))


def test_move_refuses_own_descendant_and_self(province):
    so, vp = province["so"], province["vp"]
    with pytest.raises(ValidationError) as info:
        reorganise.move(so, vp, JULY)
    assert "cấp dưới" in str(info.value) and "descendants" not in str(info.value)
    assert so.name in str(info.value)  # named, not coded
    with translation.override("en"), pytest.raises(ValidationError) as info:
        reorganise.move(so, vp, JULY)
    assert "descendants" in str(info.value) and "cấp dưới" not in str(info.value)
    with pytest.raises(ValidationError):
        reorganise.move(so, so, JULY)
    assert fresh(so).parent_id == province["bp"].pk
    assert not Reorganisation.objects.exists()


def test_move_carries_the_subtree(province):
    so, dn = province["so"], province["dn"]
    reorganise.move(so, dn, D(2024, 1, 1))
    dn_path = fresh(dn).path
    assert fresh(so).path == f"{dn_path}{so.pk}/"
    assert fresh(province["vp"]).path == f"{dn_path}{so.pk}/{province['vp'].pk}/"
    assert history.unit_as_of(so, D(2023, 12, 31)).parent == province["bp"]
    assert history.unit_as_of(so, D(2024, 1, 1)).parent == dn
    assert services.rebuild_paths() == 0  # the incremental paths equal a full rebuild


def test_split_places_members_and_children(province):
    so, vp, person = province["so"], province["vp"], province["person"]
    reorganise.split(
        so,
        [{"code": "A", "name": "Sở Nội vụ", "kind": "agency", "parent": province["bp"]},
         {"code": "B", "name": "Sở Y tế", "kind": "agency", "parent": province["bp"]}],
        D(2025, 3, 1),
    )
    a, b = Unit.objects.get(subject__code="A"), Unit.objects.get(subject__code="B")
    assert fresh(so).valid_to == D(2025, 2, 28)
    assert set(history.successors_chain(so)) == {a, b}
    assert fresh(vp).parent_id == a.pk
    assert Person.objects.get(pk=person.pk).unit_id == a.pk
    assert history.current_successor(so) == a


def test_split_with_placement(province):
    so, vp, person = province["so"], province["vp"], province["person"]
    a = services.create_unit("A", "Sở Nội vụ", "agency", province["bp"])
    b = services.create_unit("B", "Sở Y tế", "agency", province["bp"])
    reorganise.split(so, [a, b], D(2025, 3, 1), placement={vp: b, person: b})
    assert fresh(vp).parent_id == b.pk
    assert Person.objects.get(pk=person.pk).unit_id == b.pk
    with pytest.raises(ValidationError):
        reorganise.split(fresh(a), [b], D(2025, 4, 1))


def test_dissolve_with_several_successors(province):
    bp, so, vp = province["bp"], province["so"], province["vp"]
    w1 = services.create_unit("W1", "Phường Ngã Năm", "commune", province["dn"], valid_from=JULY)
    w2 = services.create_unit("W2", "Xã Tân Long", "commune", province["dn"], valid_from=JULY)
    reorganise.dissolve(so, JULY, [w1, w2], "1681/NQ-UBTVQH15")
    assert fresh(so).valid_to == D(2025, 6, 30)
    assert history.successors_chain(so) == [w1, w2]
    assert fresh(vp).parent_id == w1.pk
    assert "BP_SLD" in in_scope(w1) and "BP_SLD" not in in_scope(bp)
    assert Person.objects.get(pk=province["person"].pk).unit_id == w1.pk


def test_dissolve_without_successor_lifts_children_to_parent(province):
    bp, so, vp = province["bp"], province["so"], province["vp"]
    reorganise.dissolve(so, JULY)
    assert fresh(vp).parent_id == bp.pk
    assert {"BP_SLD", "BP_SLD_VP"} <= in_scope(bp)
    assert history.current_successor(so) is None
    assert history.successors_chain(so) == []
    # Its people stay with it and still roll up under the parent.
    assert Person.objects.filter(unit__path__startswith=fresh(bp).path).count() == 1


def test_chain_follows_two_reorganisations(province):
    so, bp, dn = province["so"], province["bp"], province["dn"]
    snv = services.create_unit("BP_SNV", "Sở Nội vụ", "agency", bp)
    reorganise.merge([so], snv, D(2025, 3, 1))
    dn_snv = services.create_unit("DN_SNV", "Sở Nội vụ tỉnh Đồng Nai", "agency", dn)
    reorganise.merge([fresh(snv)], dn_snv, JULY)
    reorganise.merge([fresh(bp)], dn, JULY)
    assert history.successors_chain(so) == [snv, dn_snv]
    assert history.current_successor(so) == dn_snv
    assert {"BP_SLD", "BP_SNV", "BP_SLD_VP"} <= in_scope(dn_snv)
    assert history.unit_as_of(so, D(2024, 6, 1)) == (
        "Sở Lao động - Thương binh và Xã hội", "agency", bp)
    assert services.rebuild_paths() == 0


def test_states_from_one_read_of_the_line_are_the_states_read_one_by_one(province):
    """`unit_as_of(..., known=versions_by_unit(...))`, as the quota check walks up today's
    line, says what one read per unit says — also for a parent of an earlier year that
    is no longer on the line (read on its own)."""
    so, vp, dn = province["so"], province["vp"], province["dn"]
    reorganise.move(so, dn, D(2024, 1, 1))
    reorganise.rename(so, "Sở Nội vụ tỉnh Đồng Nai", D(2025, 3, 1))
    vp = fresh(vp)
    line = {int(pk) for pk in vp.path.strip("/").split("/")}
    assert province["bp"].pk not in line
    known = history.versions_by_unit(line)
    for day in (D(2023, 6, 1), D(2024, 6, 1), D(2025, 6, 1)):
        for unit in (vp, fresh(so), fresh(dn), fresh(province["bp"])):
            assert history.unit_as_of(unit, day, known) == history.unit_as_of(unit, day)
        walked, node = [], vp
        while node is not None:
            walked.append(node.pk)
            node = history.unit_as_of(node, day, known).parent
        assert walked[:2] == [vp.pk, so.pk]
        assert walked[2] == (province["bp"].pk if day.year < 2024 else dn.pk)
