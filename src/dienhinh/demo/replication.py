"""The `propagated` stage's replication part, for one seed plan's agency: what follows the
decision that recognised its exemplars (issue 12, items 3–5).

    media        three items (radio, press, the agency's web page) about the exemplars
                 and the model
    model        the good model of the first collective the decision recognised
    study visit  two units visit the model's owner (20/03/2025)
    adoptions    one evaluated (done, effective), one in progress that followed the
                 study visit (two progress entries)
    pledges      "thi đua cùng điển hình": a unit's pledge reviewed, a person's pledge
                 open and due for review since 31/12/2025
    conference   the mid-term review conference of 28/03/2025: programme, the decision's
                 exemplars as honourees (two speak), four invitees, attendance, conclusions

Every write goes through `replication.services` as the agency's standing office, so the
demo has the audit entries and the checks of real use. Deterministic (units and people
chosen by code, fixed dates) and idempotent: each part is built only when missing.
"""

from __future__ import annotations

import datetime as dt

from dienhinh.decisions.models import Decision, Recognition
from dienhinh.decisions.services import profile_of
from dienhinh.orgs.models import Leadership, Person, Unit
from dienhinh.replication import services
from dienhinh.replication.models import (
    Adoption,
    Conference,
    GoodModel,
    MediaItem,
    Pledge,
    StudyVisit,
)
from dienhinh.workflow import CURRENT

from . import clock

D = dt.date

# The model each seed plan's first recognised collective stands for (invented for the
# demo, in the spirit of the seed documents' "mô hình hay, cách làm hiệu quả").
MODELS = {
    "binh-phuoc-sldtbxh-2021-2025": (
        "Một cửa liên thông giải quyết chế độ người có công",
        "Tiếp nhận, giải quyết hồ sơ người có công tại một đầu mối, trả kết quả tại nhà "
        "cho người cao tuổi.", "Người có công"),
    "khanh-hoa-stnmt-2021-2025": (
        "Số hóa hồ sơ địa chính theo thửa đất",
        "Quét, chuẩn hóa và liên kết hồ sơ địa chính với bản đồ số để tra cứu trong ngày.",
        "Đất đai"),
    "nga-nam-ubnd-2021-2025": (
        "Tổ tự quản bảo vệ môi trường khu dân cư",
        "Người dân tự quản thu gom rác, trồng cây xanh và giữ vệ sinh đường làng.",
        "Môi trường, nông thôn mới"),
    "lao-cai-sldtbxh-qpan-2022-2025": (
        "Tổ tư vấn việc làm lưu động vùng cao",
        "Đưa tư vấn, giới thiệu việc làm đến tận thôn bản vào phiên chợ.",
        "Lao động – việc làm"),
    "ha-tinh-sct-2021-2025": (
        "Kết nối tiêu thụ sản phẩm OCOP trên sàn thương mại điện tử",
        "Hỗ trợ chủ thể OCOP đưa sản phẩm lên sàn và giao hàng qua bưu điện.",
        "Thương mại"),
}

MEDIA = [  # outlet kind, outlet, day, title (the exemplar's or the model's name follows)
    ("radio", "Đài Phát thanh và Truyền hình tỉnh", D(2025, 2, 10),
     "Chuyên mục Người tốt việc tốt: gương điển hình tiên tiến"),
    ("press", "Báo tỉnh", D(2025, 3, 5), "Nhân rộng mô hình hay"),
    ("website", "Trang thông tin điện tử của cơ quan", D(2025, 4, 12),
     "Chuyên mục điển hình tiên tiến: mô hình"),
]

VISITED_ON = D(2025, 3, 20)
CONFERENCE_ON = D(2025, 3, 28)


def _recognitions(agency: Unit, plan) -> list[Recognition]:
    return list(Recognition.objects.filter(
        decision__agency=agency, decision__plan=plan, decision__status=Decision.ISSUED,
        decision__kind=Decision.RECOGNITION, revoked_by__isnull=True)
        .select_related("subject", "decision").order_by("position", "id"))


def _other_units(agency: Unit, skip: set[int], count: int) -> list[Unit]:
    """Units of today's tree below the agency that the decision did not recognise."""
    return list(Unit.objects.filter(path__startswith=agency.path, valid_to__isnull=True)
                .exclude(pk=agency.pk).exclude(subject_id__in=skip)
                .select_related("subject").order_by("subject__code")[:count])


def build(template_id: str, plan, agency: Unit, office) -> None:
    recognitions = _recognitions(agency, plan)
    collectives = [r for r in recognitions if r.subject.type == "collective"]
    people = [r for r in recognitions if r.subject.type == "individual"]
    if not collectives or office is None:
        return
    owner = collectives[0]
    recognised = {r.subject_id for r in recognitions}
    adopters = _other_units(agency, recognised, 3)
    if len(adopters) < 3:
        return

    model = GoodModel.objects.filter(plan=plan, owner=owner.subject).first()
    if model is None:
        title, summary, field = MODELS[template_id]
        model = services.create_model(office, agency=agency, title=title, owner=owner.subject,
                                      summary=summary, field=field, plan=plan,
                                      recognition=owner)

    if not MediaItem.objects.filter(agency=agency, plan=plan).exists():
        for kind, outlet, day, title in MEDIA:
            about = [r.subject for r in recognitions[:2]] if kind == "radio" \
                else [owner.subject]
            name = model.title if kind != "radio" else about[0].name
            services.log_media(office, agency=agency, outlet_kind=kind, outlet_name=outlet,
                               published_on=day, title=f"{title} {name}", plan=plan,
                               exemplars=about,
                               recognitions=[r for r in recognitions if r.subject in about],
                               good_models=[model] if kind != "radio" else [],
                               link=f"https://example.gov.vn/tin-bai/{plan.pk}-{day:%Y%m%d}"
                               if kind == "website" else "")

    visit = StudyVisit.objects.filter(agency=agency, host=owner.subject).first()
    if visit is None:
        visit = services.record_visit(
            office, agency=agency, host=owner.subject, visiting_units=adopters[:2],
            visited_on=VISITED_ON, participants=24, plan=plan,
            lessons="Một đầu mối tiếp nhận, quy trình công khai, kiểm tra kết quả hằng tháng; "
                    "phân công rõ người, rõ việc.")

    done_unit, going_unit = adopters[0], adopters[1]
    if not model.adoptions.filter(unit=done_unit).exists():
        a = services.register_adoption(
            office, model=model, unit=done_unit, started_on=D(2025, 2, 15),
            target="Áp dụng toàn bộ quy trình của mô hình trong năm 2025")
        a = services.record_progress(a, office, CURRENT, on=D(2025, 5, 15), percent=60,
                                     note="Đã bố trí đầu mối, công khai quy trình")
        services.evaluate_adoption(a, office, CURRENT, rating=Adoption.Rating.EFFECTIVE,
                                   result="Thời gian xử lý giảm một nửa; người dân hài lòng",
                                   evaluated_on=D(2025, 11, 28))
    if not model.adoptions.filter(unit=going_unit).exists():
        a = services.register_adoption(
            office, model=model, unit=going_unit, started_on=D(2025, 4, 1), study_visit=visit,
            target="Triển khai mô hình tại đơn vị sau chuyến tham quan, học tập")
        a = services.record_progress(a, office, CURRENT, on=D(2025, 6, 30), percent=40,
                                     note="Xây dựng quy trình, tập huấn cán bộ")
        services.record_progress(a, office, CURRENT, on=D(2025, 9, 30), percent=75,
                                 note="Áp dụng thử tại bộ phận một cửa")

    if not Pledge.objects.filter(unit__path__startswith=agency.path, plan=plan).exists():
        p = services.create_pledge(
            office, unit=adopters[2], exemplar=owner.subject, plan=plan,
            content="Thi đua cùng điển hình: học tập cách làm, hoàn thành xuất sắc nhiệm vụ "
                    "năm 2025", pledged_on=D(2025, 2, 20), review_due=D(2025, 12, 31))
        services.review_pledge(p, office, CURRENT, outcome=Pledge.Outcome.ACHIEVED,
                               note="Đã hoàn thành các nội dung đăng ký",
                               reviewed_on=D(2025, 12, 31))
        follower = (Person.objects.filter(unit__path__startswith=agency.path,
                                          unit__valid_to__isnull=True)
                    .exclude(subject_id__in=recognised).order_by("subject__code").first())
        if follower is not None and people:
            services.create_pledge(
                office, person=follower, exemplar=people[0].subject, plan=plan,
                content="Học tập ý thức trách nhiệm, đăng ký đạt danh hiệu Lao động tiên "
                        "tiến năm 2025", pledged_on=D(2025, 3, 1), review_due=D(2025, 12, 31))

    if not Conference.objects.filter(agency=agency, plan=plan).exists():
        _conference(plan, agency, office, recognitions, adopters)


def _conference(plan, agency: Unit, office, recognitions, adopters) -> None:
    profile = profile_of(agency)
    head = (Leadership.objects.filter(unit=agency, role=Leadership.HEAD)
            .order_by("-valid_from").first())
    # Set up (and its invitation dated) ten days before it is held.
    with clock.at(CONFERENCE_ON - dt.timedelta(days=10), 8):
        conf = services.create_conference(
            office, agency=agency, plan=plan, kind=Conference.Kind.MID_TERM,
            title="Hội nghị sơ kết phong trào thi đua và biểu dương điển hình tiên tiến năm 2024",
            held_on=CONFERENCE_ON, starts_at=dt.time(8, 0), venue=f"Hội trường {agency.name}",
            number=f"{plan.pk:02d}/GM-{profile.abbreviation}", place=profile.place,
            signer_title=profile.signer_title,
            signer_name=head.full_name if head else profile.signer_name)
    honourees = []
    for n, r in enumerate(recognitions):
        speaks = n < 2
        honourees.append(services.add_honouree(
            conf, office, CURRENT, subject=r.subject, speaks=speaks,
            topic=f"Kinh nghiệm của {r.subject.name}" if speaks else ""))
    programme = [(dt.time(7, 30), "Đón tiếp đại biểu", "Ban Tổ chức", None),
                 (dt.time(8, 0), "Tuyên bố lý do, giới thiệu đại biểu", "Văn phòng", None),
                 (dt.time(8, 15), "Báo cáo sơ kết phong trào thi đua", "Lãnh đạo cơ quan", None)]
    programme += [(dt.time(9, 0 + 20 * n), f"Tham luận: {h.topic}", h.recognition.subject.name,
                   h) for n, h in enumerate(h for h in honourees if h.speaks)]
    programme += [(dt.time(10, 0), "Công bố quyết định, trao Giấy công nhận điển hình tiên "
                   "tiến", "Lãnh đạo cơ quan", None),
                  (dt.time(10, 45), "Phát biểu kết luận hội nghị", "Thủ trưởng cơ quan", None)]
    for starts_at, title, presenter, honouree in programme:
        services.add_programme_item(conf, office, CURRENT, title=title, starts_at=starts_at,
                                    presenter=presenter, honouree=honouree)
    invitees = [services.invite(conf, office, CURRENT, unit=u) for u in adopters]
    invitees.append(services.invite(conf, office, CURRENT,
                                    name="Đại diện Ban Thi đua – Khen thưởng tỉnh"))
    services.record_outcome(
        conf, office, CURRENT, attendance=85, present_ids=[i.pk for i in invitees[:3]],
        conclusions="Biểu dương các điển hình; giao các đơn vị đăng ký học tập, nhân rộng mô "
                    "hình hay và báo cáo kết quả trước ngày 31/12/2025.")
