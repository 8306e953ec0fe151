"""The public portal (no login): home, stories, columns, good models, search, open data.

Every page reads `services.public_stories()` / `public_recognitions()`, so what is not
public (a draft, a story taken down or scheduled for later, a person without consent)
answers 404 here like a page that never existed.
"""

from __future__ import annotations

import csv
import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from django.views.i18n import set_language as django_set_language

from dienhinh.core import vietnamese
from dienhinh.core.paging import bounded_page
from dienhinh.decisions.models import Certificate, Decision
from dienhinh.ledger.models import Achievement
from dienhinh.orgs.models import Subject, Unit
from dienhinh.portal import services
from dienhinh.portal.models import Column, Story
from dienhinh.replication import services as replication
from dienhinh.replication.models import GoodModel

PER_PAGE = 20
OPEN_DATA_FIELDS = ["name", "unit", "level", "plan", "year", "decision_no", "decision_date",
                    "story_url"]
LEVELS = dict(Decision.LEVEL_CHOICES)


def cached_page(view):
    """Keep the page in the shared cache for `PORTAL_PAGE_CACHE_SECONDS` under the
    portal's generation (`services.generation`), which every editorial write changes:
    the pages are the same for every reader (no login, no form with a token)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.PORTAL_PAGE_CACHE_SECONDS
        if seconds <= 0:
            return view(request, *args, **kwargs)
        address = request.build_absolute_uri()[:2000]
        key = (f"portal:page:{services.generation()}:{translation.get_language()}:"
               f"{hashlib.sha256(address.encode()).hexdigest()}")
        hit = cache.get(key)
        if hit is not None:
            return HttpResponse(hit[0], content_type=hit[1])
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            cache.set(key, (response.content, response["Content-Type"]), seconds)
        return response

    return wrapper


def _cards(qs):
    return qs.select_related("subject", "agency__subject", "column").only(
        "pk", "title", "summary", "publish_at", "photo", "subject__name", "subject__type",
        "agency__subject__name", "column__title", "column__slug", "year", "level")


@require_GET
@cached_page
def home(request):
    stories = list(_cards(services.public_stories()).order_by("-publish_at", "-id")[:12])
    columns = list(Column.objects.select_related("agency__subject", "movement")
                   .order_by("title")[:30])
    models = list(GoodModel.objects.select_related("agency__subject")
                  .order_by("-created_at", "-id")[:8])
    return render(request, "portal/home.html", {"stories": stories, "columns": columns,
                                                "models": models})


def _public_story(pk: int) -> Story:
    story = (services.public_stories().select_related(
        "subject", "agency__subject", "column", "good_model",
        "recognition__decision__agency__subject", "recognition__decision__plan")
        .filter(pk=pk).first())
    if story is None:
        raise Http404(_("Không có bài viết này trên cổng thông tin."))
    return story


@require_GET
@cached_page
def story(request, pk: int):
    s = _public_story(pk)
    decision = s.recognition.decision if s.recognition_id else None
    cert = (Certificate.objects.filter(recognition_id=s.recognition_id).only("token").first()
            if s.recognition_id else None)
    achievements = list(Achievement.objects.filter(subject_id=s.subject_id)
                        .select_related("code").order_by("-year", "-id")[:10])
    return render(request, "portal/story.html", {
        "story": s, "decision": decision, "certificate": cert,
        "achievements": achievements, "photo": services.photo_public(s),
        "level_label": LEVELS.get(s.level, ""),
        "canonical": request.build_absolute_uri(reverse("portal_story", args=[s.pk])),
    })


@require_GET
def story_photo(request, pk: int):
    s = _public_story(pk)
    if not services.photo_public(s):
        raise Http404(_("Ảnh không được công bố."))
    response = FileResponse(s.photo.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
@cached_page
def column(request, slug: str):
    col = get_object_or_404(Column.objects.select_related("agency__subject", "movement"),
                            slug=slug)
    page = bounded_page(_cards(services.public_stories().filter(column=col))
                        .order_by("-publish_at", "-id"), PER_PAGE, request.GET.get("page"))
    return render(request, "portal/column.html", {"column": col, "page": page})


@require_GET
@cached_page
def good_model(request, pk: int):
    model = get_object_or_404(GoodModel.objects.select_related("agency__subject", "owner"),
                              pk=pk)
    rows = replication.spread(model)
    counts = replication.adoption_counts(GoodModel.objects.filter(pk=model.pk)).get(model.pk, {})
    stories = list(_cards(services.public_stories().filter(good_model=model))[:10])
    return render(request, "portal/model.html", {
        "model": model, "rows": rows, "counts": sorted(counts.items()),
        "units": len({r.unit_id for r in rows if r.status != "abandoned"}),
        "owner_public": services.name_public(model.owner), "stories": stories,
    })


def _int(value, low: int, high: int):
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return n if low <= n <= high else None


@require_GET
@cached_page
def search(request):
    q = str(request.GET.get("q", ""))[: services.SEARCH_MAX_CHARS]
    words = services.fold_query(q)
    agency_id = _int(request.GET.get("agency"), 1, 2**62)
    agency = Unit.objects.select_related("subject").filter(pk=agency_id).first() \
        if agency_id else None
    # Control characters cannot match a field, and PostgreSQL refuses a NUL in a query.
    field = vietnamese.clean_text("".join(
        ch for ch in str(request.GET.get("field", ""))[:200] if ch.isprintable()))
    year = _int(request.GET.get("year"), 1945, 2200)
    level = request.GET.get("level", "")
    level = level if level in LEVELS else ""
    filtered = bool(words or agency or field or year or level)
    stories = services.search_stories(words, agency=agency, field=field, year=year,
                                      level=level) if filtered else Story.objects.none()
    page = bounded_page(_cards(stories).order_by("-publish_at", "-id"), PER_PAGE,
                        request.GET.get("page"))
    models = services.search_models(words, agency=agency, field=field)
    public = services.public_stories()
    agencies = (Unit.objects.filter(pk__in=public.values("agency_id"))
                .select_related("subject"))
    # order_by(): the model's ordering would otherwise enter the DISTINCT.
    fields = sorted(public.exclude(field="").order_by().values_list("field", flat=True)
                    .distinct()[:100], key=vietnamese.text_sort_key)
    years = sorted(public.exclude(year=None).order_by().values_list("year", flat=True)
                   .distinct()[:100], reverse=True)
    return render(request, "portal/search.html", {
        "q": q, "page": page, "models": models, "filtered": filtered,
        "agency": agency, "field": field, "year": year, "level": level,
        "agencies": sorted(agencies, key=lambda u: vietnamese.text_sort_key(u.subject.name)),
        "fields": fields, "years": years, "levels": list(LEVELS.items()),
        "query_string": _without_page(request),
    })


def _without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# The language switch of the cached public pages (no CSRF token in them): a forged post
# could only change a reader's language.
set_language = csrf_exempt(django_set_language)


# -- open data -------------------------------------------------------------------------------
def open_data_rows(request) -> list[dict]:
    """One row per recognised exemplar whose publication is allowed (CONTRACT §5)."""
    recs = (services.public_recognitions()
            .select_related("subject", "decision__plan", "decision__agency__subject",
                            "subject__person__unit__subject",
                            "subject__unit__parent__subject")
            .order_by("-decision__signed_on", "decision_id", "position", "id"))
    story_of = {}
    for sid, rid, pk in services.public_stories().order_by("publish_at", "id").values_list(
            "subject_id", "recognition_id", "pk"):
        story_of[("r", rid)] = pk
        story_of[("s", sid)] = pk
    rows = []
    for r in recs:
        d = r.decision
        if r.subject.type == Subject.INDIVIDUAL:
            unit = r.subject.person.unit.subject.name
        else:
            parent = r.subject.unit.parent
            unit = parent.subject.name if parent is not None else d.agency.subject.name
        pk = story_of.get(("r", r.pk)) or story_of.get(("s", r.subject_id))
        rows.append({
            "name": r.subject.name, "unit": unit, "level": str(LEVELS.get(d.level, "")),
            "plan": d.plan.title if d.plan_id else "", "year": d.year,
            "decision_no": d.number, "decision_date": d.signed_on,
            "story_url": request.build_absolute_uri(reverse("portal_story", args=[pk]))
            if pk else "",
        })
    return rows


@require_GET
def exemplars_json(request):
    rows = [{**row, "decision_date": row["decision_date"].isoformat()
             if row["decision_date"] else ""} for row in open_data_rows(request)]
    response = JsonResponse(rows, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def exemplars_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="dien-hinh-tien-tien.csv"'
    response.write("\ufeff")  # so that Excel reads UTF-8
    writer = csv.DictWriter(response, fieldnames=OPEN_DATA_FIELDS)
    writer.writeheader()
    for row in open_data_rows(request):
        writer.writerow({**row, "decision_date": vietnamese.format_date(row["decision_date"])})
    return response

