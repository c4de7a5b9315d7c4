"""The resident's way through the survey: start, one page at a time, send, thanks.

Works without JavaScript. Answers so far live in a server-side draft found by a random
cookie, so residents can go back and forth without losing anything; sending moves them into
an anonymous response in one transaction, and a resent form is recognised by its draft.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from tryggve.core import page_cache
from tryggve.core.access import holds_role
from tryggve.core.languages import missing_in_language
from tryggve.core.maps import map_settings
from tryggve.core.models import Municipality
from tryggve.core.roles import PREVIEW_SURVEYS

from . import abuse
from .forms import PageForm, missing_required
from .models import Draft, InvitationCode, Page, Question, Survey
from .responses import Answers, save_responses, shown
from .survey_cache import find, rendered, save_answers


class SurveyContext:
    """One survey as a resident sees it: its pages and questions, loaded once per request."""

    def __init__(self, request: HttpRequest, municipality: str, slug: str) -> None:
        self.request = request
        cookie = f"tryggve-survey-{municipality}-{slug}"
        found = find(municipality, slug, request.COOKIES.get(cookie, "")[:40])
        if found is None:
            raise Http404
        structure, self._cookie_draft = found
        self.survey: Survey = structure.survey
        self.municipality: Municipality = structure.municipality
        self.pages, self.questions, self.areas = structure.pages, structure.questions, structure.areas
        self.builder = structure.builder
        self.cookie = cookie
        # The survey is offered in every content language, Arabic included.
        request.content_languages = [code for code, _name in settings.LANGUAGES]  # type: ignore[attr-defined]

    def url(self, name: str) -> str:
        return reverse(f"surveys:{name}", args=[self.municipality.slug, self.survey.slug])

    def page_url(self, number: int) -> str:
        return reverse("surveys:page", args=[self.municipality.slug, self.survey.slug, number])

    def draft(self) -> Draft | None:
        """The resident's unsent draft, if any (an expired one counts as none)."""
        found = self._cookie_draft
        return found if found is not None and not found.submitted and found.expires > timezone.now() else None

    def already_sent(self) -> bool:
        """Whether this browser's draft has been sent: a resent form lands on the thank-you page."""
        found = self._cookie_draft
        return found is not None and found.submitted

    def may_preview(self) -> bool:
        return holds_role(self.request.user, self.municipality.pk, *PREVIEW_SURVEYS)

    def render(
        self,
        template: str,
        context: dict[str, Any] | Callable[[], dict[str, Any]],
        status: int = 200,
        *,
        reuse_as: tuple[Any, ...] = (),
    ) -> HttpResponse:
        """Render a page. With `reuse_as`, a page that is the same for every visitor (but for the
        CSRF token) is rendered once per survey version, language and `reuse_as` variant; its
        context may then be a function, called only when the page is rendered."""

        def full() -> dict[str, Any]:
            given = context() if callable(context) else context
            return {
                "survey": self.survey,
                "municipality": self.municipality,
                "page_count": len(self.pages),
                "fallback_notice": self.falls_back(given.get("page")),
                **given,
            }

        if not reuse_as or status != 200 or "messages" in self.request.COOKIES:
            return render(self.request, template, full(), status=status)
        key = (translation.get_language(), template, *reuse_as)
        html = rendered(
            self.survey,
            key,
            lambda: render_to_string(
                template, {**full(), "csrf_token": page_cache.CSRF_PLACEHOLDER}, self.request
            ),
        )
        return page_cache.with_token(html, self.request)

    def falls_back(self, page: Page | None) -> bool:
        """Whether some text shown here is missing in the current language (Swedish is shown)."""
        language = translation.get_language()
        if language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
            return False
        objects: list[tuple[Any, str]] = [(self.survey, "title"), (self.survey, "intro")]
        if page is not None:
            objects.append((page, "title"))
            for question in self.questions:
                if question.page_id == page.pk:
                    objects.append((question, "text"))
                    objects += [(option, "label") for option in question.options.all()]
                    objects += [(item, "label") for item in question.items.all()]
        return any(missing_in_language(obj, field, language) for obj, field in objects)


def _closed(context: SurveyContext) -> HttpResponse:
    return context.render("surveys/closed.html", {"not_yet": timezone.localdate() < context.survey.opens})


@never_cache
def start(request: HttpRequest, municipality: str, survey: str) -> HttpResponse:
    context = SurveyContext(request, municipality, survey)
    is_open = context.survey.is_open()
    # Staff may go through the survey at any time without saving; others only while it is open.
    preview = (not is_open or "preview" in request.GET) and context.may_preview()
    if not is_open and not preview:
        return _closed(context)
    needs_code = context.survey.access == Survey.Access.CODES and not preview
    error = ""
    if request.method == "POST":
        draft = context.draft()
        if draft is None:
            draft = _new_draft(context, preview) if not needs_code else _draft_for_code(context, request)
        if draft is None:
            error = _("The code is not valid or has already been used. Check the code on your letter.")
        else:
            response = redirect(context.page_url(1))
            _set_cookie(response, context, draft)
            return response
    draft = context.draft()
    resume = context.page_url(_resume_page(context, draft.answers)) if draft and draft.answers else ""
    return context.render(
        "surveys/start.html",
        {
            "needs_code": needs_code,
            "error": error,
            "preview": preview,
            "code": request.POST.get("code", ""),
            "resume": resume,
        },
        status=400 if error else 200,
        reuse_as=() if preview or resume or request.method == "POST" else ("start", needs_code),
    )


def _resume_page(context: SurveyContext, answers: Answers) -> int:
    """Where a returning resident goes on: the page after the last one with an answer (the last
    page once every page has one), or an earlier page with a required question unanswered.

    Found from the answers alone, so the draft needs no record of when or where they stopped.
    """
    last_answered = first_unfinished = None
    for page in context.pages:
        questions = _page_questions(context, page, answers)
        if first_unfinished is None and _unanswered(context, questions, answers):
            first_unfinished = page.number
        if any(question.code in answers for question in questions):
            last_answered = page.number
    after = None
    if last_answered is not None:
        after = _next_page(context, last_answered, 1, answers) or last_answered
    found = [number for number in (first_unfinished, after) if number is not None]
    return min(found) if found else context.pages[0].number


def _end_of_survey(survey: Survey) -> datetime:
    return timezone.make_aware(datetime.combine(survey.closes, time.max))


def _new_draft(context: SurveyContext, preview: bool, invitation: str = "") -> Draft:
    # A draft started with a letter's code may take until the survey closes; others two days,
    # and none outlives the survey.
    end_of_survey = _end_of_survey(context.survey)
    hours = timezone.now() + timedelta(hours=settings.SURVEY_DRAFT_HOURS)
    return Draft.objects.create(
        survey=context.survey,
        invitation=invitation,
        preview=preview,
        expires=end_of_survey if invitation else min(hours, end_of_survey),
    )


def _draft_for_code(context: SurveyContext, request: HttpRequest) -> Draft | None:
    """The draft for a letter's code: a new one if the code is unused, else the one begun with it.

    The code is marked as used here, when the answering begins, and never when the answers are
    sent: the sending transaction then writes nothing that could tie a code to a response,
    not even the database's own record of which transaction changed a row.
    """
    code = request.POST.get("code", "").strip().upper().replace(" ", "").replace("-", "")
    code = f"{code[:4]}-{code[4:8]}"
    with transaction.atomic():
        if InvitationCode.objects.filter(survey=context.survey, code=code, used=False).update(used=True):
            return _new_draft(context, preview=False, invitation=code)
    # Begun before, perhaps on another device: go on with the same answers.
    return Draft.objects.filter(
        survey=context.survey, invitation=code, submitted=False, expires__gt=timezone.now()
    ).first()


def _set_cookie(response: HttpResponse, context: SurveyContext, draft: Draft) -> None:
    response.set_cookie(
        context.cookie,
        draft.token,
        max_age=settings.SURVEY_DRAFT_HOURS * 60 * 60,
        httponly=True,
        samesite="Lax",
        secure=context.request.is_secure(),
    )


def _page_questions(context: SurveyContext, page: Page, answers: Answers) -> list[Question]:
    """The page's questions that skip logic shows.

    A question that depends on an answer on the same page is shown with its condition in
    words, since the page cannot change without JavaScript; its answer is dropped if the
    condition is not met.
    """
    visible = {question.pk for question in shown(context.questions, answers)}
    return [
        question
        for question in context.questions
        if question.page_id == page.pk
        and (question.pk in visible or (question.show_if is not None and question.show_if.page_id == page.pk))
    ]


def _next_page(context: SurveyContext, number: int, step: int, answers: Answers) -> int | None:
    """The next page in the direction of `step` that has a question to show, or None."""
    by_number = {page.number: page for page in context.pages}
    number += step
    while number in by_number:
        if _page_questions(context, by_number[number], answers):
            return number
        number += step
    return None


@dataclass(frozen=True)
class PageVisit:
    """One request for one page: the resident's draft (None if it expired or the cookie was
    lost), the answers so far and the page's questions that skip logic shows."""

    context: SurveyContext
    current: Page
    draft: Draft | None
    answers: Answers
    questions: list[Question]

    def form(self, data: QueryDict | None = None) -> PageForm:
        return PageForm(
            data,
            questions=self.questions,
            municipality=self.context.municipality,
            areas=self.context.areas,
            answers=self.answers,
        )


@dataclass(frozen=True)
class UnansweredPage:
    """A page with none of its questions answered and no errors: the same for every visitor, so it
    is rendered once per survey version and language and then reused; its form is built only when
    the page is rendered."""

    visit: PageVisit

    def form(self) -> PageForm:
        return self.visit.form()


@never_cache
def page(request: HttpRequest, municipality: str, survey: str, number: int) -> HttpResponse:
    """One page of questions: shown (GET), or its answers kept and the resident sent on (POST)."""
    context = SurveyContext(request, municipality, survey)
    current = next((p for p in context.pages if p.number == number), None)
    if current is None:
        return redirect(context.url("start"))
    draft = context.draft()
    instead = _instead_of_page(context, draft)
    if instead is not None:
        return instead
    answers: Answers = dict(draft.answers) if draft else {}
    visit = PageVisit(context, current, draft, answers, _page_questions(context, current, answers))
    if request.method == "POST":
        return _post_page(visit)
    return _show_page(visit)


def _instead_of_page(context: SurveyContext, draft: Draft | None) -> HttpResponse | None:
    """Where a request goes instead of the page: the thank-you page once sent, the start without
    a draft, the closed page once the survey has closed (but for a preview). None: to the page.

    A posted page without a draft goes on: its answers are kept in a new draft."""
    if draft is None and context.already_sent():
        return redirect(context.url("thanks"))
    if draft is None and context.request.method != "POST":
        messages.info(
            context.request, _("Start the survey here. Answers not sent within two days are removed.")
        )
        return redirect(context.url("start"))
    if not context.survey.is_open() and not (draft is not None and draft.preview):
        return _closed(context)
    return None


def _show_page(visit: PageVisit) -> HttpResponse:
    """The page with the draft's answers; sent with it unfinished (`?missing`), with what is missing."""
    asked_for_missing = "missing" in visit.context.request.GET
    if not asked_for_missing and not any(q.code in visit.answers for q in visit.questions):
        return _render_page(visit, UnansweredPage(visit))
    unfinished = _unanswered(visit.context, visit.questions, visit.answers) if asked_for_missing else []
    return _render_page(visit, visit.form(), unfinished)


def _post_page(visit: PageVisit) -> HttpResponse:
    """Keep a posted page's answers and go on, back or send; or show the page again with
    every problem on it at once."""
    form = visit.form(visit.context.request.POST)
    # The draft expired or the cookie was lost: keep this page's answers in a new one.
    draft = visit.draft if visit.draft is not None else _new_draft(visit.context, preview=False)
    response = _move_on(visit, form, draft) if form.is_valid() else _refuse_page(visit, form)
    _set_cookie(response, visit.context, draft)
    return response


def _refuse_page(visit: PageVisit, form: PageForm) -> HttpResponse:
    """The page again with its errors: bad input changes nothing. A refused answer is not also
    reported as missing."""
    answered = _with_page(visit.answers, form)
    missing = [q for q in _unanswered(visit.context, visit.questions, answered) if not form.has_errors(q)]
    return _render_page(visit, form, missing, status=400)


def _move_on(visit: PageVisit, form: PageForm, draft: Draft) -> HttpResponse:
    """Keep the page's answers in the draft and go where the resident asked: back, to the next
    page, or send after the last. A page with required questions unanswered, or posted after the
    draft expired, is shown again."""
    context, number = visit.context, visit.current.number
    expired = visit.draft is None
    answers = draft.answers = _with_page(visit.answers, form)
    action = context.request.POST.get("action", "next")
    missing = _unanswered(context, visit.questions, answers)
    going_on = action != "back" and not (missing or expired)
    following = _next_page(context, number, 1, answers) if going_on else None
    if going_on and following is None:
        # Sending saves the answers itself, in its transaction.
        return _submit(context.request, context, draft)
    save_answers(draft)
    if action == "back" and not expired:
        previous = _next_page(context, number, -1, answers)
        return redirect(context.page_url(previous) if previous else context.url("start"))
    if following:
        return redirect(context.page_url(following))
    return _render_page(replace(visit, answers=answers), form, missing, expired=expired, status=400)


def _with_page(answers: Answers, form: PageForm) -> Answers:
    """The draft's answers with this page's replaced by those the form accepted."""
    on_page = {question.code for question in form.questions}
    return {**{code: value for code, value in answers.items() if code not in on_page}, **form.answers()}


def _unanswered(context: SurveyContext, questions: list[Question], answers: Answers) -> list[Question]:
    """The page's required questions that skip logic shows and that have no answer."""
    visible = {q.pk for q in shown(context.questions, answers)}
    return missing_required([q for q in questions if q.pk in visible], answers)


def _ask_for(missing: Sequence[Question]) -> dict[str, str]:
    """An error per unanswered required question, by question code.

    Kept beside the form rather than in it: a page opened to show what is missing has no
    posted data, and Django's unbound form takes no errors.
    """
    return {q.code: _("Answer the question “%(question)s”.") % {"question": q.text} for q in missing}


def _render_page(
    visit: PageVisit,
    form: PageForm | UnansweredPage,
    missing: Sequence[Question] = (),
    *,
    expired: bool = False,
    status: int = 200,
) -> HttpResponse:
    """A page of questions, with an error for each required question in `missing`."""
    context, current, questions = visit.context, visit.current, visit.questions
    is_last = _next_page(context, current.number, 1, visit.answers) is None
    unanswered = _ask_for(missing)
    reusable = isinstance(form, UnansweredPage)

    def page_context() -> dict[str, Any]:
        bound = form.form() if isinstance(form, UnansweredPage) else form
        return {
            "page": current,
            "form": bound,
            "errors": bound.error_summary(unanswered),
            "questions": [_question_view(bound, question, unanswered) for question in questions],
            "is_last": is_last,
            "expired": expired,
            "map": map_settings(context.municipality)
            if any(q.kind == Question.Kind.PLACES for q in questions)
            else None,
        }

    return context.render(
        "surveys/page.html",
        page_context,
        status=status,
        reuse_as=("page", current.number, tuple(q.pk for q in questions), is_last) if reusable else (),
    )


def _question_view(form: PageForm, question: Question, unanswered: dict[str, str]) -> dict[str, Any]:
    """What the template needs to render one question."""
    code = question.code
    view: dict[str, Any] = {"question": question, "unanswered": unanswered.get(code, "")}
    # A screen reader reads the help and the question's own error with the question.
    has_error = view["unanswered"] or (
        question.kind in (Question.Kind.TEXT, Question.Kind.NUMBER) and form.errors.get(code)
    )
    described_by = [f"help-{code}"] if question.help else []
    view["described_by"] = " ".join([*described_by, f"error-{code}"] if has_error else described_by)
    if question.kind == Question.Kind.MATRIX:
        view["rows"] = [(item, form[f"{question.code}.{item.code}"]) for item in question.items.all()]
    elif question.kind == Question.Kind.PLACES:
        view["slots"] = form.place_slots(question)
    else:
        view["field"] = form[question.code]
    return view


def _submit(request: HttpRequest, context: SurveyContext, draft: Draft) -> HttpResponse:
    """Turn the draft, with the last page's answers, into a response: once, in one transaction."""
    survey = context.survey
    answers = draft.answers
    with transaction.atomic():
        # A resent form waits here for the first one, then finds the draft sent.
        if list(
            Draft.objects.select_for_update().filter(pk=draft.pk).values_list("submitted", flat=True)
        ) != [False]:
            return redirect(context.url("thanks"))
        missing = missing_required(shown(context.questions, answers), answers)
        too_many = not missing and not draft.preview and abuse.client_over_limit(request, survey.pk)
        if missing or too_many:
            save_answers(draft)  # kept for when the resident tries again
            if too_many:
                return context.render("surveys/too_many.html", {}, status=429)
            first = min(missing, key=lambda q: q.page.number)
            return redirect(context.page_url(first.page.number) + "?missing=1")
        if not draft.preview:
            with translation.override(settings.LANGUAGE_CODE):
                reason = (
                    _("More than %(count)s identical answers within an hour.")
                    % {"count": settings.SURVEY_IDENTICAL_SUBMISSIONS_PER_HOUR}
                    if abuse.identical_burst(survey.pk, answers)
                    else ""
                )
            built = context.builder.build(answers, received_on=timezone.localdate(), quarantine_reason=reason)
            save_responses([built])
        # What stays of a sent draft is that it was sent, until the survey closes: no answers, no
        # code, and no expiry that would tell when it was begun.
        Draft.objects.filter(pk=draft.pk).update(
            submitted=True, answers={}, invitation="", expires=_end_of_survey(survey)
        )
    return redirect(context.url("thanks") + ("?preview=1" if draft.preview else ""))


def thanks(request: HttpRequest, municipality: str, survey: str) -> HttpResponse:
    context = SurveyContext(request, municipality, survey)
    preview = "preview" in request.GET
    return context.render("surveys/thanks.html", {"preview": preview}, reuse_as=("thanks", preview))


def paper(request: HttpRequest, municipality: str, survey: str) -> HttpResponse:
    """The whole survey on paper, with the same questions and codes as the web version."""
    context = SurveyContext(request, municipality, survey)
    return context.render(
        "surveys/paper.html",
        {
            "pages": [(p, [q for q in context.questions if q.page_id == p.pk]) for p in context.pages],
            "areas": context.areas,
        },
    )
