"""Load the Halmstad demonstration data.

Idempotent: every object is looked up by its natural key and only created when missing, and a
promise's focus areas and activities are created with it, so running the command again (or on
a database with other data) adds only what is missing and never overwrites anyone's edits.
"""

import io
import json
import math
import random
import secrets
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from tryggve.core import area_import, tile_archive, tiles
from tryggve.core.boundaries import read_features
from tryggve.core.models import (
    Area,
    Cycle,
    Landmark,
    Membership,
    Municipality,
    OpeningHours,
    Organisation,
    Population,
)
from tryggve.demo import data
from tryggve.demo.survey_answers import (
    invented_answers,
    invented_incidents,
    invented_police_events,
)
from tryggve.followup import report as followup_report
from tryggve.followup.models import (
    ActivityLog,
    Finding,
    FollowupReport,
    FollowupReportVersion,
    Indicator,
    Measure,
    MeasureNote,
    Revisit,
    SafetyWalk,
)
from tryggve.followup.progress import planned_by
from tryggve.inputs.kolada import DEFAULT_KPIS, unit_of
from tryggve.inputs.models import (
    Category,
    Dialogue,
    Incident,
    KoladaKpi,
    KoladaValue,
    PlaceReport,
    PoliceEvent,
    QuarterPriority,
    Topic,
    WeeklyMeeting,
)
from tryggve.promises import action_plans, workflow
from tryggve.promises.models import (
    ActionPlanVersion,
    Activity,
    Agreement,
    CauseAnalysis,
    Evidence,
    FocusArea,
    Problem,
    Promise,
    PromiseEvent,
)
from tryggve.situation import builder, report_versions, scb_population
from tryggve.situation.models import NationalFigure, Report, ReportVersion, Situation
from tryggve.surveys.definition import build_survey
from tryggve.surveys.models import Survey
from tryggve.surveys.responses import ResponseBuilder, save_responses, survey_questions
from tryggve.surveys.standard_questions import AGE_BANDS, TEMPLATE


class Command(BaseCommand):
    help = "Load the Halmstad demonstration data (adds only what is missing)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--responses",
            type=float,
            default=1.0,
            help="Scale the number of invented survey responses (e.g. 0.1 for a tenth, as the tests do).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.created: dict[str, int] = {}
        self.response_scale = options["responses"]
        with transaction.atomic():
            municipalities = {entry["slug"]: self.municipality(entry) for entry in data.MUNICIPALITIES}
            organisations = {
                entry["slug"]: self.organisation(entry, municipalities) for entry in data.ORGANISATIONS
            }
            for entry in data.PROMISES:
                self.promise(entry, municipalities[entry["municipality"]], organisations)
            for slug in data.POPULATION_FILES:
                self.population(municipalities[slug])
            for entry in data.SURVEYS:
                self.survey(entry, municipalities[entry["municipality"]])
            self.cycles_through_surveys(municipalities["halmstad"])
            for slug, places in data.LANDMARKS.items():
                self.landmarks(municipalities[slug], places)
            self.demo_map(municipalities["halmstad"])
            for entry in data.POLICE_EVENTS:
                self.police_events(entry, municipalities[entry["municipality"]])
            for slug, figures in data.RECORDED_CRIME.items():
                self.recorded_crime(municipalities[slug], figures)
            for slug, rows in data.NATIONAL_FIGURES.items():
                self.national_figures(municipalities[slug], rows)
            self.incidents(municipalities["halmstad"], organisations)
            self.place_reports(municipalities["halmstad"], organisations)
            self.dialogues(municipalities["halmstad"], organisations)
            for entry in data.SITUATIONS:
                self.situation(entry, municipalities[entry["municipality"]])
            for entry in data.REPORTS:
                self.report(entry, municipalities[entry["municipality"]])
            self.evidence(municipalities["halmstad"])
            self.action_plan(municipalities["halmstad"])
            self.safety_walk(municipalities["halmstad"], organisations)
            for entry in data.FOLLOWUP_REPORTS:
                self.followup_report(entry, municipalities[entry["municipality"]])
            passwords = [self.staff_user(entry, municipalities, organisations) for entry in data.STAFF]
        if connection.vendor == "postgresql":
            # Fresh statistics, so the first pages are planned for thousands of rows, not none.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        summary = ", ".join(f"{count} {kind}" for kind, count in self.created.items() if count)
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded; created: {summary or 'nothing new'}."))
        new_users = [entry for entry in passwords if entry]
        if new_users:
            self.stdout.write("New staff users (the passwords are shown only now):")
            for username, password in new_users:
                self.stdout.write(f"  {username:22} {password}")

    def count(self, kind: str, created: bool) -> None:
        self.created[kind] = self.created.get(kind, 0) + int(created)

    def municipality(self, entry: dict[str, Any]) -> Municipality:
        fields = {
            key: value
            for key, value in entry.items()
            if key not in ("slug", "opening_hours", "areas", "cycles")
        }
        municipality, created = Municipality.objects.get_or_create(
            slug=entry["slug"], defaults={**fields, "is_demo": True}
        )
        self.count("municipalities", created)
        if created:
            municipality.logo.save(
                f"{municipality.slug}.svg",
                ContentFile(data.logo_svg(municipality.name[0], municipality.primary_colour).encode()),
            )
            for kind, first, last, opens, closes in entry["opening_hours"]:
                OpeningHours.objects.create(
                    municipality=municipality,
                    kind=kind,
                    first_weekday=first,
                    last_weekday=last,
                    opens=opens,
                    closes=closes,
                )
        if entry["slug"] in data.BOUNDARY_FILES:
            self.boundaries(municipality)
        for slug, name, kind, parent_slug, (longitude, latitude), radius in entry["areas"]:
            if entry["slug"] in data.BOUNDARY_FILES:
                break  # the outlines come from the boundary files
            parent = Area.objects.get(municipality=municipality, slug=parent_slug) if parent_slug else None
            _area, created = Area.objects.get_or_create(
                municipality=municipality,
                slug=slug,
                defaults={
                    "name": name,
                    "kind": kind,
                    "parent": parent,
                    "geometry": data.hexagon(longitude, latitude, radius),
                    "geometry_is_invented": True,
                },
            )
            self.count("areas", created)
        for cycle in entry["cycles"]:
            _cycle, created = Cycle.objects.get_or_create(
                municipality=municipality,
                year=cycle["year"],
                defaults={key: value for key, value in cycle.items() if key != "year"},
            )
            self.count("cycles", created)
        return municipality

    def boundaries(self, municipality: Municipality) -> None:
        """The invented boundary files through `import_areas`, as a municipality imports SCB's
        DeSO and Lantmäteriet's border. Into a municipality with areas, only the missing ones
        are added (the same import, its plan kept to the new areas), so edits survive."""
        first = not municipality.areas.exists()
        for path, mapping in data.BOUNDARY_FILES[municipality.slug]:
            if first:
                out = io.StringIO()
                call_command(
                    "import_areas", municipality.slug, str(path), "--mapping", str(mapping), stdout=out
                )
                created = int(out.getvalue().split()[-4])
            else:
                plan = area_import.plan(
                    municipality,
                    read_features(path),
                    file=path.name,
                    mapping=area_import.read_mapping(mapping),
                )
                plan.areas = [area for area in plan.areas if area.existing is None]
                created, _updated = area_import.store(plan, invented=True)
            self.created["areas"] = self.created.get("areas", 0) + created
        if first:
            municipality.areas.update(geometry_is_invented=True)

    def demo_map(self, municipality: Municipality) -> None:
        """An invented street map for `make run`: the demo's own areas and named places drawn, at the
        default archive's place (never over an archive already there). Labelled invented."""
        path = Path(settings.MEDIA_ROOT) / tiles.DEFAULT_ARCHIVE
        if path.exists():
            return
        areas = [
            (area.name, area.geometry)
            for area in municipality.areas.exclude(kind=Area.Kind.MUNICIPALITY)
            if area.geometry
        ]
        if not areas:
            return
        places = [(place.name, place.longitude, place.latitude) for place in municipality.landmarks.all()]
        drawn = tile_archive.draw_areas(areas, zooms=range(9, 15), places=places)
        points = [point for _name, geometry in areas for point in tile_archive.outline_points(geometry)]
        bounds = (
            min(p[0] for p in points),
            min(p[1] for p in points),
            max(p[0] for p in points),
            max(p[1] for p in points),
        )
        tile_archive.write_archive(path, drawn, data.DEMO_MAP_ATTRIBUTION, bounds)
        self.created["map tiles"] = len(drawn)

    def landmarks(
        self, municipality: Municipality, places: list[tuple[str, str, str, tuple[int, int]]]
    ) -> None:
        """Named places at invented positions around the middles of the demo's areas."""
        areas = {area.slug: area for area in municipality.areas.all()}
        for slug, name, kind, (east, north) in places:
            middle = middle_of(areas[slug])
            if middle is None:
                continue
            longitude, latitude = middle
            _landmark, created = Landmark.objects.get_or_create(
                municipality=municipality,
                name=name,
                defaults={
                    "kind": kind,
                    "latitude": round(latitude + north / 110_574, 6),
                    "longitude": round(longitude + east / (111_320 * math.cos(math.radians(latitude))), 6),
                    "position_is_invented": True,
                },
            )
            self.count("named places", created)

    def organisation(self, entry: dict[str, Any], municipalities: dict[str, Municipality]) -> Organisation:
        organisation, created = Organisation.objects.get_or_create(
            slug=entry["slug"], defaults={"name": entry["name"], "kind": entry["kind"]}
        )
        self.count("organisations", created)
        if created:
            organisation.municipalities.set([municipalities[slug] for slug in entry["in"]])
        return organisation

    def promise(
        self,
        entry: dict[str, Any],
        municipality: Municipality,
        organisations: dict[str, Organisation],
    ) -> None:
        cycle = Cycle.objects.get(municipality=municipality, year=entry["year"])
        if Promise.objects.filter(municipality=municipality, cycle=cycle).exists():
            return
        texts = {key: value for key, value in entry.items() if key.endswith(("_sv", "_en"))}
        promise = Promise.objects.create(
            municipality=municipality, cycle=cycle, status=entry["status"], **texts
        )
        self.count("promises", True)
        promise.parties.set([organisations[slug] for slug in entry["parties"]])
        # The workflow's history as far as the demo tells it: the day the promise was published.
        step = workflow.record(promise, "", None, "Demonstrationsdata")
        published = promise.decision_date or date(promise.start_year, 3, 1)
        PromiseEvent.objects.filter(pk=step.pk).update(
            at=datetime(published.year, published.month, published.day, 12, tzinfo=UTC)
        )
        for order, (area_slug, description_sv, description_en) in enumerate(entry["focus_areas"]):
            FocusArea.objects.create(
                promise=promise,
                area=Area.objects.get(municipality=municipality, slug=area_slug),
                description_sv=description_sv,
                description_en=description_en,
                order=order,
            )
        for order, (title_sv, title_en, responsible) in enumerate(entry["activities"]):
            activity = Activity.objects.create(
                promise=promise, title_sv=title_sv, title_en=title_en, order=order
            )
            activity.responsible.set([organisations[slug] for slug in responsible])
            plan = (
                data.ACTIVITY_PLANS.get((entry["year"], order)) if municipality.slug == "halmstad" else None
            )
            if plan:
                self.activity_log(activity, plan, organisations[responsible[0]])

    def activity_log(self, activity: Activity, plan: tuple[Any, ...], organisation: Organisation) -> None:
        """A plan for the activity and invented entries spread over its year."""
        quantity, unit, per, area_slugs, share, people, notes = plan
        activity.planned_quantity, activity.unit, activity.per = quantity, unit, per
        activity.save()
        areas = list(Area.objects.filter(municipality=activity.promise.municipality, slug__in=area_slugs))
        activity.areas.set(areas)
        planned = round(planned_by(activity, quantity, activity.last_day))
        rng = random.Random(activity.promise.start_year * 10 + activity.order)
        entries = []
        for number in range(round(planned * share)):
            day = activity.first_day + timedelta(
                days=(number * 365) // max(round(planned * share), 1) + rng.randrange(5)
            )
            entries.append(
                ActivityLog(
                    activity=activity,
                    done_on=min(day, activity.last_day),
                    area=rng.choice(areas) if areas else None,
                    quantity=1,
                    people_met=rng.randint(people // 2, people) if people else None,
                    note=rng.choice(notes),
                    organisation=organisation,
                )
            )
        ActivityLog.objects.bulk_create(entries)
        self.created["activity log entries"] = self.created.get("activity log entries", 0) + len(entries)

    def population(self, municipality: Municipality) -> None:
        """Invented counts for every survey year, so surveys are weighted and rates shown: the
        invented JSON-stat file through `import_population`, as SCB's would be. A year that has
        counts gets them only for the areas that have none (an area added again), so edits survive."""
        path, file_years = data.POPULATION_FILES[municipality.slug]
        years = {entry["year"] or timezone.localdate().year for entry in data.SURVEYS}
        counted = municipality.areas.exclude(region_codes=[])
        for year in sorted(years):
            # A later survey is weighted with the latest counts the file has.
            from_year = year if year in file_years else max(y for y in file_years if y <= year)
            have = set(
                Population.objects.filter(area__municipality=municipality, year=year).values_list(
                    "area", flat=True
                )
            )
            if not have:
                out = io.StringIO()
                options = ["--from-year", str(from_year)]
                call_command(
                    "import_population", municipality.slug, str(year), str(path), *options, stdout=out
                )
                added = int(out.getvalue().strip().splitlines()[-1].split()[1].rstrip(","))
            elif missing := {area.pk for area in counted if area.pk not in have}:
                result = scb_population.counts(
                    json.loads(path.read_text()),
                    municipality,
                    from_year,
                    scb_population.survey_bands(AGE_BANDS),
                )
                added, _unchanged = scb_population.store(
                    year, {key: n for key, n in result.counts.items() if key[0] in missing}
                )
            else:
                continue
            self.created["population cells"] = self.created.get("population cells", 0) + added

    def survey(self, entry: dict[str, Any], municipality: Municipality) -> None:
        if Survey.objects.filter(municipality=municipality, slug=entry["slug"]).exists():
            return
        today = timezone.localdate()
        opens = entry.get("opens") or today + timedelta(days=entry["opens_in_days"])
        closes = entry.get("closes") or opens + timedelta(days=entry["open_days"])
        survey = build_survey(
            TEMPLATE,
            municipality=municipality,
            year=entry["year"] or opens.year,
            slug=entry["slug"],
            opens=opens,
            closes=closes,
        )
        self.count("surveys", True)
        residents = data.RESIDENTS_16_PLUS.get(municipality.slug, {})
        areas = [(Area.objects.get(municipality=municipality, slug=slug), n) for slug, n in residents.items()]
        builder = ResponseBuilder(survey, survey_questions(survey))
        answers = invented_answers(
            round(entry["responses"] * self.response_scale),
            areas,
            opens,
            min(closes, today),
            entry["seed"],
            entry.get("less_safe"),
        )
        built = [builder.build(given, received_on=day) for day, given in answers]
        # The invented texts hold nothing personal: shown as if an analyst had approved them.
        for _response, rows, places in built:
            for row in rows:
                row.text_approved = True
            for place in places:
                place.text_approved = True
        save_responses(built)
        self.created["survey responses"] = self.created.get("survey responses", 0) + len(answers)

    def cycles_through_surveys(self, municipality: Municipality) -> None:
        """Every year's cycle up to the one this year's open survey feeds, each survey's with its
        window: the analysts' *Omgångar* page starts the next one from there."""
        surveys = list(Survey.objects.filter(municipality=municipality).order_by("year"))
        if not surveys:
            return
        fed = {survey.year + 1: survey for survey in surveys}
        first = min(
            Cycle.objects.filter(municipality=municipality).values_list("year", flat=True), default=2017
        )
        for year in range(first, max(fed) + 1):
            survey = fed.get(year)
            window = {"survey_opens": survey.opens, "survey_closes": survey.closes} if survey else {}
            _cycle, created = Cycle.objects.get_or_create(
                municipality=municipality, year=year, defaults=window
            )
            self.count("cycles", created)

    def police_events(self, entry: dict[str, Any], municipality: Municipality) -> None:
        """Invented events in the feed's format, as `import_police_events` would store them."""
        if PoliceEvent.objects.filter(event_id=entry["first_id"]).exists():
            return
        latitude, longitude = entry["gps"]
        events = [
            PoliceEvent(
                event_id=entry["first_id"] + number,
                happened_at=moment,
                name=f"{moment:%d %B %H.%M}, {kind}, {municipality.name}",
                summary="Påhittad händelse för demonstrationen.",
                kind=kind,
                location_name=municipality.name,
                latitude=latitude,
                longitude=longitude,
                municipality=municipality,
            )
            for number, (moment, kind) in enumerate(
                invented_police_events(entry["year"], entry["count"], entry["first_id"])
            )
        ]
        PoliceEvent.objects.bulk_create(events, batch_size=500)
        self.created["police events"] = self.created.get("police events", 0) + len(events)

    def recorded_crime(self, municipality: Municipality, figures: dict[str, list[tuple[int, float]]]) -> None:
        """Invented Kolada figures, as `import_kolada` would store them, under the default KPIs."""
        if KoladaKpi.objects.filter(municipality=municipality).exists():
            return
        titles = dict(DEFAULT_KPIS)
        for position, (kpi, values) in enumerate(figures.items()):
            title = titles[kpi]
            found = KoladaKpi.objects.create(
                municipality=municipality, kpi=kpi, title=title, unit=unit_of(title), position=position
            )
            KoladaValue.objects.bulk_create(
                KoladaValue(kpi=found, year=year, gender=KoladaValue.Gender.TOTAL, value=value)
                for year, value in values
            )
            self.count("Kolada figures", True)

    def national_figures(
        self, municipality: Municipality, rows: list[tuple[str, str, int, float, str, str]]
    ) -> None:
        """Invented national and county figures (NTU's shape), as `import_national_figures` stores them."""
        if NationalFigure.objects.filter(municipality=municipality).exists():
            return
        NationalFigure.objects.bulk_create(
            NationalFigure(
                municipality=municipality,
                indicator=indicator,
                level=level,
                year=year,
                value=value,
                source=source,
                method_note=note,
            )
            for indicator, level, year, value, source, note in rows
        )
        self.count("national comparison figures", True)

    def incidents(self, municipality: Municipality, organisations: dict[str, Organisation]) -> None:
        """Invented EST reports, with one recorded meeting and one quarter's priorities."""
        if Incident.objects.filter(municipality=municipality).exists():
            return
        areas = {area.slug: area for area in municipality.areas.all()}
        categories = {c.slug: c for c in Category.objects.filter(municipality=municipality)}
        today = timezone.localdate()
        reports = []
        # Reporters tap the map: recent reports carry a point near the middle of their area
        # (older ones have lost it to the retention rule, as real ones would).
        middles = {slug: middle_of(area) for slug, area in areas.items()}
        jitter = random.Random(today.toordinal())
        for first, days in data.EST_PERIODS:
            start = first or today - timedelta(days=days)
            # Scaled like the survey's responses: the tests load a tenth of both.
            weekly = {
                slug: rate * min(self.response_scale, 1) for slug, (rate, _who) in data.EST_AREAS.items()
            }
            for number, (moment, slug, code, text) in enumerate(
                invented_incidents(start, days, weekly, seed=start.toordinal())
            ):
                kept = moment.date() + timedelta(days=settings.INCIDENT_RETENTION_DAYS)
                point = middles[slug] if kept >= today else None
                reports.append(
                    Incident(
                        municipality=municipality,
                        category=categories[code],
                        happened_at=moment,
                        area=areas[slug],
                        description=text if kept >= today else "",
                        organisation=organisations[data.EST_AREAS[slug][1][number % 3]],
                        purge_after=kept,
                        purged=kept < today,
                        latitude=point and point[1] + jitter.uniform(-0.002, 0.002),
                        longitude=point and point[0] + jitter.uniform(-0.003, 0.003),
                    )
                )
        Incident.objects.bulk_create(reports, batch_size=1000)
        self.created["incident reports"] = len(reports)
        WeeklyMeeting.objects.create(
            municipality=municipality,
            week=date(2019, 11, 4),
            decisions="HFAB byter trasig belysning vid gångtunneln på Vallås. Polisen gör riktade "
            "trafikkontroller mot mopeder på Andersberg fredag och lördag kväll.",
            feedback="Tack för rapporterna om mopeder på gångvägarna; kontroller görs nästa helg.",
        )
        priority = QuarterPriority.objects.create(
            municipality=municipality,
            year=2020,
            quarter=1,
            reasoning="Ovanligt många rapporter om nedskräpning och grupper under hösten (påhittat exempel).",
        )
        priority.areas.set([areas["andersberg"], areas["vallas"], areas["stadskarnan"]])

    def place_reports(self, municipality: Municipality, organisations: dict[str, Organisation]) -> None:
        """Invented residents' place reports of the last three months, each labelled invented:
        new ones, hidden ones, duplicates, and cases routed to HFAB and a department of the kommun,
        open (some due or overdue), answered, done or not to be done."""
        if PlaceReport.objects.filter(municipality=municipality).exists():
            return
        areas = {area.slug: area for area in municipality.areas.all()}
        today = timezone.localdate()
        jitter = random.Random(today.toordinal())
        keyed: dict[str, PlaceReport] = {}
        reports = []
        for entry in data.PLACE_REPORTS:
            area = areas[entry["area"]]
            received = today - timedelta(days=entry["days"])
            point = middle_of(area) if entry.get("map") else None
            text = f"{entry['text']} (påhittad rapport)"
            answer = entry.get("answer", "")
            report = PlaceReport(
                municipality=municipality,
                kind=entry["kind"],
                area=area,
                place=entry["place"],
                latitude=point and point[1] + jitter.uniform(-0.002, 0.002),
                longitude=point and point[0] + jitter.uniform(-0.003, 0.003),
                description=text,
                received_on=received,
                hidden="hidden" in entry,
                hidden_reason=entry.get("hidden", ""),
                duplicate_of=keyed[entry["duplicate"]] if "duplicate" in entry else None,
                public_text=text if entry.get("public") else "",
                approved=bool(entry.get("public")),
                organisation=organisations[entry["to"]] if "to" in entry else None,
                due=received + timedelta(days=entry["due"]) if "due" in entry else None,
                status=entry.get("status", PlaceReport.Status.NEW),
                reason=entry.get("reason", ""),
                answer=f"{answer} (påhittat svar)" if answer else "",
            )
            if "key" in entry:
                keyed[entry["key"]] = report
            reports.append(report)
        PlaceReport.objects.bulk_create(reports)
        self.created["place reports"] = len(reports)

    def dialogues(self, municipality: Municipality, organisations: dict[str, Organisation]) -> None:
        if Dialogue.objects.filter(municipality=municipality).exists():
            return
        areas = {area.slug: area for area in municipality.areas.all()}
        topics = {t.slug: t for t in Topic.objects.filter(municipality=municipality)}
        for kind, entries in (
            (Dialogue.Kind.CITIZEN, data.DIALOGUES),
            (Dialogue.Kind.STAFF, data.STAFF_DIALOGUES),
        ):
            for day, area, place, form, organisers, participants, raised_topics, raised, asked in entries:
                dialogue = Dialogue.objects.create(
                    municipality=municipality,
                    kind=kind,
                    held_on=day,
                    area=areas[area] if area else None,
                    place=place,
                    format=form,
                    participants=participants,
                    raised=raised,
                    requests=asked,
                )
                dialogue.organisers.set([organisations[slug] for slug in organisers])
                dialogue.topics.set([topics[slug] for slug in raised_topics])
                self.count("dialogues", True)

    def evidence(self, municipality: Municipality) -> None:
        """Why the 2019 promise is made, from the 2018 lägesbild, and how it is measured."""
        promise = Promise.objects.get(municipality=municipality, cycle__year=2019, revision=1)
        if promise.evidence.exists():
            return
        areas = {area.slug: area for area in municipality.areas.all()}
        activities = {activity.order: activity for activity in promise.activities.all()}
        for order, (kind, code, area, year, activity) in enumerate(data.EVIDENCE_2019):
            Evidence.objects.create(
                promise=promise, kind=kind, code=code, area=areas.get(area or ""), year=year, order=order,
                activity=activities.get(activity) if activity is not None else None,
            )  # fmt: skip
        internal = Activity.objects.create(
            promise=promise,
            title_sv=data.INTERNAL_2019[0],
            title_en=data.INTERNAL_2019[1],
            order=len(activities),
            public=False,
            planned_quantity=1,
            per=Activity.Per.QUARTER,
            unit=Activity.Unit.MEETINGS,
        )
        parties = list(promise.parties.all())
        internal.responsible.set(parties)
        for quarter in range(4):
            ActivityLog.objects.create(
                activity=internal,
                done_on=date(2019, 3 * quarter + 2, 15),
                organisation=parties[0],
            )
        for activity, kind, code, area, baseline_year, target_year, target in data.INDICATORS_2019:
            Indicator.objects.create(
                activity=activities[activity], kind=kind, code=code, area=areas.get(area or ""),
                baseline_year=baseline_year, target_year=target_year, target=target,
            )  # fmt: skip

    def action_plan(self, municipality: Municipality) -> None:
        """The 2019 action plan from the 2018 lägesbild: its problems with evidence and cause
        analyses, the 2019 promise's activities as its measures, decided, and the agreement signed."""
        cycle = Cycle.objects.get(municipality=municipality, year=2019)
        if action_plans.plan_of(municipality, 2019) is not None:
            return
        entry = data.ACTION_PLAN_2019
        plan = action_plans.plan_for(cycle)
        plan.summary, plan.coordination = entry["summary"], entry["coordination"]
        plan.save()
        self.count("action plans", True)
        situation = Situation.objects.version_of(municipality, 2018)
        assert situation is not None  # noqa: S101 (loaded above)
        areas = {area.slug: area for area in municipality.areas.all()}
        problems = []
        for order, given in enumerate(entry["problems"], start=1):
            problem = Problem.objects.create(
                plan=plan, situation=situation, order=order,
                title_sv=given["title_sv"], title_en=given["title_en"],
            )  # fmt: skip
            problem.areas.set([areas[slug] for slug in given["areas"]])
            for position, (kind, code, area, year) in enumerate(given["evidence"]):
                # Each is a figure the adopted lägesbild publishes (test_load_demo checks it): not
                # checked here, as a benchmark's demo of few or no responses has fewer figures.
                Evidence.objects.create(
                    problem=problem, kind=kind, code=code, area=areas[area], year=year, order=position
                )
            CauseAnalysis.objects.create(problem=problem, summary_is_public=True, **given["analysis"])
            problems.append(problem)
        promise = action_plans.promise_of(plan)
        assert promise is not None  # noqa: S101 (the 2019 promise is loaded above)
        activities = {activity.order: activity for activity in promise.activities.filter(public=True)}
        internal = promise.activities.filter(public=False).first()
        for key, (problem, resources, effect) in entry["measures"].items():
            activity = internal if key == "internal" else activities[key]
            assert activity is not None  # noqa: S101
            activity.problem, activity.resources, activity.expected_effect = (
                problems[problem],
                resources,
                effect,
            )
            activity.save(update_fields=["problem", "resources", "expected_effect"])
        action_plans.decide(
            plan, ActionPlanVersion(**entry["decision"]), entry["decision"]["decision_date"], None
        )
        given = entry["agreement"]
        agreement = Agreement.objects.create(plan=plan, **given)
        both = [
            a
            for a in promise.activities.all()
            if {o.kind for o in a.responsible.all()} >= {"police", "kommun"}
        ]
        agreement.measures.set(both)

    def safety_walk(self, municipality: Municipality, organisations: dict[str, Organisation]) -> None:
        """The invented Vallås walk with its findings, measures, protocol and repeat walk."""
        if SafetyWalk.objects.filter(municipality=municipality).exists():
            return
        entry = data.SAFETY_WALK
        area = Area.objects.get(municipality=municipality, slug=entry["area"])
        activity = Activity.objects.filter(
            promise__municipality=municipality, promise__cycle__year=2019, order=5
        ).first()
        walk = SafetyWalk.objects.create(
            municipality=municipality,
            activity=activity,
            walk_on=entry["walk_on"],
            area=area,
            route=entry["route"],
            participants=entry["participants"],
            status=SafetyWalk.Status.PROTOCOL,
            protocol_on=entry["protocol_on"],
        )
        findings = []
        for kind, place, description, measures in entry["findings"]:
            finding = Finding.objects.create(walk=walk, kind=kind, place=place, description=description)
            findings.append(finding)
            for organisation, action, due, status, reason, done_on in measures:
                Measure.objects.create(
                    finding=finding, organisation=organisations[organisation], action=action, due=due,
                    status=status, reason=reason, done_on=done_on,
                )  # fmt: skip
        repeat = SafetyWalk.objects.create(
            municipality=municipality,
            activity=activity,
            walk_on=entry["repeat_on"],
            area=area,
            repeat_of=walk,
            route=entry["route"],
            participants={"residents": 9, "staff": 5},
            status=SafetyWalk.Status.WALKED,
        )
        for finding, verdict in zip(findings, entry["verdicts"], strict=False):
            Revisit.objects.create(walk=repeat, finding=finding, verdict=verdict)
        self.created["safety walks"] = 2

    def situation(self, entry: dict[str, Any], municipality: Municipality) -> None:
        """An adopted lägesbild, with the areas the next promise focused on."""
        if Situation.objects.filter(municipality=municipality, year=entry["year"]).exists():
            return
        survey = builder.survey_of_year(municipality.pk, entry["year"])
        if survey is None:
            return
        focus = Area.objects.filter(municipality=municipality, slug__in=entry["focus"])
        Situation.objects.create(
            municipality=municipality,
            year=entry["year"],
            version=1,
            survey=survey,
            adopted_on=entry["adopted_on"],
            decision=entry["decision"],
            data=builder.build(survey, [area.pk for area in focus]),
        )
        self.count("adopted lägesbilder", True)

    def report(self, entry: dict[str, Any], municipality: Municipality) -> None:
        """The lägesbild report of the year's first adopted version, unless it has one."""
        situation = Situation.objects.filter(municipality=municipality, year=entry["year"], version=1).first()
        if situation is None or Report.objects.filter(situation=situation).exists():
            return
        texts = {
            f"{section}_{language}": text
            for section, languages in entry["texts"].items()
            for language, text in languages.items()
        }
        found = Report.objects.create(situation=situation, **texts)
        self.count("lägesbild reports", True)
        if "decision" in entry:
            report_versions.decide(found, ReportVersion(**entry["decision"]), date.today(), None)
            self.count("decided lägesbild reports", True)

    def followup_report(self, entry: dict[str, Any], municipality: Municipality) -> None:
        """The year's follow-up report, generated from the log and decided, unless it has one."""
        if FollowupReport.objects.filter(municipality=municipality, year=entry["year"]).exists():
            return
        texts = {
            f"{name}_{language}": text
            for name, languages in entry["texts"].items()
            for language, text in languages.items()
        }
        found = FollowupReport.objects.create(
            municipality=municipality, year=entry["year"], internal_note=entry["internal_note"], **texts
        )
        measures = Activity.objects.filter(promise__in=followup_report.promises_of(municipality, found.year))
        for pk, title in measures.values_list("pk", "title_sv"):
            note = next((text for start, text in entry["notes"].items() if title.startswith(start)), "")
            if note:
                MeasureNote.objects.create(report=found, activity_id=pk, change=note)
        self.count("follow-up reports", True)
        decision = entry["decision"]
        # Decided on its day, so it is generated as it read then (the year's log, the surveys closed).
        followup_report.decide(found, FollowupReportVersion(**decision), decision["decision_date"], None)
        self.count("decided follow-up reports", True)

    def staff_user(
        self,
        entry: tuple[str, str, str, str, bool, list[tuple[str, str, str, list[str]]]],
        municipalities: dict[str, Municipality],
        organisations: dict[str, Organisation],
    ) -> tuple[str, str] | None:
        username, first_name, last_name, email, is_superuser, roles = entry
        user_model = get_user_model()
        if user_model.objects.filter(username=username).exists():
            return None
        password = secrets.token_urlsafe(12)
        user = user_model.objects.create_user(
            username=username,
            email=email,
            password=password,
            first_name=first_name,
            last_name=last_name,
            is_staff=True,
            is_superuser=is_superuser,
        )
        self.count("staff users", True)
        for organisation, municipality_slug, role, area_slugs in roles:
            municipality = municipalities[municipality_slug]
            membership = Membership.objects.create(
                user=user,
                organisation=organisations[organisation],
                municipality=municipality,
                role=role,
            )
            membership.areas.set(Area.objects.filter(municipality=municipality, slug__in=area_slugs))
        return username, password


def middle_of(area: Area) -> tuple[float, float] | None:
    """(longitude, latitude) of the mean of an area's outer ring: inside the demo's hexagons."""
    geometry = area.geometry or {}
    if geometry.get("type") != "Polygon":
        return None
    ring = geometry["coordinates"][0][:-1]
    return (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))
