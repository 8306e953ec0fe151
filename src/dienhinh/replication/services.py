"""Replication services: every write of the app and the figures other apps read.

Read by the portal and the reports (import only these names):

- `adoption_counts(target, year=None)` → `{model_pk: {year: units}}`: how many distinct
  units took up each model, by the year the adoption started (abandoned ones excluded);
  `target` is a queryset of `GoodModel` or an agency (`Unit`: the models of the agency
  and the units below it).
- `spread(model)` → `[SpreadRow]`: where a model spread, since when, with what result.
- `media_counts(scope, plan, from_year, to_year)` → `{year: {outlet_kind: n}}` for every
  year of the range (zeros included) and `"total"` per year; `plan=None` counts every
  plan. `scope` is a user (the items of the agencies in their policy scope) or a `Unit`
  (the items of it and the units below it: a report of the plan's agency).
- `pledges_due(scope, today)` → queryset of open pledges whose review is due by
  `today`; `scope` is a user (policy scope) or a `Unit` (it and the units below it).

Writes check the policy (`workflow.require`) and refuse bad input with a
`workflow.GuardFailed` whose message says, in Vietnamese, what is wrong. Adoptions and
pledges change state only through `workflow.transition`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh import policy, workflow
from dienhinh.audit.services import record
from dienhinh.core import doc_numbers, public_cache
from dienhinh.decisions.models import Decision, Recognition
from dienhinh.orgs.models import Person, Subject, Unit
from dienhinh.replication.models import (
    ADOPTION_TRANSITIONS,
    CONFERENCE_TRANSITIONS,
    PLEDGE_TRANSITIONS,
    Adoption,
    AdoptionProgress,
    Conference,
    ConferenceHonouree,
    ConferenceInvitee,
    GoodModel,
    MediaItem,
    Pledge,
    ProgrammeItem,
    StudyVisit,
)

Refused = workflow.GuardFailed


# -- figures read by the portal and the reports --------------------------------------------
def _models_of(target) -> QuerySet[GoodModel]:
    if isinstance(target, Unit):
        return GoodModel.objects.filter(agency__path__startswith=target.path)
    return target


def adoption_counts(target, year: int | None = None) -> dict[int, dict[int, int]]:
    """Distinct adopting units per model and per year the adoption started."""
    models = _models_of(target)
    rows = (Adoption.objects.filter(model__in=models.values("pk"))
            .exclude(status=Adoption.ABANDONED)
            .annotate(y=ExtractYear("started_on")))
    if year is not None:
        rows = rows.filter(y=year)
    counts: dict[int, dict[int, int]] = {}
    for row in rows.values("model_id", "y").annotate(n=Count("unit", distinct=True)) \
            .order_by("model_id", "y"):
        counts.setdefault(row["model_id"], {})[row["y"]] = row["n"]
    return counts


@dataclass(frozen=True)
class SpreadRow:
    adoption_id: int
    unit_id: int
    unit_name: str
    since: datetime.date
    status: str
    status_label: str
    rating: str
    rating_label: str
    result: str
    evaluated_on: datetime.date | None
    last_progress_on: datetime.date | None
    last_percent: int | None


def spread(model: GoodModel) -> list[SpreadRow]:
    """Every unit that took up `model` (abandoned included, so the page tells the whole
    story), earliest first."""
    adoptions = (model.adoptions.select_related("unit__subject")
                 .annotate(last_on=Max("progress__on")).order_by("started_on", "id"))
    last_percent = {}
    for row in (AdoptionProgress.objects.filter(adoption__model=model, percent__isnull=False)
                .order_by("adoption_id", "on", "id").values("adoption_id", "percent")):
        last_percent[row["adoption_id"]] = row["percent"]
    return [SpreadRow(
        adoption_id=a.pk, unit_id=a.unit_id, unit_name=a.unit.subject.name, since=a.started_on,
        status=a.status, status_label=str(a.get_status_display()), rating=a.rating,
        rating_label=str(a.get_rating_display()) if a.rating else "", result=a.result,
        evaluated_on=a.evaluated_on, last_progress_on=a.last_on,
        last_percent=last_percent.get(a.pk)) for a in adoptions]


def media_counts(scope, plan, from_year: int, to_year: int) -> dict[int, dict[str, int]]:
    """Media items in `scope` (a user or a unit) per year and outlet kind (zeros
    included), with a `total` per year. Scoped like every other count: a reader never
    counts another agency's log, even through a plan both cite."""
    if from_year > to_year:
        raise Refused(_("Khoảng thời gian không hợp lệ: năm bắt đầu sau năm kết thúc."))
    items = MediaItem.objects.filter(published_on__year__gte=from_year,
                                     published_on__year__lte=to_year)
    if isinstance(scope, Unit):
        items = items.filter(agency__path__startswith=scope.path)
    else:
        items = items.filter(agency__in=policy.units(scope).values("pk"))
    if plan is not None:
        items = items.filter(plan=plan)
    counts = {y: {kind: 0 for kind in MediaItem.Outlet.values} | {"total": 0}
              for y in range(from_year, to_year + 1)}
    for row in (items.annotate(y=ExtractYear("published_on")).values("y", "outlet_kind")
                .annotate(n=Count("pk")).order_by()):
        counts[row["y"]][row["outlet_kind"]] += row["n"]
        counts[row["y"]]["total"] += row["n"]
    return counts


def pledges_due(scope, today: datetime.date) -> QuerySet[Pledge]:
    """Open pledges whose review date has come, in `scope` (a user or a unit)."""
    qs = Pledge.objects.filter(status=Pledge.OPEN, review_due__lte=today)
    if isinstance(scope, Unit):
        qs = qs.filter(unit__path__startswith=scope.path)
    else:
        qs = qs.filter(unit__in=policy.units(scope, "review_pledge").values("pk"))
    return qs.select_related("unit__subject", "exemplar", "person__subject") \
        .order_by("review_due", "id")


# An adoption is evaluated after a year of work (the yearly review of the plan).
EVALUATE_AFTER_DAYS = 365


def adoptions_to_evaluate(user, today: datetime.date) -> QuerySet[Adoption]:
    """Adoptions in progress for a year or more, not yet evaluated, in the user's scope."""
    since = today - datetime.timedelta(days=EVALUATE_AFTER_DAYS)
    return (Adoption.objects.filter(status__in=[Adoption.REGISTERED, Adoption.IN_PROGRESS],
                                    started_on__lte=since,
                                    unit__in=policy.units(user, "adopt_model").values("pk"))
            .select_related("model", "unit__subject").order_by("started_on", "id"))


# -- checks shared by the writes --------------------------------------------------------------
def _today() -> datetime.date:
    return timezone.localdate()


def _not_future(value: datetime.date | None, label: str) -> None:
    if value is not None and value > _today():
        raise Refused(_("%(label)s không được sau ngày hôm nay.") % {"label": label})


def _in_scope_unit(user, action: str, unit: Unit) -> None:
    if unit is None or not policy.can(user, action, unit):
        raise workflow.NotAllowed(
            _("Đơn vị “%(unit)s” không thuộc phạm vi bạn được thao tác.")
            % {"unit": unit.subject.name if unit is not None else "—"})


def issued_recognition(subject: Subject, agency: Unit | None = None) -> Recognition | None:
    """The latest decision item of an issued, not revoked, decision recognising
    `subject` (of `agency` or a unit below it when given)."""
    qs = Recognition.objects.filter(subject=subject, decision__status=Decision.ISSUED,
                                    decision__kind=Decision.RECOGNITION,
                                    revoked_by__isnull=True)
    if agency is not None:
        qs = qs.filter(decision__agency__path__startswith=agency.path)
    return qs.select_related("decision").order_by("-decision__signed_on", "-id").first()


def _audit(user, action: str, obj, after: dict | None = None) -> None:
    record(user, action, obj, None, after or {"version": getattr(obj, "version", None)})


# -- good models ---------------------------------------------------------------------------
def create_model(user, *, agency: Unit, title: str, owner: Subject, summary: str = "",
                 field: str = "", plan=None, recognition: Recognition | None = None
                 ) -> GoodModel:
    workflow.require(user, "manage_replication", agency)
    if not policy.subjects(user).filter(pk=owner.pk).exists():
        raise workflow.NotAllowed(_("Điển hình không thuộc phạm vi của bạn."))
    if recognition is None:
        recognition = issued_recognition(owner)
    elif recognition.subject_id != owner.pk or recognition.decision.status != Decision.ISSUED:
        raise Refused(_("Quyết định công nhận đã chọn không công nhận điển hình này."))
    with transaction.atomic():
        model = GoodModel.objects.create(agency=agency, title=title.strip(), owner=owner,
                                         summary=summary, field=field, plan=plan,
                                         recognition=recognition, created_by=user)
        _audit(user, "goodmodel.create", model, {"title": model.title})
        public_cache.changed()  # the portal lists the models
    return model


# -- adoptions -------------------------------------------------------------------------------
def learnable_from(model: GoodModel) -> set[int]:
    """Subjects a unit may learn the model from: its owner, and the units that took it
    up (and did not abandon it) — a model spreads from one adopter to the next."""
    return {model.owner_id, *Adoption.objects.filter(model=model).exclude(
        status=Adoption.ABANDONED).values_list("unit_id", flat=True)}


def register_adoption(user, *, model: GoodModel, unit: Unit, target: str,
                      started_on: datetime.date, learned_from: Subject | None = None,
                      study_visit: StudyVisit | None = None, target_value=None,
                      target_measure: str = "") -> Adoption:
    """The adopting unit registers a model: what, from whom, the target."""
    _in_scope_unit(user, "adopt_model", unit)
    if not target or not target.strip():
        raise Refused(_("Hãy nêu mục tiêu áp dụng mô hình."))
    if target_value is not None and target_value <= 0:
        raise Refused(_("Chỉ tiêu phải lớn hơn 0 (đã nhập %(value)s).") % {"value": target_value})
    if study_visit is not None and study_visit.visited_on > started_on:
        raise Refused(_("Ngày bắt đầu áp dụng (%(on)s) trước chuyến tham quan, học tập "
                        "(%(visit)s) mà việc áp dụng tiếp nối.")
                      % {"on": f"{started_on:%d/%m/%Y}",
                         "visit": f"{study_visit.visited_on:%d/%m/%Y}"})
    _not_future(started_on, _("Ngày bắt đầu"))
    if model.owner_id == unit.subject_id:
        raise Refused(_("Đơn vị chủ mô hình không tự đăng ký áp dụng mô hình của mình."))
    if learned_from is not None and learned_from.pk not in learnable_from(model):
        raise Refused(_("“%(name)s” không phải chủ mô hình hay đơn vị đã áp dụng mô hình "
                        "này: hãy chọn nơi đơn vị thực sự học tập.")
                      % {"name": learned_from.name})
    if learned_from is not None and learned_from.pk == unit.subject_id:
        raise Refused(_("Đơn vị không học tập mô hình từ chính mình."))
    if Adoption.objects.filter(model=model, unit=unit).exclude(
            status=Adoption.ABANDONED).exists():
        raise Refused(_("Đơn vị “%(unit)s” đã đăng ký áp dụng mô hình này.")
                      % {"unit": unit.subject.name})
    with transaction.atomic():
        adoption = Adoption.objects.create(
            model=model, unit=unit, learned_from=learned_from or model.owner,
            target=target.strip(), started_on=started_on, study_visit=study_visit,
            target_value=target_value, target_measure=(target_measure or "").strip(),
            created_by=user)
        _audit(user, "adoption.register", adoption, {"status": adoption.status})
        public_cache.changed()  # the model's public page shows where it spread
    return adoption


def _spread_changed(adoption: Adoption) -> None:
    """The model's public page (where it spread, with what result) is stale."""
    public_cache.changed()


def record_progress(adoption: Adoption, user, version, *, on: datetime.date, note: str,
                    percent: int | None = None) -> Adoption:
    if not note or not note.strip():
        raise Refused(_("Hãy ghi nội dung đã triển khai."))
    if percent is not None and not 0 <= percent <= 100:
        raise Refused(_("Mức độ hoàn thành phải từ 0 đến 100%."))

    def guard(a):
        _not_future(on, _("Ngày ghi tiến độ"))
        if on < a.started_on:
            raise Refused(_("Ngày ghi tiến độ (%(on)s) trước ngày bắt đầu áp dụng (%(start)s).")
                          % {"on": f"{on:%d/%m/%Y}", "start": f"{a.started_on:%d/%m/%Y}"})
        AdoptionProgress.objects.create(adoption=a, on=on, note=note.strip(), percent=percent,
                                        by=user)

    return workflow.transition(adoption, "progress", user=user, version=version,
                               transitions=ADOPTION_TRANSITIONS, permission="adopt_model",
                               label=_("ghi tiến độ"), guard=guard, audit="adoption.progress",
                               notify=_spread_changed)


def evaluate_adoption(adoption: Adoption, user, version, *, rating: str, result: str,
                      evaluated_on: datetime.date) -> Adoption:
    """The adopting unit evaluates the result; never before the adoption started."""
    if rating not in Adoption.Rating.values:
        raise Refused(_("Hãy chọn mức đánh giá kết quả."))
    if not result or not result.strip():
        raise Refused(_("Hãy ghi kết quả đạt được."))

    def guard(a):
        _not_future(evaluated_on, _("Ngày đánh giá"))
        if evaluated_on < a.started_on:
            raise Refused(
                _("Không thể đánh giá kết quả ngày %(on)s: việc áp dụng mô hình bắt đầu ngày "
                  "%(start)s, ngày đánh giá phải từ ngày bắt đầu trở đi.")
                % {"on": f"{evaluated_on:%d/%m/%Y}", "start": f"{a.started_on:%d/%m/%Y}"})

    return workflow.transition(
        adoption, "evaluate", user=user, version=version, transitions=ADOPTION_TRANSITIONS,
        permission="adopt_model", label=_("đánh giá kết quả"), guard=guard,
        changes={"rating": rating, "result": result.strip(), "evaluated_on": evaluated_on},
        audit="adoption.evaluate", notify=_spread_changed)


def abandon_adoption(adoption: Adoption, user, version, *, reason: str) -> Adoption:
    if not reason or not reason.strip():
        raise Refused(_("Hãy nêu lý do dừng áp dụng."))
    return workflow.transition(
        adoption, "abandon", user=user, version=version, transitions=ADOPTION_TRANSITIONS,
        permission="adopt_model", label=_("dừng áp dụng"),
        changes={"result": reason.strip()}, audit="adoption.abandon", notify=_spread_changed)


# -- pledges ---------------------------------------------------------------------------------
def create_pledge(user, *, unit: Unit | None = None, person: Person | None = None,
                  exemplar: Subject, content: str, pledged_on: datetime.date,
                  review_due: datetime.date, plan=None) -> Pledge:
    """A unit, or a person of it, pledges to follow an exemplar (thi đua cùng điển hình)."""
    if person is not None:
        if unit is not None and person.unit_id != unit.pk:
            raise Refused(_("Cá nhân đăng ký không thuộc đơn vị đã chọn."))
        unit = person.unit
    if unit is None:
        raise Refused(_("Hãy chọn đơn vị hoặc cá nhân đăng ký."))
    _in_scope_unit(user, "adopt_model", unit)
    if not content or not content.strip():
        raise Refused(_("Hãy ghi nội dung đăng ký thi đua."))
    _not_future(pledged_on, _("Ngày đăng ký"))
    if review_due < pledged_on:
        raise Refused(_("Hạn đánh giá phải từ ngày đăng ký trở đi."))
    recognition = issued_recognition(exemplar)
    if recognition is None:
        raise Refused(_("“%(name)s” chưa được công nhận là điển hình tiên tiến bằng quyết "
                        "định đã ban hành.") % {"name": exemplar.name})
    if exemplar.pk in (unit.subject_id, getattr(person, "subject_id", None)):
        raise Refused(_("Không thể đăng ký thi đua cùng chính mình."))
    with transaction.atomic():
        pledge = Pledge.objects.create(unit=unit, person=person, exemplar=exemplar,
                                       recognition=recognition, plan=plan,
                                       content=content.strip(), pledged_on=pledged_on,
                                       review_due=review_due, created_by=user)
        _audit(user, "pledge.create", pledge, {"status": pledge.status})
    return pledge


def review_pledge(pledge: Pledge, user, version, *, outcome: str, note: str = "",
                  reviewed_on: datetime.date) -> Pledge:
    if outcome not in Pledge.Outcome.values:
        raise Refused(_("Hãy chọn kết quả thực hiện đăng ký."))

    def guard(p):
        _not_future(reviewed_on, _("Ngày đánh giá"))
        if reviewed_on < p.pledged_on:
            raise Refused(_("Ngày đánh giá phải từ ngày đăng ký (%(on)s) trở đi.")
                          % {"on": f"{p.pledged_on:%d/%m/%Y}"})

    return workflow.transition(
        pledge, "review", user=user, version=version, transitions=PLEDGE_TRANSITIONS,
        permission="review_pledge", label=_("đánh giá đăng ký"), guard=guard,
        changes={"outcome": outcome, "outcome_note": note.strip(), "reviewed_on": reviewed_on},
        audit="pledge.review")


def withdraw_pledge(pledge: Pledge, user, version) -> Pledge:
    return workflow.transition(pledge, "withdraw", user=user, version=version,
                               transitions=PLEDGE_TRANSITIONS, permission="adopt_model",
                               label=_("rút đăng ký"), audit="pledge.withdraw")


# -- media log -------------------------------------------------------------------------------
def _check_media_fields(outlet_kind: str, outlet_name: str, title: str,
                        published_on: datetime.date) -> None:
    """The rules of a media item's own fields, the same for logging and correcting it."""
    if outlet_kind not in MediaItem.Outlet.values:
        raise Refused(_("Loại hình không hợp lệ."))
    if not title or not title.strip() or not outlet_name or not outlet_name.strip():
        raise Refused(_("Hãy ghi tiêu đề và tên cơ quan báo chí, kênh."))
    _not_future(published_on, _("Ngày đăng, phát"))


def _require_exemplars_in_scope(user, exemplars: list) -> None:
    in_scope = set(policy.subjects(user).filter(pk__in=[s.pk for s in exemplars])
                   .values_list("pk", flat=True))
    outside = [s.name for s in exemplars if s.pk not in in_scope]
    if outside:
        raise workflow.NotAllowed(_("Điển hình không thuộc phạm vi của bạn: %(names)s.")
                                  % {"names": ", ".join(outside)})


def _require_plan_of(agency: Unit, plan) -> None:
    """A media item may cite a plan of its agency's line (above or below it), no other."""
    if plan is not None and not plan.agency.path.startswith(agency.path) and \
            not agency.path.startswith(plan.agency.path):
        raise Refused(_("Kế hoạch không thuộc cơ quan ghi nhận."))


def log_media(user, *, agency: Unit, outlet_kind: str, outlet_name: str,
              published_on: datetime.date, title: str, link: str = "", plan=None,
              exemplars=(), recognitions=(), good_models=(), upload=None) -> MediaItem:
    workflow.require(user, "manage_media", agency)
    exemplars = list(exemplars)
    _check_media_fields(outlet_kind, outlet_name, title, published_on)
    _require_plan_of(agency, plan)
    _require_exemplars_in_scope(user, exemplars)
    with transaction.atomic():
        item = MediaItem(agency=agency, outlet_kind=outlet_kind,
                         outlet_name=outlet_name.strip(), published_on=published_on,
                         title=title.strip(), link=link, plan=plan, created_by=user)
        if upload is not None:
            from dienhinh.core.files import stored_name
            from dienhinh.core.uploads import check_upload

            kind = check_upload(upload)
            item.file.save(stored_name(kind.extension), upload, save=False)
            item.file_name = upload.name[:255]
        item.save()
        item.exemplars.set(exemplars)
        item.recognitions.set(recognitions)
        item.good_models.set(good_models)
        _audit(user, "mediaitem.create", item, {"title": item.title})
    return item


def update_media(item: MediaItem, user, version, *, outlet_kind: str, outlet_name: str,
                 published_on: datetime.date, title: str, link: str = "", plan=None,
                 exemplars=(), good_models=()) -> MediaItem:
    """Correct a logged item (a wrong date, a title, the exemplars it concerns)."""
    _check_media_fields(outlet_kind, outlet_name, title, published_on)
    exemplars = list(exemplars)
    _require_exemplars_in_scope(user, exemplars)
    with transaction.atomic():
        fresh = workflow.lock(item, version)
        workflow.require(user, "manage_media", fresh)
        _require_plan_of(fresh.agency, plan)
        workflow.bump(fresh, outlet_kind=outlet_kind, outlet_name=outlet_name.strip(),
                      published_on=published_on, title=title.strip(), link=link, plan=plan)
        fresh.exemplars.set(exemplars)
        fresh.good_models.set(good_models)
        _audit(user, "mediaitem.update", fresh, {"title": fresh.title,
                                                 "version": fresh.version})
    return fresh


# -- study visits ----------------------------------------------------------------------------
def record_visit(user, *, agency: Unit, host: Subject, visiting_units, visited_on:
                 datetime.date, participants: int, lessons: str = "", plan=None) -> StudyVisit:
    workflow.require(user, "manage_replication", agency)
    visiting_units = list(visiting_units)
    if not visiting_units:
        raise Refused(_("Hãy chọn ít nhất một đơn vị tham gia."))
    for unit in visiting_units:
        _in_scope_unit(user, "manage_replication", unit)
    if participants is None or participants < 1:
        raise Refused(_("Số người tham gia phải ít nhất là 1."))
    _not_future(visited_on, _("Ngày tham quan"))
    if any(u.subject_id == host.pk for u in visiting_units):
        raise Refused(_("Đơn vị được tham quan không thể đồng thời là đơn vị đi tham quan."))
    with transaction.atomic():
        visit = StudyVisit.objects.create(agency=agency, host=host, visited_on=visited_on,
                                          participants=participants, lessons=lessons.strip(),
                                          plan=plan, created_by=user)
        visit.visiting_units.set(visiting_units)
        _audit(user, "studyvisit.create", visit, {"participants": participants})
    return visit


def _lock_visit(visit: StudyVisit, user, version) -> StudyVisit:
    """A study visit is a record edited in place (no life cycle): locked, at the version
    the user saw, in the user's scope. Call inside `transaction.atomic()`."""
    fresh = workflow.lock(visit, version)
    workflow.require(user, "manage_replication", fresh)
    return fresh


def update_visit(visit: StudyVisit, user, version, *, lessons: str, participants: int,
                 visited_on: datetime.date | None = None) -> StudyVisit:
    """Correct the number of participants, the lessons learned and the date; the date
    never after the start of an adoption that followed the visit."""
    if participants is None or participants < 1:
        raise Refused(_("Số người tham gia phải ít nhất là 1."))
    _not_future(visited_on, _("Ngày tham quan"))
    with transaction.atomic():
        fresh = _lock_visit(visit, user, version)
        before = {"visited_on": fresh.visited_on.isoformat(),
                  "participants": fresh.participants, "version": fresh.version}
        if visited_on is not None and visited_on != fresh.visited_on:
            first = fresh.follow_ups.order_by("started_on").first()
            if first is not None and first.started_on < visited_on:
                raise Refused(_("Ngày tham quan (%(on)s) không thể sau ngày %(unit)s bắt đầu "
                                "áp dụng mô hình học tập được từ chuyến tham quan (%(start)s).")
                              % {"on": f"{visited_on:%d/%m/%Y}", "unit": first.unit.subject.name,
                                 "start": f"{first.started_on:%d/%m/%Y}"})
            fresh.visited_on = visited_on
        workflow.bump(fresh, lessons=lessons.strip(), participants=participants)
        record(user, "studyvisit.update", fresh, before,
               {"visited_on": fresh.visited_on.isoformat(), "participants": participants,
                "version": fresh.version})
    return fresh


def add_visiting_unit(visit: StudyVisit, user, version, *, unit: Unit) -> StudyVisit:
    _in_scope_unit(user, "manage_replication", unit)
    with transaction.atomic():
        fresh = _lock_visit(visit, user, version)
        if unit.subject_id == fresh.host_id:
            raise Refused(_("Đơn vị được tham quan không thể đồng thời là đơn vị đi tham quan."))
        if fresh.visiting_units.filter(pk=unit.pk).exists():
            raise Refused(_("Đơn vị “%(unit)s” đã có trong danh sách đơn vị tham gia.")
                          % {"unit": unit.subject.name})
        fresh.visiting_units.add(unit)
        workflow.bump(fresh)
        _audit(user, "studyvisit.add_unit", fresh, {"unit": unit.code,
                                                    "version": fresh.version})
    return fresh


def remove_visiting_unit(visit: StudyVisit, user, version, *, unit: Unit) -> StudyVisit:
    """Take a unit off the visit: not the last one, and not one that took up a model
    after the visit (its adoption names the visit)."""
    with transaction.atomic():
        fresh = _lock_visit(visit, user, version)
        if not fresh.visiting_units.filter(pk=unit.pk).exists():
            raise Refused(_("Đơn vị “%(unit)s” không có trong danh sách đơn vị tham gia.")
                          % {"unit": unit.subject.name})
        if fresh.visiting_units.count() == 1:
            raise Refused(_("Chuyến tham quan phải có ít nhất một đơn vị tham gia."))
        if fresh.follow_ups.filter(unit=unit).exists():
            raise Refused(_("Đơn vị “%(unit)s” đã đăng ký áp dụng mô hình sau chuyến tham "
                            "quan này: không thể bỏ đơn vị khỏi chuyến tham quan.")
                          % {"unit": unit.subject.name})
        fresh.visiting_units.remove(unit)
        workflow.bump(fresh)
        _audit(user, "studyvisit.remove_unit", fresh, {"unit": unit.code,
                                                       "version": fresh.version})
    return fresh


# -- conferences -----------------------------------------------------------------------------
def _check_conference_fields(kind: str, title: str, venue: str, agency: Unit, plan,
                             number: str) -> str:
    """The rules of a conference's own fields, the same at creation and on correction;
    the invitation's number as it is kept (core/doc_numbers.py)."""
    if kind not in Conference.Kind.values:
        raise Refused(_("Hãy chọn loại hội nghị (sơ kết hoặc tổng kết)."))
    if not title.strip() or not venue.strip():
        raise Refused(_("Hãy ghi tên hội nghị và địa điểm."))
    if plan is not None and plan.agency_id != agency.pk:
        raise Refused(_("Kế hoạch không phải của cơ quan tổ chức hội nghị."))
    try:
        return doc_numbers.normalise(number, doc_numbers.INVITATION)
    except doc_numbers.NumberError as exc:
        raise Refused(str(exc)) from exc


def create_conference(user, *, agency: Unit, kind: str, title: str, held_on: datetime.date,
                      venue: str, plan=None, starts_at=None, number: str = "",
                      place: str = "", signer_title: str = "", signer_name: str = ""
                      ) -> Conference:
    workflow.require(user, "manage_replication", agency)
    number = _check_conference_fields(kind, title, venue, agency, plan, number)
    with transaction.atomic():
        conf = Conference.objects.create(
            agency=agency, plan=plan, kind=kind, title=title.strip(), held_on=held_on,
            starts_at=starts_at, venue=venue.strip(), number=number, place=place,
            signer_title=signer_title, signer_name=signer_name, created_by=user)
        _audit(user, "conference.create", conf, {"title": conf.title})
    return conf


def _change(conf: Conference, user, version, apply, *, label: str, audit: str):
    """Change a conference being prepared through its "edit" transition: locked at the
    version the user saw, `manage_replication` in its agency, refused once it was held
    (409), audited. `apply(fresh)` makes the change and returns (result, what to audit)."""
    done: dict = {}

    def changes(fresh):
        done["result"], done["audit"] = apply(fresh)
        return {}  # a change of the conference's own fields is made on `fresh` by apply

    def snapshot(c):
        return {"status": c.status, "version": c.version, **done.get("audit", {})}

    workflow.transition(conf, "edit", user=user, version=version,
                        transitions=CONFERENCE_TRANSITIONS, permission="manage_replication",
                        label=label, changes=changes, snapshot=snapshot, audit=audit)
    return done["result"]


def update_conference(conf: Conference, user, version, *, kind: str, title: str,
                      held_on: datetime.date, venue: str, plan=None, starts_at=None,
                      number: str = "", place: str = "", signer_title: str = "",
                      signer_name: str = "") -> Conference:
    """Correct what the invitation says (name, date, time, venue, letterhead)."""
    number = _check_conference_fields(kind, title, venue, conf.agency, plan, number)
    values = {"kind": kind, "title": title.strip(), "held_on": held_on, "venue": venue.strip(),
              "plan": plan, "starts_at": starts_at, "number": number,
              "place": place.strip(), "signer_title": signer_title.strip(),
              "signer_name": signer_name.strip()}

    def apply(fresh):
        for key, value in values.items():
            setattr(fresh, key, value)
        return fresh, {"title": values["title"], "held_on": held_on.isoformat()}

    return _change(conf, user, version, apply, label=_("sửa thông tin hội nghị"),
                   audit="conference.update")


def _part(manager, pk: int, missing: str):
    """A row of the conference (locked with it), or a refusal naming what is missing."""
    row = manager.filter(pk=pk).first()
    if row is None:
        raise Refused(missing)
    return row


def _renumber(manager) -> None:
    for n, row in enumerate(manager.order_by("position", "id"), 1):
        if row.position != n:
            row.position = n
            row.save(update_fields=["position"])


def add_honouree(conf: Conference, user, version, *, subject: Subject, speaks: bool = False,
                 topic: str = "") -> ConferenceHonouree:
    """Honour an exemplar: only one recognised by an issued decision of the organising
    agency or a unit below it."""
    recognition = issued_recognition(subject, conf.agency)
    if recognition is None:
        raise Refused(
            _("“%(name)s” không có trong quyết định công nhận điển hình tiên tiến nào đã ban "
              "hành của %(agency)s: hội nghị chỉ tôn vinh điển hình đã được công nhận.")
            % {"name": subject.name, "agency": conf.agency.subject.name})
    if speaks and not topic.strip():
        raise Refused(_("Hãy ghi chủ đề tham luận của điển hình trình bày."))

    def apply(fresh):
        if fresh.honourees.filter(recognition__subject=subject).exists():
            raise Refused(_("“%(name)s” đã có trong danh sách tôn vinh.") % {"name": subject.name})
        position = fresh.honourees.count() + 1
        honouree = ConferenceHonouree.objects.create(conference=fresh, recognition=recognition,
                                                     speaks=speaks, topic=topic.strip(),
                                                     position=position)
        return honouree, {"subject": subject.code, "speaks": speaks}

    return _change(conf, user, version, apply, label=_("thêm điển hình được tôn vinh"),
                   audit="conference.honour")


def update_honouree(conf: Conference, user, version, *, honouree: int, speaks: bool,
                    topic: str = "") -> ConferenceHonouree:
    if speaks and not topic.strip():
        raise Refused(_("Hãy ghi chủ đề tham luận của điển hình trình bày."))

    def apply(fresh):
        h = _part(fresh.honourees.select_related("recognition__subject"), honouree,
                  _("Điển hình này không còn trong danh sách tôn vinh của hội nghị."))
        h.speaks, h.topic = speaks, topic.strip() if speaks else ""
        h.save(update_fields=["speaks", "topic"])
        return h, {"subject": h.recognition.subject.code, "speaks": speaks}

    return _change(conf, user, version, apply, label=_("sửa danh sách tôn vinh"),
                   audit="conference.honouree_update")


def remove_honouree(conf: Conference, user, version, *, honouree: int) -> Conference:
    def apply(fresh):
        h = _part(fresh.honourees.select_related("recognition__subject"), honouree,
                  _("Điển hình này không còn trong danh sách tôn vinh của hội nghị."))
        item = fresh.programme.filter(honouree=h).first()
        if item is not None:
            raise Refused(_("“%(name)s” trình bày ở mục chương trình “%(item)s”: hãy sửa hoặc "
                            "xóa mục đó trước.")
                          % {"name": h.recognition.subject.name, "item": item.title})
        code = h.recognition.subject.code
        h.delete()
        _renumber(fresh.honourees)
        return fresh, {"removed_subject": code}

    return _change(conf, user, version, apply, label=_("sửa danh sách tôn vinh"),
                   audit="conference.honouree_remove")


def add_programme_item(conf: Conference, user, version, *, title: str, starts_at=None,
                       presenter: str = "", honouree: ConferenceHonouree | None = None
                       ) -> ProgrammeItem:
    if not title.strip():
        raise Refused(_("Hãy ghi nội dung của mục chương trình."))
    if honouree is not None and honouree.conference_id != conf.pk:
        raise Refused(_("Điển hình trình bày không thuộc hội nghị này."))

    def apply(fresh):
        position = (fresh.programme.aggregate(m=Max("position"))["m"] or 0) + 1
        item = ProgrammeItem.objects.create(conference=fresh, position=position,
                                            starts_at=starts_at, title=title.strip(),
                                            presenter=presenter.strip(), honouree=honouree)
        return item, {"title": item.title}

    return _change(conf, user, version, apply, label=_("sửa chương trình"),
                   audit="conference.programme")


def update_programme_item(conf: Conference, user, version, *, item: int, title: str,
                          starts_at=None, presenter: str = "",
                          position: int | None = None) -> ProgrammeItem:
    """Correct a line of the programme; `position` (from 1) moves it among the others."""
    if not title.strip():
        raise Refused(_("Hãy ghi nội dung của mục chương trình."))

    def apply(fresh):
        row = _part(fresh.programme, item,
                    _("Mục chương trình này không còn trong hội nghị."))
        before = row.title
        row.title, row.starts_at, row.presenter = title.strip(), starts_at, presenter.strip()
        row.save(update_fields=["title", "starts_at", "presenter"])
        if position is not None:
            others = [r for r in fresh.programme.order_by("position", "id") if r.pk != row.pk]
            if not 1 <= position <= len(others) + 1:
                raise Refused(_("Thứ tự phải từ 1 đến %(n)s.") % {"n": len(others) + 1})
            others.insert(position - 1, row)
            for n, r in enumerate(others, 1):
                if r.position != n:
                    r.position = n
                    r.save(update_fields=["position"])
        return row, {"item": row.pk, "title_before": before, "title": row.title}

    return _change(conf, user, version, apply, label=_("sửa chương trình"),
                   audit="conference.programme_update")


def remove_programme_item(conf: Conference, user, version, *, item: int) -> Conference:
    def apply(fresh):
        row = _part(fresh.programme, item,
                    _("Mục chương trình này không còn trong hội nghị."))
        title = row.title
        row.delete()
        _renumber(fresh.programme)
        return fresh, {"removed": title}

    return _change(conf, user, version, apply, label=_("sửa chương trình"),
                   audit="conference.programme_remove")


def _check_invitee(fresh: Conference, unit: Unit | None, name: str, exclude=None) -> None:
    if unit is None and not name.strip():
        raise Refused(_("Hãy chọn đơn vị hoặc ghi tên đại biểu được mời."))
    others = fresh.invitees.exclude(pk=exclude) if exclude else fresh.invitees.all()
    if unit is not None and others.filter(invited_unit=unit).exists():
        raise Refused(_("Đơn vị “%(unit)s” đã có trong danh sách mời.")
                      % {"unit": unit.subject.name})


def invite(conf: Conference, user, version, *, unit: Unit | None = None,
           name: str = "") -> ConferenceInvitee:
    if unit is None and not name.strip():
        raise Refused(_("Hãy chọn đơn vị hoặc ghi tên đại biểu được mời."))

    def apply(fresh):
        _check_invitee(fresh, unit, name)
        invitee = ConferenceInvitee.objects.create(conference=fresh, invited_unit=unit,
                                                   name=name.strip())
        return invitee, {"invitee": invitee.label}

    return _change(conf, user, version, apply, label=_("sửa danh sách mời"),
                   audit="conference.invite")


def update_invitee(conf: Conference, user, version, *, invitee: int, unit: Unit | None = None,
                   name: str = "") -> ConferenceInvitee:
    if unit is None and not name.strip():
        raise Refused(_("Hãy chọn đơn vị hoặc ghi tên đại biểu được mời."))

    def apply(fresh):
        row = _part(fresh.invitees.select_related("invited_unit__subject"), invitee,
                    _("Đại biểu này không còn trong danh sách mời."))
        _check_invitee(fresh, unit, name, exclude=row.pk)
        before = row.label
        row.invited_unit, row.name = unit, name.strip()
        row.save(update_fields=["invited_unit", "name"])
        return row, {"invitee_before": before, "invitee": row.label}

    return _change(conf, user, version, apply, label=_("sửa danh sách mời"),
                   audit="conference.invitee_update")


def remove_invitee(conf: Conference, user, version, *, invitee: int) -> Conference:
    def apply(fresh):
        row = _part(fresh.invitees.select_related("invited_unit__subject"), invitee,
                    _("Đại biểu này không còn trong danh sách mời."))
        label = row.label
        row.delete()
        return fresh, {"removed": label}

    return _change(conf, user, version, apply, label=_("sửa danh sách mời"),
                   audit="conference.invitee_remove")


def record_outcome(conf: Conference, user, version, *, attendance: int, conclusions: str,
                   present_ids=()) -> Conference:
    """After the conference: attendance (a count and who came) and its conclusions."""
    if attendance is None or attendance < 0:
        raise Refused(_("Số đại biểu dự không hợp lệ."))
    if not conclusions or not conclusions.strip():
        raise Refused(_("Hãy ghi kết luận của hội nghị."))
    with transaction.atomic():
        fresh = workflow.lock(conf, version)
        workflow.require(user, "manage_replication", fresh)
        if fresh.held_on > _today():
            raise Refused(_("Hội nghị chưa diễn ra (ngày %(on)s).")
                          % {"on": f"{fresh.held_on:%d/%m/%Y}"})
        present = set(present_ids)
        unknown = present - set(fresh.invitees.values_list("pk", flat=True))
        if unknown:
            raise Refused(_("Đại biểu có mặt phải có trong danh sách mời."))
        if len(present) > attendance:
            raise Refused(_("Số đại biểu dự ít hơn số đại biểu được đánh dấu có mặt."))
        fresh.invitees.filter(pk__in=present).update(attended=True)
        fresh.invitees.exclude(pk__in=present).update(attended=False)
        workflow.bump(fresh, attendance=attendance, conclusions=conclusions.strip(),
                      status=Conference.Status.HELD)
        _audit(user, "conference.outcome", fresh, {"attendance": attendance})
    return fresh
