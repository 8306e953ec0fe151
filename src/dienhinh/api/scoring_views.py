"""API of unit emulation scoring and of emulation blocks and clusters.

Thin views over `dienhinh.scoring.services`, scoped like the screens: a round is seen by
whoever may see its agency and by the units it scores (their sheet; the ranking once
published); a sheet by its unit and the office of the round's agency; a group by whoever
may see its agency or one of its members. Anything else is "not found" (404). Every
update carries the `version` read (missing or garbage → 400, stale → 409); a refusal
of a rule answers 400 with the criterion named.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from dienhinh import policy
from dienhinh.orgs.models import Unit
from dienhinh.plans.models import Plan
from dienhinh.scoring import export, schemes, services
from dienhinh.scoring.models import EmulationGroup, GroupYear, Round, ScoreSheet

from . import scoring_serializers as s
from .exemplars_views import WRITE, _checked, _field_error, _plan, _run
from .views import BAD_REQUEST, NOT_FOUND


def _units(user, codes, field: str, action: str = "view") -> list[Unit]:
    found = {u.subject.code: u for u in policy.units(user, action).select_related("subject")
             .filter(subject__code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise _field_error(field, _("Không tìm thấy đơn vị “%(c)s” trong phạm vi.")
                           % {"c": missing[0]})
    return [found[c] for c in codes]


class _ReadOnly(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_value_regex = "[0-9]{1,18}"


@extend_schema_view(
    list=extend_schema(summary="Các thang điểm chấm điểm thi đua",
                       responses={200: s.SchemeSerializer(many=True)}),
    retrieve=extend_schema(summary="Một thang điểm", responses={200: s.SchemeSerializer,
                                                                 404: NOT_FOUND}),
)
class SchemeViewSet(viewsets.ViewSet):
    lookup_value_regex = "[a-z0-9-]{1,100}"

    def list(self, request):
        return Response(s.SchemeSerializer(schemes.shipped(), many=True).data)

    def retrieve(self, request, pk=None):
        if pk not in schemes.shipped_ids():
            raise Http404
        return Response(s.SchemeSerializer(schemes.scheme_of(schemes.shipped_text(pk))).data)


def _round_detail(request, rnd: Round) -> dict:
    office = policy.can(request.user, "verify_score", rnd.agency)
    rows = services.result(rnd) if office or rnd.status == Round.CLOSED else []
    codes = dict(Unit.objects.filter(pk__in=[r.unit_id for r in rows])
                 .values_list("pk", "subject__code"))
    return s.RoundDetailSerializer(rnd, context={"rows": rows, "codes": codes}).data


@extend_schema_view(
    list=extend_schema(summary="Các đợt chấm điểm thi đua trong phạm vi",
                       parameters=[s.RoundFilter],
                       responses={200: s.RoundSerializer(many=True), 400: BAD_REQUEST}),
    retrieve=extend_schema(summary="Một đợt chấm điểm, kèm xếp hạng (cơ quan chấm điểm; đơn "
                                   "vị được chấm thấy khi đã công bố)",
                           responses={200: s.RoundDetailSerializer, 404: NOT_FOUND}),
)
class RoundViewSet(_ReadOnly):
    serializer_class = s.RoundSerializer

    def get_queryset(self):
        return services.visible_rounds(self.request.user).select_related(
            "agency__subject").order_by("-year", "name", "id")

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        params = _checked(s.RoundFilter, self.request.query_params)
        for key in ("year", "status"):
            if params.get(key) is not None:
                queryset = queryset.filter(**{key: params[key]})
        return queryset

    def retrieve(self, request, pk=None):
        return Response(_round_detail(request, self.get_object()))

    @extend_schema(summary="Mở đợt chấm điểm (các đơn vị, hoặc các thành viên của khối, cụm)",
                   request=s.OpenRoundSerializer,
                   responses={201: s.RoundDetailSerializer, **WRITE})
    def create(self, request):
        d = _checked(s.OpenRoundSerializer, request.data)
        user = request.user
        group = None
        if d["group"] is not None:
            group = _groups(user).filter(pk=d["group"]).select_related("agency").first()
            if group is None:
                raise _field_error("group", _("Không tìm thấy khối, cụm thi đua."))
            agency = group.agency
        else:
            if not d["agency"]:
                raise _field_error("agency", _("Hãy cho biết cơ quan chấm điểm."))
            [agency] = _units(user, [d["agency"]], "agency")
        plan: Plan | None = _plan(user, d["plan"]) if d["plan"] is not None else None
        units = _units(user, d["units"], "units") if d["units"] else []
        rnd = _run(services.open_round, user, agency=agency, scheme_id=d["scheme"],
                   year=d["year"], units=units, group=group, plan=plan, name=d["name"],
                   due_on=d["due_on"])
        return Response(_round_detail(request, rnd), status=status.HTTP_201_CREATED)

    @extend_schema(summary="Công bố kết quả (mọi bảng điểm đã thẩm định)",
                   request=s.VersionSerializer, responses={200: s.RoundDetailSerializer, **WRITE})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        rnd = self.get_object()
        d = _checked(s.VersionSerializer, request.data)
        rnd = _run(services.close_round, request.user, rnd, d["version"])
        return Response(_round_detail(request, rnd))

    @extend_schema(summary="Bảng xếp hạng dạng XLSX (cơ quan chấm điểm; đơn vị được chấm "
                           "khi đã công bố)",
                   responses={(200, export.XLSX): OpenApiResponse(
                       OpenApiTypes.BINARY, description="Tệp XLSX: xếp hạng và điểm theo "
                                                        "tiêu chí"),
                              404: NOT_FOUND})
    @action(detail=True, methods=["get"], url_path="ranking")
    def ranking(self, request, pk=None):
        rnd = self.get_object()
        if not (policy.can(request.user, "verify_score", rnd.agency)
                or rnd.status == Round.CLOSED):
            raise Http404
        response = HttpResponse(export.ranking_workbook(rnd, timezone.localdate()),
                                content_type=export.XLSX)
        response["Content-Disposition"] = f'attachment; filename="{export.filename(rnd)}"'
        return response

    @extend_schema(summary="Lập hồ sơ đề nghị khen thưởng cho các đơn vị dẫn đầu",
                   request=s.ProposeSerializer, responses={200: dict, **WRITE})
    @action(detail=True, methods=["post"])
    def propose(self, request, pk=None):
        rnd = self.get_object()
        d = _checked(s.ProposeSerializer, request.data)
        plan = _plan(request.user, d["plan"]) if d["plan"] is not None else None
        made = _run(services.propose, request.user, rnd, plan)
        return Response({"nominations": [n.pk for n in made]})

    @extend_schema(summary="Phiếu bình xét của một đơn vị thành viên khối, cụm",
                   request=s.VoteSerializer, responses={201: s.RoundDetailSerializer, **WRITE})
    @action(detail=True, methods=["post"])
    def vote(self, request, pk=None):
        rnd = self.get_object()
        d = _checked(s.VoteSerializer, request.data)
        [voter] = _units(request.user, [d["voter"]], "voter")
        chosen = list(Unit.objects.select_related("subject").filter(
            subject__code__in=d["chosen"], score_sheets__round=rnd))
        if len(chosen) != len(set(d["chosen"])):
            raise _field_error("chosen", _("Chỉ chọn các đơn vị thành viên của đợt chấm điểm."))
        _run(services.cast_vote, request.user, rnd, voter, chosen)
        return Response(_round_detail(request, rnd), status=status.HTTP_201_CREATED)


def _sheets(user):
    return ScoreSheet.objects.filter(
        Q(unit__in=policy.units(user, "view").values("pk"))
        | Q(round__agency__in=policy.units(user, "verify_score").values("pk")))


def _detail(sheet: ScoreSheet) -> dict:
    sheet = ScoreSheet.objects.select_related("unit__subject").prefetch_related(
        "lines__evidence").get(pk=sheet.pk)
    return s.SheetDetailSerializer(sheet).data


@extend_schema_view(
    list=extend_schema(summary="Các bảng điểm trong phạm vi", parameters=[s.SheetFilter],
                       responses={200: s.SheetSerializer(many=True), 400: BAD_REQUEST}),
    retrieve=extend_schema(summary="Một bảng điểm, kèm điểm từng tiêu chí và minh chứng",
                           responses={200: s.SheetDetailSerializer, 404: NOT_FOUND}),
)
class SheetViewSet(_ReadOnly):
    serializer_class = s.SheetSerializer
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_queryset(self):
        return _sheets(self.request.user).select_related("unit__subject", "round") \
            .order_by("round_id", "unit__subject__sort_key", "id")

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        params = _checked(s.SheetFilter, self.request.query_params)
        if params.get("round") is not None:
            queryset = queryset.filter(round_id=params["round"])
        if params.get("status") is not None:
            queryset = queryset.filter(status=params["status"])
        return queryset

    def retrieve(self, request, pk=None):
        return Response(_detail(self.get_object()))

    @extend_schema(summary="Lưu điểm tự chấm của đơn vị", request=s.SelfScoresSerializer,
                   responses={200: s.SheetDetailSerializer, **WRITE})
    @action(detail=True, methods=["post"], url_path="self-scores")
    def self_scores(self, request, pk=None):
        sheet = self.get_object()
        d = _checked(s.SelfScoresSerializer, request.data)
        scores = {line["criterion"]: (line["score"], line["note"]) for line in d["lines"]}
        return Response(_detail(_run(services.save_self_scores, request.user, sheet,
                                     d["version"], scores)))

    @extend_schema(summary="Thêm minh chứng cho một tiêu chí (PDF, DOCX, XLSX, JPG, PNG)",
                   request={"multipart/form-data": s.EvidenceInput},
                   responses={201: s.SheetDetailSerializer, **WRITE})
    @action(detail=True, methods=["post"])
    def evidence(self, request, pk=None):
        sheet = self.get_object()
        d = _checked(s.EvidenceInput, request.data)
        _run(services.add_evidence, request.user, sheet, d["version"], d["criterion"], d["file"])
        return Response(_detail(sheet), status=status.HTTP_201_CREATED)

    @extend_schema(summary="Gửi bảng điểm để thẩm định", request=s.VersionSerializer,
                   responses={200: s.SheetDetailSerializer, **WRITE})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        sheet = self.get_object()
        d = _checked(s.VersionSerializer, request.data)
        return Response(_detail(_run(services.submit_sheet, request.user, sheet,
                                     d["version"])))

    @extend_schema(summary="Thẩm định: điểm từng tiêu chí, lý do khi điều chỉnh",
                   request=s.VerifySerializer, responses={200: s.SheetDetailSerializer, **WRITE})
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        sheet = self.get_object()
        d = _checked(s.VerifySerializer, request.data)
        scores = {line["criterion"]: (line["score"], line["reason"]) for line in d["lines"]}
        return Response(_detail(_run(services.verify_sheet, request.user, sheet, d["version"],
                                     scores)))

    @extend_schema(summary="Trả lại bảng điểm để đơn vị bổ sung", request=s.ReturnSerializer,
                   responses={200: s.SheetDetailSerializer, **WRITE})
    @action(detail=True, methods=["post"], url_path="return")
    def return_sheet(self, request, pk=None):
        sheet = self.get_object()
        d = _checked(s.ReturnSerializer, request.data)
        return Response(_detail(_run(services.return_sheet, request.user, sheet, d["version"],
                                     d["reason"])))


def _groups(user):
    units = policy.units(user, "view").values("pk")
    return EmulationGroup.objects.filter(
        Q(agency__in=units) | Q(memberships__unit__in=units)).distinct()


@extend_schema_view(
    list=extend_schema(summary="Các khối, cụm thi đua trong phạm vi",
                       responses={200: s.GroupSerializer(many=True)}),
    retrieve=extend_schema(summary="Một khối, cụm thi đua", responses={200: s.GroupSerializer,
                                                                       404: NOT_FOUND}),
)
class GroupViewSet(_ReadOnly):
    serializer_class = s.GroupSerializer

    def get_queryset(self):
        return _groups(self.request.user).select_related("agency__subject") \
            .order_by("name", "id")

    def _year_data(self, g, year):
        gy = GroupYear.objects.filter(group=g, year=year).select_related(
            "lead__subject", "deputy__subject").first()

        def ref(u):
            return {"code": u.subject.code, "name": u.subject.name} if u else None

        return s.GroupYearSerializer({
            "year": year, "version": gy.version if gy else None,
            "members": [ref(u) for u in services.members(g, year)],
            "lead": ref(gy.lead) if gy else None, "deputy": ref(gy.deputy) if gy else None,
            "pact_signed_on": gy.pact_signed_on if gy else None,
            "pact_file_name": gy.pact_file_name if gy else "",
            "targets": list(gy.targets.values("text", "measure")) if gy else []}).data

    @extend_schema(summary="Thành viên, đơn vị trưởng và giao ước của một năm",
                   parameters=[s.GroupYearFilter],
                   responses={200: s.GroupYearSerializer, 400: BAD_REQUEST, 404: NOT_FOUND})
    @action(detail=True, methods=["get"])
    def year(self, request, pk=None):
        g = self.get_object()
        params = _checked(s.GroupYearFilter, request.query_params)
        return Response(self._year_data(g, params.get("year") or timezone.localdate().year))

    @extend_schema(summary="Lập khối, cụm thi đua", request=s.GroupCreateSerializer,
                   responses={201: s.GroupSerializer, **WRITE})
    def create(self, request):
        d = _checked(s.GroupCreateSerializer, request.data)
        [agency] = _units(request.user, [d["agency"]], "agency")
        g = _run(services.create_group, request.user, agency=agency, kind=d["kind"],
                 name=d["name"], note=d["note"])
        return Response(s.GroupSerializer(g).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Thành viên của một năm (thay danh sách của năm đó)",
                   request=s.MembersSerializer, responses={200: s.GroupYearSerializer, **WRITE})
    @action(detail=True, methods=["post"])
    def members(self, request, pk=None):
        g = self.get_object()
        d = _checked(s.MembersSerializer, request.data)
        units = _units(request.user, d["units"], "units")
        _run(services.set_members, request.user, g, d["version"], d["year"], units)
        return Response(self._year_data(g, d["year"]))

    @extend_schema(summary="Cử đơn vị trưởng, phó của một năm (mặc định: luân phiên)",
                   request=s.LeadSerializer, responses={200: s.GroupYearSerializer, **WRITE})
    @action(detail=True, methods=["post"])
    def lead(self, request, pk=None):
        g = self.get_object()
        d = _checked(s.LeadSerializer, request.data)
        lead = _units(request.user, [d["lead"]], "lead")[0] if d["lead"] else None
        deputy = _units(request.user, [d["deputy"]], "deputy")[0] if d["deputy"] else None
        _run(services.set_lead, request.user, g, d["version"], d["year"], lead, deputy)
        return Response(self._year_data(g, d["year"]))

    @extend_schema(summary="Giao ước thi đua đã ký: ngày ký, văn bản, các chỉ tiêu "
                           "(phiên bản: của năm hoạt động, xem “year”)",
                   request={"multipart/form-data": s.PactSerializer,
                            "application/json": s.PactSerializer},
                   responses={200: s.GroupYearSerializer, **WRITE})
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, FormParser,
                                                           MultiPartParser])
    def pact(self, request, pk=None):
        g = self.get_object()
        d = _checked(s.PactSerializer, request.data)
        gy = GroupYear.objects.filter(group=g, year=d["year"]).first()
        if gy is None:
            raise _field_error("year", _("Hãy cử đơn vị trưởng của năm trước khi ghi giao ước."))
        targets = [tuple(part.strip() for part in (t.partition("|")[0], t.partition("|")[2]))
                   for t in d["targets"]]
        _run(services.record_pact, request.user, gy, d["version"], signed_on=d["signed_on"],
             targets=targets, uploaded=d["file"])
        return Response(self._year_data(g, d["year"]))
