"""API of replication (issue 12): media items, good models, adoptions (+ progress,
evaluation), pledges (+ review), study visits and conferences.

Thin views over `dienhinh.replication.services`. Objects outside the user's scope are
"not found" (404); a unit or subject code outside it is a 400 on its field; a service
refusal answers 400 (the rule and its reason), 403 or 409 (state or stale version).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dienhinh import policy
from dienhinh.orgs.models import Person, Subject, Unit
from dienhinh.plans.models import Plan
from dienhinh.replication import services
from dienhinh.replication.models import (
    Adoption,
    Conference,
    GoodModel,
    MediaItem,
    Pledge,
    StudyVisit,
)

from . import replication_serializers as s
from .exemplars_views import WRITE, _checked, _field_error
from .serializers import VersionParam
from .views import BAD_REQUEST, NOT_FOUND, _params


def _unit(user, code, field="unit", action="view"):
    """A unit by code: unknown → 400 on the field; known but outside the user's scope for
    `action` → 400 naming the unit (the services would answer 403 with the same words)."""
    unit = Unit.objects.select_related("subject").filter(subject__code=code).first()
    if unit is None:
        raise _field_error(field, _("Không có đơn vị “%(code)s”.") % {"code": code})
    if not policy.can(user, action, unit):
        raise _field_error(field, _("Đơn vị “%(name)s” không thuộc phạm vi bạn được thao "
                                    "tác.") % {"name": unit.subject.name})
    return unit


def _subject(code, field):
    subject = Subject.objects.filter(code=code).first()
    if subject is None:
        raise _field_error(field, _("Không có tập thể, cá nhân “%(code)s”.") % {"code": code})
    return subject


def _plan(user, pk):
    if pk is None:
        return None
    plan = Plan.objects.filter(pk=pk, agency__in=policy.units(user).values("pk")).first() \
        or Plan.objects.filter(pk=pk, agency__in=policy.units_above(user).values("pk")).first()
    if plan is None:
        raise _field_error("plan", _("Không tìm thấy kế hoạch."))
    return plan


def _in_units(user, field):
    return Q(**{f"{field}__in": policy.units(user).values("pk")})


def _models(user):
    return GoodModel.objects.filter(Q(agency__in=policy.units(user).values("pk"))
                                    | Q(agency__in=policy.units_above(user).values("pk")))


class _Base(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_value_regex = "[0-9]{1,18}"

    def _out(self, obj, code=status.HTTP_200_OK):
        obj = self.get_queryset().get(pk=obj.pk)
        return Response(self.get_serializer(obj).data, status=code)


# -- media log -----------------------------------------------------------------------------------
@extend_schema_view(
    list=extend_schema(summary="Nhật ký tuyên truyền (tin, bài)", parameters=[s.MediaFilter],
                       responses={200: s.MediaItemSerializer(many=True), 400: BAD_REQUEST}),
    retrieve=extend_schema(summary="Một tin, bài",
                           responses={200: s.MediaItemSerializer, 404: NOT_FOUND}),
)
class MediaItemViewSet(_Base):
    serializer_class = s.MediaItemSerializer

    def get_queryset(self):
        return (MediaItem.objects.filter(_in_units(self.request.user, "agency"))
                .select_related("agency__subject").prefetch_related("exemplars", "good_models")
                .order_by("-published_on", "-id"))

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        params = _checked(s.MediaFilter, self.request.query_params)
        if params.get("plan"):
            queryset = queryset.filter(plan_id=params["plan"])
        if params.get("year"):
            queryset = queryset.filter(published_on__year=params["year"])
        if params.get("outlet_kind"):
            queryset = queryset.filter(outlet_kind=params["outlet_kind"])
        return queryset

    def _relations(self, d):
        user = self.request.user
        exemplars = [_subject(code, "exemplars") for code in dict.fromkeys(d["exemplars"])]
        models = list(_models(user).filter(pk__in=d["good_models"]))
        if len(models) != len(set(d["good_models"])):
            raise _field_error("good_models", _("Không tìm thấy mô hình."))
        return exemplars, models

    @extend_schema(summary="Ghi nhận tin, bài", request=s.MediaItemWriteSerializer,
                   responses={201: s.MediaItemSerializer, **WRITE})
    def create(self, request):
        d = _checked(s.MediaItemWriteSerializer, request.data)
        agency = _unit(request.user, d["agency"], "agency", "manage_media")
        exemplars, models = self._relations(d)
        item = services.log_media(
            request.user, agency=agency, outlet_kind=d["outlet_kind"],
            outlet_name=d["outlet_name"], published_on=d["published_on"], title=d["title"],
            link=d["link"], plan=_plan(request.user, d["plan"]), exemplars=exemplars,
            good_models=models)
        return self._out(item, status.HTTP_201_CREATED)

    @extend_schema(summary="Sửa tin, bài (kèm phiên bản đã đọc)",
                   request=s.MediaItemUpdateSerializer,
                   responses={200: s.MediaItemSerializer, **WRITE})
    def update(self, request, pk=None):
        item = self.get_object()
        d = _checked(s.MediaItemUpdateSerializer, request.data)
        exemplars, models = self._relations(d)
        item = services.update_media(
            item, request.user, d["version"], outlet_kind=d["outlet_kind"],
            outlet_name=d["outlet_name"], published_on=d["published_on"], title=d["title"],
            link=d["link"], plan=_plan(request.user, d["plan"]), exemplars=exemplars,
            good_models=models)
        return self._out(item)

    partial_update = update


# -- good models ---------------------------------------------------------------------------------
@extend_schema_view(
    list=extend_schema(summary="Mô hình hay, cách làm hiệu quả",
                       responses={200: s.GoodModelSerializer(many=True)}),
    retrieve=extend_schema(summary="Một mô hình: nơi đã nhân rộng, số đơn vị áp dụng theo năm",
                           responses={200: s.GoodModelDetailSerializer, 404: NOT_FOUND}),
)
class GoodModelViewSet(_Base):
    def get_serializer_class(self):
        return s.GoodModelDetailSerializer if self.action != "list" else s.GoodModelSerializer

    def get_queryset(self):
        return (_models(self.request.user)
                .select_related("agency__subject", "owner", "recognition__decision")
                .order_by("title", "id"))

    def get_serializer(self, obj=None, *args, **kwargs):
        if self.action != "list" and isinstance(obj, GoodModel):
            obj.spread = services.spread(obj)
            counts = services.adoption_counts(GoodModel.objects.filter(pk=obj.pk))
            obj.adoptions_per_year = {str(y): n for y, n in
                                      sorted(counts.get(obj.pk, {}).items())}
        return super().get_serializer(obj, *args, **kwargs)

    @extend_schema(summary="Thêm mô hình", request=s.GoodModelCreateSerializer,
                   responses={201: s.GoodModelDetailSerializer, **WRITE})
    def create(self, request):
        d = _checked(s.GoodModelCreateSerializer, request.data)
        agency = _unit(request.user, d["agency"], "agency", "manage_replication")
        model = services.create_model(
            request.user, agency=agency, title=d["title"], owner=_subject(d["owner"], "owner"),
            summary=d["summary"], field=d["field"], plan=_plan(request.user, d["plan"]))
        return self._out(model, status.HTTP_201_CREATED)


# -- adoptions -----------------------------------------------------------------------------------
@extend_schema_view(
    list=extend_schema(summary="Đơn vị áp dụng mô hình", parameters=[s.AdoptionFilter],
                       responses={200: s.AdoptionSerializer(many=True), 400: BAD_REQUEST}),
    retrieve=extend_schema(summary="Một lượt áp dụng, tiến độ và đánh giá",
                           responses={200: s.AdoptionSerializer, 404: NOT_FOUND}),
)
class AdoptionViewSet(_Base):
    serializer_class = s.AdoptionSerializer

    def get_queryset(self):
        user = self.request.user
        # the adopting unit and the agency that keeps the model both follow it
        return (Adoption.objects.filter(_in_units(user, "unit") | _in_units(user, "model__agency"))
                .select_related("unit__subject", "learned_from").prefetch_related("progress")
                .order_by("-started_on", "-id"))

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        params = _checked(s.AdoptionFilter, self.request.query_params)
        if params.get("model"):
            queryset = queryset.filter(model_id=params["model"])
        if params.get("status"):
            queryset = queryset.filter(status=params["status"])
        return queryset

    @extend_schema(summary="Đăng ký áp dụng mô hình: đơn vị, mục tiêu, ngày bắt đầu",
                   request=s.AdoptionCreateSerializer,
                   responses={201: s.AdoptionSerializer, **WRITE})
    def create(self, request):
        d = _checked(s.AdoptionCreateSerializer, request.data)
        user = request.user
        model = _models(user).filter(pk=d["model"]).first()
        if model is None:
            raise _field_error("model", _("Không tìm thấy mô hình."))
        visit = None
        if d["study_visit"]:
            visit = StudyVisit.objects.filter(pk=d["study_visit"]).filter(
                _in_units(user, "agency") | _in_units(user, "visiting_units")).first()
            if visit is None:
                raise _field_error("study_visit", _("Không tìm thấy chuyến tham quan."))
        adoption = services.register_adoption(
            user, model=model, unit=_unit(user, d["unit"], "unit", "adopt_model"),
            target=d["target"], started_on=d["started_on"], study_visit=visit,
            learned_from=_subject(d["learned_from"], "learned_from") if d["learned_from"]
            else None,
            target_value=d["target_value"], target_measure=d["target_measure"])
        return self._out(adoption, status.HTTP_201_CREATED)

    @extend_schema(summary="Ghi tiến độ", request=s.ProgressCreateSerializer,
                   responses={200: s.AdoptionSerializer, **WRITE})
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        a = self.get_object()
        d = _checked(s.ProgressCreateSerializer, request.data)
        return self._out(services.record_progress(a, request.user, d["version"], on=d["on"],
                                                  note=d["note"], percent=d["percent"]))

    @extend_schema(summary="Đánh giá kết quả", request=s.EvaluateSerializer,
                   responses={200: s.AdoptionSerializer, **WRITE})
    @action(detail=True, methods=["post"])
    def evaluate(self, request, pk=None):
        a = self.get_object()
        d = _checked(s.EvaluateSerializer, request.data)
        return self._out(services.evaluate_adoption(a, request.user, d["version"],
                                                    rating=d["rating"], result=d["result"],
                                                    evaluated_on=d["evaluated_on"]))

    @extend_schema(summary="Dừng áp dụng", request=s.AbandonSerializer,
                   responses={200: s.AdoptionSerializer, **WRITE})
    @action(detail=True, methods=["post"])
    def abandon(self, request, pk=None):
        a = self.get_object()
        d = _checked(s.AbandonSerializer, request.data)
        return self._out(services.abandon_adoption(a, request.user, d["version"],
                                                   reason=d["reason"]))


# -- pledges -------------------------------------------------------------------------------------
@extend_schema_view(
    list=extend_schema(summary="Đăng ký thi đua cùng điển hình", parameters=[s.PledgeFilter],
                       responses={200: s.PledgeSerializer(many=True), 400: BAD_REQUEST}),
    retrieve=extend_schema(summary="Một đăng ký",
                           responses={200: s.PledgeSerializer, 404: NOT_FOUND}),
)
class PledgeViewSet(_Base):
    serializer_class = s.PledgeSerializer

    def get_queryset(self):
        return (Pledge.objects.filter(_in_units(self.request.user, "unit"))
                .select_related("unit__subject", "person__subject", "exemplar",
                                "recognition__decision")
                .order_by("review_due", "id"))

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        params = _checked(s.PledgeFilter, self.request.query_params)
        if params.get("status"):
            queryset = queryset.filter(status=params["status"])
        if params.get("due_by"):
            queryset = queryset.filter(status=Pledge.OPEN, review_due__lte=params["due_by"])
        return queryset

    @extend_schema(summary="Đăng ký thi đua cùng điển hình (đơn vị hoặc cá nhân)",
                   request=s.PledgeCreateSerializer, responses={201: s.PledgeSerializer, **WRITE})
    def create(self, request):
        d = _checked(s.PledgeCreateSerializer, request.data)
        user = request.user
        unit = _unit(user, d["unit"], "unit", "adopt_model") if d["unit"] else None
        person = None
        if d["person"]:
            person = Person.objects.select_related("unit__subject").filter(
                subject__code=d["person"]).first()
            if person is None:
                raise _field_error("person", _("Không có cá nhân “%(code)s”.")
                                   % {"code": d["person"]})
        pledge = services.create_pledge(
            user, unit=unit, person=person, exemplar=_subject(d["exemplar"], "exemplar"),
            content=d["content"], pledged_on=d["pledged_on"], review_due=d["review_due"],
            plan=_plan(user, d["plan"]))
        return self._out(pledge, status.HTTP_201_CREATED)

    @extend_schema(summary="Đánh giá việc thực hiện đăng ký", request=s.ReviewSerializer,
                   responses={200: s.PledgeSerializer, **WRITE})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        p = self.get_object()
        d = _checked(s.ReviewSerializer, request.data)
        return self._out(services.review_pledge(p, request.user, d["version"],
                                                outcome=d["outcome"], note=d["note"],
                                                reviewed_on=d["reviewed_on"]))

    @extend_schema(summary="Rút đăng ký", request=s.VersionSerializer,
                   responses={200: s.PledgeSerializer, **WRITE})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        p = self.get_object()
        d = _checked(s.VersionSerializer, request.data)
        return self._out(services.withdraw_pledge(p, request.user, d["version"]))


# -- study visits --------------------------------------------------------------------------------
@extend_schema_view(
    list=extend_schema(summary="Tham quan, học tập kinh nghiệm",
                       responses={200: s.StudyVisitSerializer(many=True)}),
    retrieve=extend_schema(summary="Một chuyến tham quan và các đơn vị áp dụng sau đó",
                           responses={200: s.StudyVisitSerializer, 404: NOT_FOUND}),
)
class StudyVisitViewSet(_Base):
    serializer_class = s.StudyVisitSerializer

    def get_queryset(self):
        return (StudyVisit.objects.filter(_in_units(self.request.user, "agency"))
                .select_related("agency__subject", "host")
                .prefetch_related("visiting_units__subject", "follow_ups")
                .order_by("-visited_on", "-id"))

    @extend_schema(summary="Ghi nhận chuyến tham quan", request=s.StudyVisitCreateSerializer,
                   responses={201: s.StudyVisitSerializer, **WRITE})
    def create(self, request):
        d = _checked(s.StudyVisitCreateSerializer, request.data)
        user = request.user
        units = [_unit(user, code, "visiting_units", "manage_replication")
                 for code in dict.fromkeys(d["visiting_units"])]
        visit = services.record_visit(
            user, agency=_unit(user, d["agency"], "agency", "manage_replication"),
            host=_subject(d["host"], "host"), visiting_units=units, visited_on=d["visited_on"],
            participants=d["participants"], lessons=d["lessons"], plan=_plan(user, d["plan"]))
        return self._out(visit, status.HTTP_201_CREATED)

    @extend_schema(summary="Sửa ngày, số người, bài học kinh nghiệm (kèm phiên bản)",
                   request=s.StudyVisitUpdateSerializer,
                   responses={200: s.StudyVisitSerializer, **WRITE})
    def update(self, request, pk=None):
        visit = self.get_object()
        d = _checked(s.StudyVisitUpdateSerializer, request.data)
        return self._out(services.update_visit(visit, request.user, d["version"],
                                               lessons=d["lessons"],
                                               participants=d["participants"],
                                               visited_on=d["visited_on"]))

    partial_update = update

    @extend_schema(summary="Thêm đơn vị tham gia", request=s.VisitingUnitSerializer,
                   responses={200: s.StudyVisitSerializer, **WRITE})
    @action(detail=True, methods=["post"], url_path="visiting-units")
    def visiting_units(self, request, pk=None):
        visit = self.get_object()
        d = _checked(s.VisitingUnitSerializer, request.data)
        unit = _unit(request.user, d["unit"], "unit", "manage_replication")
        return self._out(services.add_visiting_unit(visit, request.user, d["version"],
                                                    unit=unit))

    @extend_schema(summary="Bỏ một đơn vị tham gia (phiên bản trong tham số)",
                   parameters=[VersionParam], request=None,
                   responses={200: s.StudyVisitSerializer, **WRITE})
    @action(detail=True, methods=["delete"],
            url_path=r"visiting-units/(?P<code>[^/]{1,64})")
    def remove_visiting_unit(self, request, pk=None, code=None):
        visit = self.get_object()
        version = _params(VersionParam, request)["version"]
        unit = visit.visiting_units.select_related("subject").filter(subject__code=code).first()
        if unit is None:
            raise _field_error("unit", _("Đơn vị “%(code)s” không có trong danh sách đơn vị "
                                         "tham gia.") % {"code": code})
        return self._out(services.remove_visiting_unit(visit, request.user, version, unit=unit))


# -- conferences ---------------------------------------------------------------------------------
@extend_schema_view(
    list=extend_schema(summary="Hội nghị điển hình tiên tiến",
                       responses={200: s.ConferenceSerializer(many=True)}),
    retrieve=extend_schema(summary="Một hội nghị: chương trình, điển hình được tôn vinh, đại "
                                   "biểu, kết quả",
                           responses={200: s.ConferenceSerializer, 404: NOT_FOUND}),
)
class ConferenceViewSet(_Base):
    serializer_class = s.ConferenceSerializer

    def get_queryset(self):
        return (Conference.objects.filter(_in_units(self.request.user, "agency"))
                .select_related("agency__subject")
                .prefetch_related("honourees__recognition__subject",
                                  "honourees__recognition__decision", "programme",
                                  "invitees__invited_unit__subject")
                .order_by("-held_on", "-id"))

    @extend_schema(summary="Tổ chức hội nghị", request=s.ConferenceCreateSerializer,
                   responses={201: s.ConferenceSerializer, **WRITE})
    def create(self, request):
        d = _checked(s.ConferenceCreateSerializer, request.data)
        user = request.user
        conf = services.create_conference(
            user, agency=_unit(user, d["agency"], "agency", "manage_replication"),
            kind=d["kind"], title=d["title"], held_on=d["held_on"], venue=d["venue"],
            plan=_plan(user, d["plan"]), starts_at=d["starts_at"], number=d["number"],
            place=d["place"], signer_title=d["signer_title"], signer_name=d["signer_name"])
        return self._out(conf, status.HTTP_201_CREATED)

    @extend_schema(summary="Sửa tên, thời gian, địa điểm, người ký (khi đang chuẩn bị)",
                   request=s.ConferenceUpdateSerializer,
                   responses={200: s.ConferenceSerializer, **WRITE})
    def update(self, request, pk=None):
        conf = self.get_object()
        d = _checked(s.ConferenceUpdateSerializer, request.data)
        return self._out(services.update_conference(
            conf, request.user, d["version"], kind=d["kind"], title=d["title"],
            held_on=d["held_on"], venue=d["venue"], plan=_plan(request.user, d["plan"]),
            starts_at=d["starts_at"], number=d["number"], place=d["place"],
            signer_title=d["signer_title"], signer_name=d["signer_name"]))

    partial_update = update

    def _part(self, request, item, edit, remove, serializer_class):
        """PUT edits a part of the conference, DELETE (version as a parameter) removes
        it; both through the conference's version."""
        conf = self.get_object()
        if request.method == "DELETE":
            version = _params(VersionParam, request)["version"]
            remove(conf, version, int(item))
        else:
            edit(conf, _checked(serializer_class, request.data), int(item))
        return self._out(conf)

    @extend_schema(methods=["PUT"], summary="Sửa một điển hình được tôn vinh (tham luận)",
                   request=s.HonoureeUpdateSerializer,
                   responses={200: s.ConferenceSerializer, **WRITE})
    @extend_schema(methods=["DELETE"], summary="Bỏ một điển hình khỏi danh sách tôn vinh",
                   parameters=[VersionParam], request=None,
                   responses={200: s.ConferenceSerializer, **WRITE})
    @action(detail=True, methods=["put", "delete"], url_path=r"honourees/(?P<item>[0-9]{1,18})")
    def honouree(self, request, pk=None, item=None):
        user = request.user
        return self._part(
            request, item,
            lambda c, d, i: services.update_honouree(c, user, d["version"], honouree=i,
                                                     speaks=d["speaks"], topic=d["topic"]),
            lambda c, v, i: services.remove_honouree(c, user, v, honouree=i),
            s.HonoureeUpdateSerializer)

    @extend_schema(methods=["PUT"], summary="Sửa một mục chương trình (nội dung, giờ, thứ tự)",
                   request=s.ProgrammeUpdateSerializer,
                   responses={200: s.ConferenceSerializer, **WRITE})
    @extend_schema(methods=["DELETE"], summary="Xóa một mục chương trình",
                   parameters=[VersionParam], request=None,
                   responses={200: s.ConferenceSerializer, **WRITE})
    @action(detail=True, methods=["put", "delete"], url_path=r"programme/(?P<item>[0-9]{1,18})")
    def programme_item(self, request, pk=None, item=None):
        user = request.user
        return self._part(
            request, item,
            lambda c, d, i: services.update_programme_item(
                c, user, d["version"], item=i, title=d["title"], starts_at=d["starts_at"],
                presenter=d["presenter"], position=d["position"]),
            lambda c, v, i: services.remove_programme_item(c, user, v, item=i),
            s.ProgrammeUpdateSerializer)

    @extend_schema(methods=["PUT"], summary="Sửa một đại biểu được mời (đơn vị hoặc tên)",
                   request=s.InviteCreateSerializer,
                   responses={200: s.ConferenceSerializer, **WRITE})
    @extend_schema(methods=["DELETE"], summary="Bỏ một đại biểu khỏi danh sách mời",
                   parameters=[VersionParam], request=None,
                   responses={200: s.ConferenceSerializer, **WRITE})
    @action(detail=True, methods=["put", "delete"], url_path=r"invitees/(?P<item>[0-9]{1,18})")
    def invitee(self, request, pk=None, item=None):
        user = request.user

        def edit(c, d, i):
            unit = _unit(user, d["unit"], "unit") if d["unit"] else None
            services.update_invitee(c, user, d["version"], invitee=i, unit=unit, name=d["name"])

        return self._part(request, item, edit,
                          lambda c, v, i: services.remove_invitee(c, user, v, invitee=i),
                          s.InviteCreateSerializer)

    @extend_schema(summary="Thêm điển hình được tôn vinh (từ quyết định công nhận)",
                   request=s.HonoureeCreateSerializer,
                   responses={200: s.ConferenceSerializer, **WRITE})
    @action(detail=True, methods=["post"])
    def honourees(self, request, pk=None):
        conf = self.get_object()
        d = _checked(s.HonoureeCreateSerializer, request.data)
        services.add_honouree(conf, request.user, d["version"],
                              subject=_subject(d["subject"], "subject"), speaks=d["speaks"],
                              topic=d["topic"])
        return self._out(conf)

    @extend_schema(summary="Thêm mục chương trình", request=s.ProgrammeCreateSerializer,
                   responses={200: s.ConferenceSerializer, **WRITE})
    @action(detail=True, methods=["post"])
    def programme(self, request, pk=None):
        conf = self.get_object()
        d = _checked(s.ProgrammeCreateSerializer, request.data)
        services.add_programme_item(conf, request.user, d["version"], title=d["title"],
                                    starts_at=d["starts_at"], presenter=d["presenter"])
        return self._out(conf)

    @extend_schema(summary="Mời đại biểu (đơn vị hoặc tên)", request=s.InviteCreateSerializer,
                   responses={200: s.ConferenceSerializer, **WRITE})
    @action(detail=True, methods=["post"])
    def invitees(self, request, pk=None):
        conf = self.get_object()
        d = _checked(s.InviteCreateSerializer, request.data)
        unit = _unit(request.user, d["unit"], "unit") if d["unit"] else None
        services.invite(conf, request.user, d["version"], unit=unit, name=d["name"])
        return self._out(conf)

    @extend_schema(summary="Kết quả: số đại biểu dự, đại biểu có mặt, kết luận",
                   request=s.OutcomeSerializer,
                   responses={200: s.ConferenceSerializer, **WRITE})
    @action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        conf = self.get_object()
        d = _checked(s.OutcomeSerializer, request.data)
        return self._out(services.record_outcome(conf, request.user, d["version"],
                                                 attendance=d["attendance"],
                                                 conclusions=d["conclusions"],
                                                 present_ids=d["present"]))
