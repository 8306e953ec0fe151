"""Reminders: N days before a deadline and once overdue, to the unit officers and
standing office of the responsible units, in the app and by e-mail — each once."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from dienhinh.notifications.models import Notification
from dienhinh.orgs.models import Role
from dienhinh.plans import plan_services, reminders
from dienhinh.plans.models import PlanDeadline, PlanTemplate, Reminder

D = dt.date


@pytest.fixture
def world(tree, make_user):
    office = make_user("vanphong", Role.STANDING_OFFICE, tree["sct"], email="vp@sct.gov.vn")
    officer = make_user("canbo_qlcn", Role.UNIT_OFFICER, tree["qlcn"], email="qlcn@sct.gov.vn")
    vp_officer = make_user("canbo_vp", Role.UNIT_OFFICER, tree["vp"], email="")
    council = make_user("hoidong", Role.COUNCIL_MEMBER, tree["qlcn"], email="hd@sct.gov.vn")
    outsider = make_user("canbo_snv", Role.UNIT_OFFICER, tree["other"], email="x@snv.gov.vn")
    template = PlanTemplate.objects.get(template_id="lao-cai-sldtbxh-qpan-2022-2025")
    plan = plan_services.adopt(office, template, tree["sct"], "12/KH-SCT", D(2022, 2, 1),
                               "Kế hoạch xây dựng điển hình")
    plan_services.update_plan(office, plan, plan.version,
                              responsible={"register": [tree["qlcn"]]})
    plan_services.put_in_force(office, plan, plan.version)
    register_2024 = PlanDeadline.objects.get(plan=plan, task__step_id="register", year=2024)
    return {**tree, "office": office, "officer": officer, "vp_officer": vp_officer,
            "council": council, "outsider": outsider, "plan": plan, "register": register_2024}


def run(today, django_capture_on_commit_callbacks, days=(7, 1)):
    with django_capture_on_commit_callbacks(execute=True):
        return reminders.send_due_reminders(today, list(days))


def test_kind_due_picks_the_most_urgent(world):
    d = world["register"]  # before 20/01/2024
    assert reminders.kind_due(d, D(2024, 1, 12), [7, 1]) is None
    assert reminders.kind_due(d, D(2024, 1, 13), [7, 1]) == "before:7"
    assert reminders.kind_due(d, D(2024, 1, 18), [7, 1]) == "before:7"
    assert reminders.kind_due(d, D(2024, 1, 19), [7, 1]) == "before:1"
    assert reminders.kind_due(d, D(2024, 1, 20), [7, 1]) == "overdue"  # "before" the 20th
    assert reminders.kind_due(d, D(2024, 3, 1), [7, 1]) is None  # beyond the lookback


def test_seven_days_before_reaches_the_responsible_officer_once(world,
                                                                 django_capture_on_commit_callbacks):
    sent = run(D(2024, 1, 13), django_capture_on_commit_callbacks)
    notes = Notification.objects.filter(subject__contains="Mỗi đơn vị đăng ký")
    # the register task is led by Phòng QLCN: its officer; not the council member,
    # not Văn phòng's officer, not another agency
    assert {n.user.username for n in notes} == {"canbo_qlcn"}
    note = notes.get()
    assert note.subject.startswith("Còn 7 ngày đến hạn:")
    assert "trước ngày 20/01/2024" in note.body and "Kế hoạch số 12/KH-SCT" in note.body
    assert [m.to for m in mail.outbox if "Mỗi đơn vị" in m.subject] == [["qlcn@sct.gov.vn"]]
    assert sent >= 1
    mail.outbox.clear()
    again = run(D(2024, 1, 13), django_capture_on_commit_callbacks)
    assert again == 0 and mail.outbox == []
    run(D(2024, 1, 15), django_capture_on_commit_callbacks)
    assert Notification.objects.filter(subject__contains="Mỗi đơn vị đăng ký").count() == 1


def test_one_day_before_then_overdue_each_once(world, django_capture_on_commit_callbacks):
    officer = world["officer"]
    for day in (D(2024, 1, 13), D(2024, 1, 19), D(2024, 1, 19), D(2024, 1, 20),
                D(2024, 1, 25)):
        run(day, django_capture_on_commit_callbacks)
    kinds = sorted(Reminder.objects.filter(deadline=world["register"], user=officer)
                   .values_list("kind", flat=True))
    assert kinds == ["before:1", "before:7", "overdue"]
    overdue = Notification.objects.get(user=officer, subject__startswith="Quá hạn:")
    assert "Đã quá hạn (trước ngày 20/01/2024)" in overdue.body


def test_completed_deadline_is_not_reminded_as_overdue(world, django_capture_on_commit_callbacks):
    plan_services.complete_deadline(world["officer"], world["register"])
    run(D(2024, 1, 21), django_capture_on_commit_callbacks)
    assert not Reminder.objects.filter(deadline=world["register"]).exists()


def test_task_without_units_reminds_the_standing_office(world, django_capture_on_commit_callbacks):
    police = PlanDeadline.objects.get(plan=world["plan"], task__step_id="send_police", year=2024)
    assert not police.task.responsible_units.exists()
    run(D(2024, 1, 24), django_capture_on_commit_callbacks)
    assert list(Reminder.objects.filter(deadline=police).values_list("user__username", "kind")) \
        == [("vanphong", "before:1")]
    assert any(m.to == ["vp@sct.gov.vn"] and "Văn phòng Sở tổng hợp" in m.subject
               for m in mail.outbox)


def test_closed_plan_does_not_remind(world, django_capture_on_commit_callbacks):
    plan = world["plan"]
    plan_services.close_plan(world["office"], plan, plan.version)
    assert run(D(2024, 1, 19), django_capture_on_commit_callbacks) == 0


def test_command_runs_and_the_task_too(world, capsys):
    call_command("remind", "--date", "2024-01-19")
    out = capsys.readouterr().out
    assert "nhắc hạn" in out and Reminder.objects.filter(kind="before:1").exists()
    count = Reminder.objects.count()
    call_command("remind", "--date", "2024-01-19")
    assert "Đã gửi 0 nhắc hạn" in capsys.readouterr().out
    assert Reminder.objects.count() == count
    from dienhinh.plans.tasks import send_reminders

    result = send_reminders.enqueue("2024-01-20")  # ImmediateBackend in tests
    assert result.return_value >= 1
    assert Reminder.objects.filter(kind="overdue").exists()


def test_command_refuses_a_bad_date(world):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("remind", "--date", "20/01/2024")
