"""Decided follow-up reports name each measure's and evaluation's promise by its id, no longer by
its period (two promises can cover the same years): the versions decided before are rewritten so.
A measure's promise is its activity's (a measure whose activity is gone, and whose period more than
one promise shares, gets none and is withheld); a promise's id is found by its address name, unique
in the municipality; the evaluations were written one per promise ending in the report's year, in
the promises' order, and are paired with those promises in turn."""

from typing import Any

from django.db import migrations


def name_promises_by_id(apps: Any, schema_editor: Any) -> None:
    version_model = apps.get_model("followup", "FollowupReportVersion")
    promise_model = apps.get_model("promises", "Promise")
    activity_model = apps.get_model("promises", "Activity")
    for version in version_model.objects.select_related("report"):
        content = version.content
        if any("id" in item for item in content.get("promises", [])):
            continue
        ids = dict(
            promise_model.objects.filter(municipality_id=version.report.municipality_id).values_list("slug", "pk")
        )
        periods: dict[Any, list[Any]] = {}
        for item in content.get("promises", []):
            item["id"] = ids.get(item.get("slug"))
            periods.setdefault(item.get("period"), []).append(item["id"])
        measures = [each for group in content.get("groups", []) for each in group.get("measures", [])]
        owners = dict(
            activity_model.objects.filter(pk__in=[each.get("activity") for each in measures]).values_list(
                "pk", "promise_id"
            )
        )
        for each in measures:
            same_period = periods.get(each.get("promise"), [])
            each["promise"] = owners.get(each.get("activity"), same_period[0] if len(same_period) == 1 else None)
        ending = [
            (item["id"], item.get("period"))
            for item in content.get("promises", [])
            if str(item.get("period", "")).endswith(str(content.get("year")))
        ]
        for each, (promise, period) in zip(content.get("evaluations", []), ending, strict=False):
            each["promise"] = promise if each.get("period") == period else None
        version.content = content
        version.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0007_finding_place_report"),
        ("promises", "0007_action_plan"),
    ]

    operations = [migrations.RunPython(name_promises_by_id, migrations.RunPython.noop)]
