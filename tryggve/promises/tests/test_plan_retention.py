"""A cause analysis can touch suspected offences (GDPR article 10): under the municipality's
retention rule for cause analyses, `apply_retention` empties its internal texts a set time after
its plan's year, and keeps the problem, its evidence and the public summary; a change is audit-
logged under its municipality, without its texts."""

import io

from django.contrib.auth.models import User
from django.core.management import call_command

from tryggve.core.models import AuditEntry, Cycle, RetentionRule
from tryggve.promises.models import ActionPlan, CauseAnalysis
from tryggve.testing import client_of


def test_retention_empties_the_internal_texts_of_old_cause_analyses_and_keeps_the_summary(demo: None) -> None:
    old = CauseAnalysis.objects.filter(problem__plan__cycle__year=2019).first()
    assert old is not None and old.offender_known and old.public_summary
    plan = old.problem.plan
    # This year's plan, whose analysis is kept.
    current = ActionPlan.objects.create(
        municipality=plan.municipality,
        cycle=Cycle.objects.filter(municipality=plan.municipality).order_by("-year")[0],
    )
    problem = old.problem
    problem.pk = None
    problem.plan = current
    problem.save()
    recent = CauseAnalysis.objects.create(problem=problem, place_known="Mörk gångtunnel.")
    RetentionRule.objects.create(
        municipality=plan.municipality, kind=RetentionRule.Kind.CAUSE_ANALYSES, days=365, decision="KS 2020/9"
    )
    call_command("apply_retention", stdout=io.StringIO())
    old.refresh_from_db()
    recent.refresh_from_db()
    assert all(getattr(old, name) == "" for name in CauseAnalysis.INTERNAL)
    assert old.public_summary.startswith("Handeln sker") and old.problem.evidence.exists()
    assert recent.place_known == "Mörk gångtunnel."
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.RETENTION, what__contains="Orsaksanalys"
    ).exists()


def test_changes_to_the_plan_are_audit_logged_under_the_municipality_without_their_texts(demo: None) -> None:

    analysis = CauseAnalysis.objects.filter(problem__plan__cycle__year=2019).first()
    assert analysis is not None
    problem = analysis.problem
    url = f"/halmstad/atgardsplan/2019/problem/{problem.pk}/orsaksanalys/"
    data = {name: getattr(analysis, name) for name in CauseAnalysis.INTERNAL}
    data["offender_known"] = "Säljer vid gångtunneln varje fredag."
    response = client_of(User.objects.get(username="samordnare.halmstad")).post(url, data)
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(
        action=AuditEntry.Action.CHANGED, what__startswith="orsaksanalys"
    ).latest("at")
    assert entry.municipality == problem.plan.municipality
    assert "gångtunneln" not in entry.what and entry.username == "samordnare.halmstad"
