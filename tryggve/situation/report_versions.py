"""Decided versions of the lägesbild report: deciding freezes the report's texts with the
decision (`models.ReportVersion`), so later edits are a new draft and what was decided stays as it
was. The latest decided version is the public report; the earlier ones stay listed.

`shown` gives the texts and decision of the version being shown, the draft's or a decided
version's, as plain data for `report_document.document` (the print page and the PDF)."""

import datetime
from collections.abc import Iterable
from typing import Protocol, TypeVar

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max

from tryggve.core.forms import LANGUAGES
from tryggve.core.languages import FALLBACK
from tryggve.core.numbers import whole_number

from . import report_document
from .models import Report, ReportVersion

Texts = dict[str, dict[str, str]]  # per section, the text per language


def draft_texts(found: Report) -> Texts:
    """The report's texts as they are now, per section and language (empty ones left out)."""
    return {
        name: {
            language.code: text
            for language in LANGUAGES
            if (text := getattr(found, f"{name}_{language.code}", "") or "")
        }
        for name in Report.SECTIONS
    }


def decide(found: Report, decision: ReportVersion, today: datetime.date, by: User | None) -> ReportVersion:
    """Records `decision` (its body, date and reference) as the report's next version, with the
    texts as they are now. A decision with a fault (`Decision.decision_errors`) raises
    ValidationError and stores nothing."""
    decision.check_decision(today)
    with transaction.atomic():
        Report.objects.select_for_update().filter(pk=found.pk).first()
        last = found.versions.aggregate(last=Max("number"))["last"] or 0
        decision.report = found
        decision.number = last + 1
        decision.texts = draft_texts(found)
        decision.decided_by = by
        decision.save()
    return decision


def latest(found: Report | None) -> ReportVersion | None:
    return found.versions.first() if found is not None else None


class Numbered(Protocol):
    number: int


Version = TypeVar("Version", bound=Numbered)


def numbered(versions: Iterable[Version], number: str) -> Version | None:
    """The one of a report's decided `versions` whose number an address gives (`?version=N`,
    `?beslut=N`); None for a number that is none of them, or no number at all. Any report's
    versions: the lägesbild report's and the follow-up report's alike."""
    found = whole_number(number)
    return (
        next((version for version in versions if version.number == found), None)
        if found is not None
        else None
    )


def texts_in(texts: Texts, language: str) -> dict[str, tuple[str, str]]:
    """Each section's text in `language` and the language it is in: Swedish where none was
    written in `language` (as `report_document.texts_of` does for the draft)."""
    result = {}
    for name in Report.SECTIONS:
        written = texts.get(name, {})
        own = written.get(language, "")
        result[name] = (own, language) if own else (written.get(FALLBACK, ""), FALLBACK)
    return result


def shown(
    found: Report | None, version: ReportVersion | None, language: str
) -> tuple[dict[str, tuple[str, str]], report_document.Decision | None]:
    """The texts (in `language`, Swedish where not translated) and decision of the version being
    shown: `version` if given, else the draft (`found`), which has no decision yet."""
    if version is None:
        return report_document.texts_of(found, language), None
    assert version.decision_date is not None  # noqa: S101 (a version is decided)
    decision = report_document.Decision(
        version.decision_body, version.decision_date, version.decision_reference
    )
    return texts_in(version.texts, language), decision
