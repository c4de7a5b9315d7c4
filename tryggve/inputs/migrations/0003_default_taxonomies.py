"""Municipalities that existed before the taxonomies start with the default labels too."""

from typing import Any

from django.db import migrations

from tryggve.inputs.models import Category, Topic


def add_defaults(apps: Any, schema_editor: Any) -> None:
    Municipality = apps.get_model("core", "Municipality")
    for model, defaults in (("Category", Category.DEFAULTS), ("Topic", Topic.DEFAULTS)):
        taxonomy = apps.get_model("inputs", model)
        for municipality in Municipality.objects.all():
            if taxonomy.objects.filter(municipality=municipality).exists():
                continue
            taxonomy.objects.bulk_create(
                taxonomy(municipality=municipality, slug=slug, name=sv, name_sv=sv, name_en=en, position=index)
                for index, (slug, sv, en) in enumerate(defaults)
            )


class Migration(migrations.Migration):
    dependencies = [("inputs", "0002_dialogues_incidents")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
