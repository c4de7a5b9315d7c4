"""Each municipality's Atom feed (RFC 4287): what residents can follow in a feed reader.

Seven kinds of entry, each only what the public pages already show:

- a published promise, and each published new version of it (the promise pages);
- a follow-up entry: one occasion an activity of the public promise was carried out, as the
  promise page lists it under "What has been done so far" (its latest entries per activity);
- a safety walk that took place, as the public walks page shows it (findings and measures,
  never descriptions, photos or participants);
- an adopted lägesbild version (the published lägesbild);
- a decided version of the lägesbild report (the public report);
- a resident's place report as published, updated when staff set its status (its own public
  page: what it is about, its area, the status and the answer; the newest `PLACE_ENTRIES`);
- a decided version of the yearly follow-up report (its public part, `followup.report.public`).

Entry ids are tag URIs (RFC 4151) made of the site's host, a fixed date and the entry's own
key, so they stay the same across requests, restarts and later edits. Times are days, as the
pages show them: midnight in the site's time zone.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tryggve.core.languages import page_language
from tryggve.core.models import Municipality
from tryggve.core.templatetags.text import paragraphs
from tryggve.followup.models import ActivityLog, FollowupReportVersion, Measure, SafetyWalk
from tryggve.followup.progress import progress
from tryggve.inputs.models import PlaceReport
from tryggve.promises.models import Promise, PromiseEvent
from tryggve.situation import publication
from tryggve.situation.models import ReportVersion, Situation

# The year Tryggve began tagging entries: part of every id, never to be changed (RFC 4151).
TAG_DATE = "2026"

PROMISE, FOLLOW_UP, WALK, SITUATION = "medborgarlofte", "uppfoljning", "trygghetsvandring", "lagesbild"
REPORT, FOLLOW_UP_REPORT = "lagesbildsrapport", "uppfoljningsrapport"
PLACE = "platsrapport"
KINDS = (PROMISE, FOLLOW_UP, WALK, SITUATION, REPORT, FOLLOW_UP_REPORT, PLACE)
# The place reports a feed carries at most, newest status first (the public list has them all).
PLACE_ENTRIES = 50


@dataclass(frozen=True)
class Entry:
    kind: str
    key: str  # unique within the kind and municipality, never reused
    title: str
    link: str  # absolute
    day: date  # updated
    summary: str  # HTML, escaped from plain text
    first: date | None = None  # published, when before `day`


@dataclass(frozen=True)
class Source:
    municipality: Municipality
    site: str  # scheme and host, no slash at the end
    entries: list[Entry]

    def tag(self, specific: str) -> str:
        host = urlsplit(self.site).hostname or "localhost"
        return f"tag:{host},{TAG_DATE}:{self.municipality.slug}/{specific}"


def site_url(request: HttpRequest) -> str:
    """TRYGGVE_SITE_URL when it is set, else the host the request came to."""
    if settings.SITE_URL_CONFIGURED:
        return str(settings.SITE_URL)
    return f"{request.scheme}://{request.get_host()}"


def midnight(day: date) -> datetime:
    """A day as the feed's time: as precise as the pages, which show days."""
    return datetime.combine(day, time())


def long_date(day: date) -> str:
    return date_format(day, "j F Y")


def promise_entries(place: Municipality, site: str) -> list[Entry]:
    promises = list(
        Promise.objects.public()
        .filter(municipality=place)
        .select_related("cycle")
        .order_by("-cycle__year", "-revision")
    )
    published: dict[int, date] = {}
    events = PromiseEvent.objects.filter(promise__in=promises, to_status=Promise.Status.PUBLISHED)
    for event in events.order_by("at"):
        published.setdefault(event.promise_id, timezone.localdate(event.at))
    entries = []
    for promise in promises:
        day = published.get(promise.pk) or promise.decision_date or date(promise.start_year, 1, 1)
        period = promise.period
        if promise.revision > 1:
            title = _("The citizen promise for %(period)s, version %(version)s") % {
                "period": period,
                "version": promise.revision,
            }
            summary = paragraphs(promise.change_note) if promise.change_note else paragraphs(promise.pledge)
        else:
            title = _("The citizen promise for %(period)s") % {"period": period}
            summary = paragraphs(promise.pledge)
        link = site + reverse("public_promises:detail", args=[place.slug, promise.slug])
        entries.append(Entry(PROMISE, str(promise.pk), title, link, day, str(summary)))
    return entries


def follow_up_entries(place: Municipality, site: str) -> list[Entry]:
    """The entries the promise pages list, each once, linked to the newest page showing it."""
    today = timezone.localdate()
    promises = (
        Promise.objects.public()
        .filter(municipality=place)
        .select_related("cycle")
        .prefetch_related("activities")
        .order_by("-cycle__year", "-revision")
    )
    seen: set[int] = set()
    entries = []
    for promise in promises:
        link = site + reverse("public_promises:detail", args=[place.slug, promise.slug])
        for item in progress([a for a in promise.activities.all() if a.public], today):
            for logged in item.latest:
                if logged.pk in seen:
                    continue
                seen.add(logged.pk)
                entries.append(_follow_up(item.activity, logged, link))
    return entries


def _follow_up(activity: Any, logged: ActivityLog, link: str) -> Entry:
    day = long_date(logged.done_on)
    title = _("Done for “%(activity)s” on %(day)s") % {"activity": activity.title.rstrip("."), "day": day}
    line = day
    if logged.area is not None:
        line += f", {logged.area.name}"
    if logged.quantity != 1:
        line += f": {logged.quantity} {activity.get_unit_display()}"
    if logged.note:
        line += f" – {logged.note}"
    return Entry(FOLLOW_UP, str(logged.pk), title, link, logged.done_on, format_html("<p>{}</p>", line))


def walk_entries(place: Municipality, site: str) -> list[Entry]:
    """Walks that took place (as the public walks page shows them), updated when a measure is done."""
    page = site + reverse("public_walks:walks", args=[place.slug])
    walks = (
        SafetyWalk.objects.filter(municipality=place)
        .exclude(status=SafetyWalk.Status.PLANNED)
        .select_related("area")
        .prefetch_related("findings__measures")
    )
    entries = []
    for walk in walks:
        findings = list(walk.findings.all())
        measures = [measure for finding in findings for measure in finding.measures.all()]
        done = [m for m in measures if m.status == Measure.Status.DONE]
        rejected = sum(1 for m in measures if m.status == Measure.Status.REJECTED)
        day = max([walk.walk_on, *(m.done_on for m in done if m.done_on)])
        title = _("Safety walk in %(area)s, %(day)s") % {
            "area": walk.area.name,
            "day": long_date(walk.walk_on),
        }
        lines = [
            ngettext("%(count)s finding.", "%(count)s findings.", len(findings)) % {"count": len(findings)}
            if findings
            else _("No findings.")
        ]
        if measures:
            lines.append(
                _("Measures: %(done)s done, %(planned)s planned, %(rejected)s not done.")
                % {"done": len(done), "planned": len(measures) - len(done) - rejected, "rejected": rejected}
            )
        summary = format_html("<p>{}</p>", " ".join(lines))
        entries.append(Entry(WALK, str(walk.pk), title, f"{page}#w{walk.pk}", day, summary, walk.walk_on))
    return entries


def situation_entries(place: Municipality, site: str) -> list[Entry]:
    entries = []
    for situation in (
        Situation.objects.readable()
        .filter(municipality=place)
        .only("pk", "year", "version", "adopted_on", "decision")
    ):
        if situation.version > 1:
            title = _("Lägesbild %(year)s, version %(version)s, adopted") % {
                "year": situation.year,
                "version": situation.version,
            }
        else:
            title = _("Lägesbild %(year)s adopted") % {"year": situation.year}
        link = site + reverse("situation:published", args=[place.slug, situation.year])
        summary = format_html(
            "<p>{}</p>",
            _(
                "Version %(version)s, adopted %(adopted_on)s (%(decision)s). The figures are those "
                "of the day it was adopted."
            )
            % {
                "version": situation.version,
                "adopted_on": long_date(situation.adopted_on),
                "decision": situation.decision,
            },
        )
        entries.append(
            Entry(
                SITUATION,
                f"{situation.year}/version/{situation.version}",
                title,
                f"{link}?version={situation.version}",
                situation.adopted_on,
                summary,
            )
        )
    return entries


def report_entries(place: Municipality, site: str) -> list[Entry]:
    """Each decided version of a lägesbild report of a readable adopted version."""
    entries = []
    decided = ReportVersion.objects.filter(
        report__situation__municipality=place,
        report__situation__public=True,
        report__situation__replaced_by__isnull=True,
    ).select_related("report__situation")
    for version in decided:
        situation = version.report.situation
        assert version.decision_date is not None  # noqa: S101 (a version is decided)
        link = site + reverse("situation:public_report", args=[place.slug, situation.year])
        summary = format_html(
            "<p>{}</p>",
            _(
                "Version %(number)s of the lägesbild report %(year)s, decided by %(body)s on "
                "%(date)s: the analysis of the crime and safety situation and its conclusions."
            )
            % {
                "number": version.number,
                "year": situation.year,
                "body": version.decision_body,
                "date": long_date(version.decision_date),
            },
        )
        entries.append(
            Entry(
                REPORT,
                f"{situation.year}/version/{situation.version}/rapport/{version.number}",
                _("Lägesbild report %(year)s decided, version %(number)s")
                % {"year": situation.year, "number": version.number},
                f"{link}?version={version.number}",
                version.decision_date,
                summary,
            )
        )
    return entries


def place_entries(place: Municipality, site: str) -> list[Entry]:
    """The newest published place reports, each in its public form (`publication.place_report`)."""
    published = (
        PlaceReport.objects.published()
        .filter(municipality=place, status_on__isnull=False)
        .select_related("area")
        .newest_status_first()[:PLACE_ENTRIES]
    )
    entries = []
    for report in published:
        shown = publication.place_report(report)
        assert shown["status_on"] is not None  # noqa: S101 (filtered above)
        title = _("%(kind)s in %(area)s: %(status)s") % {
            "kind": shown["kind_name"],
            "area": shown["area_name"],
            "status": shown["status_name"].lower(),
        }
        lines = [format_html("<p>{}: {}</p>", _("Status"), shown["status_name"])]
        if shown["reason"]:
            lines.append(format_html("<p>{}</p>", shown["reason"]))
        if shown["answer"]:
            lines.append(paragraphs(shown["answer"]))
        link = site + reverse("public_places:report", args=[place.slug, shown["id"]])
        entries.append(Entry(PLACE, str(shown["id"]), title, link, shown["status_on"], "".join(lines)))
    return entries


def followup_report_entries(place: Municipality, site: str) -> list[Entry]:
    """Each decided version of a follow-up report: the decision, never the report's texts."""
    entries = []
    for version in FollowupReportVersion.objects.filter(report__municipality=place).select_related("report"):
        year = version.report.year
        assert version.decision_date is not None  # noqa: S101 (a version is decided)
        link = site + reverse("public_followup_report:page", args=[place.slug, year])
        summary = format_html(
            "<p>{}</p>",
            _(
                "Version %(number)s of the follow-up report %(year)s, decided by %(body)s on %(date)s: "
                "what was done against the plan, how the indicators moved and what should change."
            )
            % {
                "number": version.number,
                "year": year,
                "body": version.decision_body,
                "date": long_date(version.decision_date),
            },
        )
        entries.append(
            Entry(
                FOLLOW_UP_REPORT,
                f"{year}/version/{version.number}",
                _("Follow-up report %(year)s decided, version %(number)s")
                % {"year": year, "number": version.number},
                f"{link}?version={version.number}",
                version.decision_date,
                summary,
            )
        )
    return entries


class MunicipalityFeed(Feed):
    """/<kommun>/flode.atom: in Swedish (English under /en/), newest first."""

    feed_type = Atom1Feed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # The site's languages; other prefixes (the survey's Arabic) get the Swedish feed.
        with translation.override(page_language()):
            response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "public, max-age=300"
        return response

    def get_object(self, request: HttpRequest, municipality: str) -> Source:
        place = get_object_or_404(Municipality, slug=municipality)
        site = site_url(request)
        entries = [
            *promise_entries(place, site),
            *follow_up_entries(place, site),
            *walk_entries(place, site),
            *situation_entries(place, site),
            *report_entries(place, site),
            *place_entries(place, site),
            *followup_report_entries(place, site),
        ]
        entries.sort(key=lambda entry: (entry.day, KINDS.index(entry.kind), entry.key), reverse=True)
        return Source(place, site, entries)

    def title(self, source: Source) -> str:
        return _("Safety in %(name)s: citizen promises, follow-up, safety walks and lägesbild") % {
            "name": source.municipality.official_name
        }

    def subtitle(self, source: Source) -> str:
        return _(
            "New citizen promises and versions, what has been done, safety walks and adopted lägesbilder."
        )

    def link(self, source: Source) -> str:
        return source.site + reverse("public:home", args=[source.municipality.slug])

    def feed_url(self, source: Source) -> str:
        return source.site + reverse("public:feed", args=[source.municipality.slug])

    def feed_guid(self, source: Source) -> str:
        return source.tag("flode")

    def author_name(self, source: Source) -> str:
        return str(source.municipality.official_name)

    def items(self, source: Source) -> list[tuple[Source, Entry]]:
        return [(source, entry) for entry in source.entries]

    def item_title(self, item: tuple[Source, Entry]) -> str:
        return item[1].title

    def item_description(self, item: tuple[Source, Entry]) -> str:
        return item[1].summary

    def item_link(self, item: tuple[Source, Entry]) -> str:
        return item[1].link

    def item_guid(self, item: tuple[Source, Entry]) -> str:
        source, entry = item
        return source.tag(f"{entry.kind}/{entry.key}")

    def item_updateddate(self, item: tuple[Source, Entry]) -> datetime:
        return midnight(item[1].day)

    def item_pubdate(self, item: tuple[Source, Entry]) -> datetime:
        return midnight(item[1].first or item[1].day)

    def item_categories(self, item: tuple[Source, Entry]) -> list[str]:
        return [item[1].kind]
