"""API of council meetings and the secret ballot.

Thin views over `dienhinh.council.services`. A meeting the user may not see is "not
found" (404). A refusal answers 400 (the rule and its reason: quorum, counts that do
not add up, not a member, recused), 403 (not allowed) or 409 (the state or the
version does not allow it: already voted, ballot closed). Results appear only once the
ballot is closed; while it is open the API shows how many members have voted, never
what they chose.

URL names: api-council-meeting-list, -detail, -vote, -recusal, -open, -paper-count,
-close.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dienhinh.council import services
from dienhinh.council.models import (
    CHOICES,
    AgendaItem,
    Ballot,
    BallotParticipation,
    ItemResult,
    Meeting,
)

from .views import BAD_REQUEST, FORBIDDEN, NOT_FOUND

MAX_ID = 2**31 - 1
CONFLICT = OpenApiResponse(description="Trạng thái không cho phép (đã bỏ phiếu, đã kết thúc) hoặc "
                                       "phiên bản cũ")
WRITE = {400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT}


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def _run(fn, *args, **kwargs):
    """Call a service; a refusal (`workflow.WorkflowError`, `PermissionDenied`) is
    answered by `api.errors.exception_handler`, the one mapping to 400/403/409."""
    return fn(*args, **kwargs)


def _checked(serializer_class, data):
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# -- serializers -----------------------------------------------------------------------
class ResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = ItemResult
        fields = ["members_total", "present", "recused", "issued", "valid", "yes", "no",
                  "abstain", "denominator", "passed"]


class ItemSerializer(serializers.ModelSerializer):
    subject = serializers.CharField(source="nomination.subject.code")
    subject_name = serializers.CharField(source="nomination.subject.name")
    result = serializers.SerializerMethodField()

    class Meta:
        model = AgendaItem
        fields = ["id", "position", "nomination", "subject", "subject_name", "result"]

    @extend_schema_field(ResultSerializer(allow_null=True))
    def get_result(self, item) -> dict | None:
        result = getattr(item, "result", None) if self.context.get("closed") else None
        return ResultSerializer(result).data if result else None


class BallotSerializer(serializers.ModelSerializer):
    rule = serializers.SerializerMethodField()

    class Meta:
        model = Ballot
        fields = ["id", "mode", "status", "members_total", "present_total", "opened_at",
                  "closed_at", "tally_hash", "rule"]

    def get_rule(self, ballot) -> str:
        return services.rule_text(ballot)


class MeetingSerializer(serializers.ModelSerializer):
    council = serializers.CharField(source="council.name")
    items = serializers.SerializerMethodField()
    ballot = serializers.SerializerMethodField()
    turnout = serializers.SerializerMethodField()
    rule = serializers.SerializerMethodField()
    plan = serializers.CharField(source="plan.number", allow_null=True, default=None,
                                 help_text="Số kế hoạch mà cuộc họp xét hồ sơ")
    rule_source = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = ["id", "council", "plan", "title", "held_on", "place", "level", "status",
                  "version", "rule", "rule_source", "items", "ballot", "turnout"]

    def _ballot(self, meeting):
        if self.context.get("read_with_page"):
            return getattr(meeting, "ballot", None)
        return Ballot.objects.filter(meeting=meeting).first()

    def get_rule(self, meeting) -> str:
        return services.rule_text(meeting)

    def get_rule_source(self, meeting) -> str:
        """Where the rule comes from: the plan and its section, the level's default, or
        an adjustment at the meeting."""
        return services.rule_source(meeting)

    @extend_schema_field(ItemSerializer(many=True))
    def get_items(self, meeting) -> list[dict]:
        ballot = self._ballot(meeting)
        closed = ballot is not None and ballot.status == Ballot.CLOSED
        items = meeting.items.all() if self.context.get("read_with_page") else \
            meeting.items.select_related("nomination__subject")
        return ItemSerializer(items, many=True, context={"closed": closed}).data

    @extend_schema_field(BallotSerializer(allow_null=True))
    def get_ballot(self, meeting) -> dict | None:
        ballot = self._ballot(meeting)
        return BallotSerializer(ballot).data if ballot else None

    def get_turnout(self, meeting) -> dict[str, int]:
        """Members who have voted, per item id (never what they chose)."""
        ballot = self._ballot(meeting)
        if ballot is None:
            return {}
        voted = [p.item_id for p in ballot.participations.all()] \
            if self.context.get("read_with_page") else None
        return {str(k): v for k, v in services.turnout(ballot, voted).items()}


class VoteInSerializer(serializers.Serializer):
    choices = serializers.DictField(
        child=serializers.ChoiceField(choices=[c for c, _label in CHOICES]),
        allow_empty=False, help_text="{item id: yes | no | abstain}")

    def validate_choices(self, value):
        clean = {}
        for key, choice in value.items():
            if not str(key).isdigit() or not 0 < int(key) <= MAX_ID:
                raise serializers.ValidationError("Số hiệu nội dung không hợp lệ.")
            clean[int(key)] = choice
        return clean


class ReceiptSerializer(serializers.Serializer):
    receipt = serializers.CharField(help_text="Mã biên nhận, chỉ trả về một lần")


class RecusalInSerializer(serializers.Serializer):
    item = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True,
                                   default="")


class CloseInSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    confirm = serializers.BooleanField(
        default=False, help_text="Bắt buộc khi còn thành viên chưa bỏ phiếu")
    passphrase = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="", write_only=True,
        trim_whitespace=False,
        help_text="Cụm mật khẩu của ban kiểm phiếu, để mở các phiếu đã niêm phong")


class OpenInSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    mode = serializers.ChoiceField(choices=[m for m, _label in Ballot.MODE_CHOICES])
    passphrase = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="", write_only=True,
        trim_whitespace=False,
        help_text="Cụm mật khẩu của ban kiểm phiếu (bỏ phiếu điện tử): chỉ khóa công khai "
                  "suy ra từ nó được lưu")


class PaperInSerializer(serializers.Serializer):
    item = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    issued = serializers.IntegerField(min_value=0, max_value=10000)
    valid = serializers.IntegerField(min_value=0, max_value=10000)
    yes = serializers.IntegerField(min_value=0, max_value=10000)
    no = serializers.IntegerField(min_value=0, max_value=10000)
    abstain = serializers.IntegerField(min_value=0, max_value=10000, default=0)


class EmptySerializer(serializers.Serializer):
    pass


# -- views -----------------------------------------------------------------------------
@extend_schema_view(
    list=extend_schema(summary="Cuộc họp Hội đồng",
                       responses={200: MeetingSerializer(many=True), 404: NOT_FOUND}),
    retrieve=extend_schema(summary="Một cuộc họp",
                           responses={200: MeetingSerializer, 404: NOT_FOUND}),
)
class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = MeetingSerializer
    lookup_value_regex = "[0-9]{1,9}"

    def get_queryset(self):
        councils = services.visible_councils(self.request.user)
        qs = (Meeting.objects.filter(council__in=councils).select_related("council__agency", "plan")
              .order_by("-held_on", "-id"))
        if self.action == "list":
            # A page's ballots, agendas and results read with it, not meeting by meeting
            # (nothing changes them between the read and the answer).
            qs = qs.select_related("ballot").prefetch_related(Prefetch(
                "items", queryset=AgendaItem.objects.select_related("nomination__subject",
                                                                    "result")), Prefetch(
                "ballot__participations",
                queryset=BallotParticipation.objects.only("id", "ballot_id", "item_id")))
        return qs

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "read_with_page": self.action == "list"}

    def get_object(self):
        meeting = super().get_object()
        if not services.may_view(self.request.user, meeting.council, meeting.held_on):
            raise exceptions.NotFound()
        return meeting

    def _item(self, meeting, item_id) -> AgendaItem:
        item = meeting.items.filter(pk=item_id).first()
        if item is None:
            message = "Nội dung không thuộc cuộc họp này."
            raise exceptions.ValidationError({"item": [message]})
        return item

    def _ballot(self, meeting) -> Ballot:
        ballot = Ballot.objects.filter(meeting=meeting).first()
        if ballot is None:
            raise Conflict("Cuộc bỏ phiếu chưa mở.")
        return ballot

    def _out(self, meeting, code=status.HTTP_200_OK):
        return Response(MeetingSerializer(Meeting.objects.get(pk=meeting.pk)).data, status=code)

    @extend_schema(summary="Bỏ phiếu kín", request=VoteInSerializer,
                   responses={201: ReceiptSerializer, **WRITE})
    @action(detail=True, methods=["post"])
    def vote(self, request, pk=None):
        meeting = self.get_object()
        d = _checked(VoteInSerializer, request.data)
        code = _run(services.cast_votes, request.user, self._ballot(meeting), d["choices"])
        return Response({"receipt": code}, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Không tham gia biểu quyết một nội dung",
                   request=RecusalInSerializer, responses={200: MeetingSerializer, **WRITE})
    @action(detail=True, methods=["post"])
    def recusal(self, request, pk=None):
        meeting = self.get_object()
        d = _checked(RecusalInSerializer, request.data)
        _run(services.declare_recusal, request.user, self._item(meeting, d["item"]),
             d["reason"])
        return self._out(meeting)

    @extend_schema(summary="Mở bỏ phiếu", request=OpenInSerializer,
                   responses={200: MeetingSerializer, **WRITE})
    @action(detail=True, methods=["post"])
    @sensitive_variables("d")
    def open(self, request, pk=None):
        meeting = self.get_object()
        d = _checked(OpenInSerializer, request.data)
        _run(services.open_ballot, request.user, meeting, d["version"], d["mode"],
             d["passphrase"])
        return self._out(meeting)

    @extend_schema(summary="Nhập kết quả kiểm phiếu giấy",
                   request=PaperInSerializer, responses={200: MeetingSerializer, **WRITE})
    @action(detail=True, methods=["post"], url_path="paper-count")
    def paper_count(self, request, pk=None):
        meeting = self.get_object()
        d = _checked(PaperInSerializer, request.data)
        _run(services.enter_paper_count, request.user, self._ballot(meeting),
             self._item(meeting, d["item"]), d["issued"], d["valid"], d["yes"], d["no"],
             d["abstain"])
        return self._out(meeting)

    @extend_schema(summary="Kết thúc bỏ phiếu và kiểm phiếu",
                   request=CloseInSerializer, responses={200: MeetingSerializer, **WRITE})
    @action(detail=True, methods=["post"])
    @sensitive_variables("d")
    def close(self, request, pk=None):
        meeting = self.get_object()
        d = _checked(CloseInSerializer, request.data)
        ballot = self._ballot(meeting)
        missing = services.not_voted(ballot)
        if missing and not d["confirm"]:
            raise Conflict(_("Còn %(n)s thành viên chưa bỏ phiếu; gửi lại với "
                             "\"confirm\": true để vẫn kết thúc.") % {"n": missing})
        _run(services.close_ballot, request.user, ballot, d["version"], d["passphrase"])
        return self._out(meeting)
