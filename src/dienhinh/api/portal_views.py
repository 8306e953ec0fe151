"""API of the portal's editorial work: stories and their transitions, and the consents
of the people they are about (Nghị định 13/2023/NĐ-CP, Điều 11–12).

Thin views over `dienhinh.portal.services`. Objects outside the user's scope are "not
found" (404); a refusal answers 400 (bad input, a rule), 403 (not allowed) or 409 (the
state or the version does not allow it). What the public reads is the portal itself
and its open data (/portal/exemplars.json), not this API.

URL names: api-story-list/-detail/-submit/-return/-publish/-unpublish/-edit,
api-consent-list/-detail/-withdraw.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dienhinh import policy
from dienhinh.decisions.models import Recognition
from dienhinh.portal import services
from dienhinh.portal.models import Column, Consent, Story

from .exemplars_views import WRITE
from .views import NOT_FOUND

MAX_ID = 2**62


class StorySerializer(serializers.ModelSerializer):
    subject = serializers.CharField(source="subject.code", read_only=True)
    subject_name = serializers.CharField(source="subject.name", read_only=True)
    agency = serializers.CharField(source="agency.subject.code", read_only=True)
    column = serializers.CharField(source="column.slug", allow_null=True, default=None,
                                   read_only=True)
    decision_no = serializers.CharField(source="recognition.decision.number", allow_null=True,
                                        default=None, read_only=True)
    missing_consent = serializers.SerializerMethodField(
        help_text="Sự đồng ý còn thiếu để đăng")

    class Meta:
        model = Story
        fields = ["id", "subject", "subject_name", "agency", "column", "recognition",
                  "decision_no", "title", "summary", "body", "field", "year", "level",
                  "status", "publish_at", "version", "missing_consent"]
        read_only_fields = fields

    def get_missing_consent(self, obj) -> list[str]:
        view = self.context.get("view")
        if getattr(view, "action", None) == "list":
            return []
        return services.consent_missing(obj)


class StoryDraftSerializer(serializers.Serializer):
    recognition = serializers.IntegerField(min_value=1, max_value=MAX_ID,
                                           help_text="Mục của quyết định")
    column = serializers.SlugField(required=False, allow_blank=True, max_length=120)


class StoryVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=0, max_value=2**31 - 1,
                                       help_text="Phiên bản đã đọc")


class StoryEditSerializer(StoryVersionSerializer):
    title = serializers.CharField(max_length=300)
    summary = serializers.CharField(max_length=1000, required=False, allow_blank=True,
                                    default="")
    body = serializers.CharField(max_length=100_000, required=False, allow_blank=True,
                                 default="", help_text="HTML; mã lệnh, định dạng bị loại bỏ")
    column = serializers.SlugField(required=False, allow_blank=True, max_length=120)
    field = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                  default="")


class StoryNoteSerializer(StoryVersionSerializer):
    note = serializers.CharField(max_length=2000)


class StoryPublishSerializer(StoryVersionSerializer):
    publish_at = serializers.DateTimeField(required=False, allow_null=True, default=None,
                                           help_text="Để trống: đăng ngay")


class ConsentSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="person.subject.code", read_only=True)
    person_name = serializers.CharField(source="person.subject.name", read_only=True)

    class Meta:
        model = Consent
        fields = ["id", "person", "person_name", "scope", "given_at", "evidence",
                  "withdrawn_at", "withdrawal_evidence", "version"]
        read_only_fields = fields


class GiveConsentSerializer(serializers.Serializer):
    person = serializers.CharField(max_length=64, help_text="Mã cá nhân")
    scope = serializers.ChoiceField(choices=Consent.Scope.choices)
    evidence = serializers.CharField(max_length=500)


class ConsentWithdrawSerializer(StoryVersionSerializer):
    evidence = serializers.CharField(max_length=500)


def _checked(serializer_class, data):
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _column(user, slug):
    if not slug:
        return None
    column = Column.objects.filter(slug=slug,
                                   agency__in=policy.units(user, "write_story")).first()
    if column is None:
        raise exceptions.ValidationError({"column": [_("Không tìm thấy chuyên mục trong phạm vi.")]})
    return column


def _schema(summary, request=StoryVersionSerializer, response=StorySerializer):
    return extend_schema(summary=summary, request=request, responses={200: response, **WRITE})


@extend_schema_view(
    list=extend_schema(summary="Bài viết về điển hình"),
    retrieve=extend_schema(summary="Một bài viết",
                           responses={200: StorySerializer, 404: NOT_FOUND}),
)
class StoryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = StorySerializer
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        user = self.request.user
        agencies = Q(pk__in=[])
        for permission in ("write_story", "publish_story", "unpublish_story"):
            agencies |= Q(agency__in=policy.units(user, permission))
        return (Story.objects.filter(agencies)
                .select_related("subject", "agency__subject", "column",
                                "recognition__decision").order_by("-id"))

    def _out(self, story, code=status.HTTP_200_OK):
        story = self.get_queryset().get(pk=story.pk)
        return Response(StorySerializer(story, context={"view": self}).data, status=code)

    @_schema("Soạn bài từ một mục của quyết định",
             request=StoryDraftSerializer)
    def create(self, request):
        d = _checked(StoryDraftSerializer, request.data)
        recognition = Recognition.objects.select_related("decision__agency", "subject").filter(
            pk=d["recognition"], decision__agency__in=policy.units(
                request.user, "write_story")).first()
        if recognition is None:
            raise exceptions.ValidationError({"recognition": [_(
                "Không tìm thấy mục quyết định trong phạm vi.")]})
        story = services.draft_story(request.user, recognition,
                                     _column(request.user, d.get("column")))
        return self._out(story, status.HTTP_201_CREATED)

    @_schema("Sửa bài (một phiên bản mới)", request=StoryEditSerializer)
    @action(detail=True, methods=["post"])
    def edit(self, request, pk=None):
        story = self.get_object()
        d = _checked(StoryEditSerializer, request.data)
        # A column left out keeps the story's; an empty one takes it out of its column.
        column = _column(request.user, d["column"]) if "column" in d else story.column
        return self._out(services.edit_story(
            story, request.user, d["version"], title=d["title"], summary=d["summary"],
            body=d["body"], column=column, field=d["field"]))

    @_schema("Gửi duyệt")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        d = _checked(StoryVersionSerializer, request.data)
        return self._out(services.submit_story(self.get_object(), request.user, d["version"]))

    @_schema("Trả lại biên tập viên", request=StoryNoteSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        d = _checked(StoryNoteSerializer, request.data)
        return self._out(services.return_story(self.get_object(), request.user, d["version"],
                                               note=d["note"]))

    @_schema("Đăng ngay hoặc hẹn giờ", request=StoryPublishSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        d = _checked(StoryPublishSerializer, request.data)
        return self._out(services.publish_story(self.get_object(), request.user, d["version"],
                                                at=d["publish_at"]))

    @_schema("Gỡ bài", request=StoryNoteSerializer)
    @action(detail=True, methods=["post"])
    def unpublish(self, request, pk=None):
        d = _checked(StoryNoteSerializer, request.data)
        return self._out(services.unpublish_story(self.get_object(), request.user,
                                                  d["version"], reason=d["note"]))


@extend_schema_view(
    list=extend_schema(summary="Sự đồng ý công bố thông tin"),
    retrieve=extend_schema(summary="Một sự đồng ý",
                           responses={200: ConsentSerializer, 404: NOT_FOUND}),
)
class ConsentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     viewsets.GenericViewSet):
    serializer_class = ConsentSerializer
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        return (Consent.objects.filter(person__in=policy.people(self.request.user,
                                                                "record_consent"))
                .select_related("person__subject").order_by("-id"))

    @_schema("Ghi nhận sự đồng ý", request=GiveConsentSerializer,
             response=ConsentSerializer)
    def create(self, request):
        d = _checked(GiveConsentSerializer, request.data)
        person = policy.people(request.user, "record_consent").select_related(
            "subject", "unit").filter(subject__code=d["person"]).first()
        if person is None:
            raise exceptions.ValidationError({"person": [_(
                "Không tìm thấy cá nhân trong phạm vi.")]})
        consent = services.record_consent(request.user, person=person, scope=d["scope"],
                                          evidence=d["evidence"])
        return Response(ConsentSerializer(self.get_queryset().get(pk=consent.pk)).data,
                        status=status.HTTP_201_CREATED)

    @_schema("Rút lại sự đồng ý", request=ConsentWithdrawSerializer,
             response=ConsentSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        d = _checked(ConsentWithdrawSerializer, request.data)
        consent = services.withdraw_consent(self.get_object(), request.user, d["version"],
                                            evidence=d["evidence"])
        return Response(ConsentSerializer(self.get_queryset().get(pk=consent.pk)).data)

