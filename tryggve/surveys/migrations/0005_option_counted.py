"""Which answers the lägesbild counts is part of the question: Option.counted.

Until now the lägesbild counted the upper half of every scale, the middle step of an odd scale
included (3 of 5, 2 of 3). Existing questions on an even scale keep what they published: their
upper half is marked counted here. Questions on an odd scale are left unmarked, so they count
the new default, the steps strictly above the middle (4 and 5 of 5, 3 of 3); an analyst who
wants the middle step counted again ticks it in the admin (see docs/guides/analyst.md).
"""

from typing import Any

from django.db import migrations, models


def mark_even_scales(apps: Any, schema_editor: Any) -> None:
    Option = apps.get_model("surveys", "Option")
    Question = apps.get_model("surveys", "Question")
    counted = []
    for question in Question.objects.filter(kind__in=["scale", "matrix"]).prefetch_related("options"):
        scale = sorted(
            (o for o in question.options.all() if not o.is_special), key=lambda o: (o.order, o.code)
        )
        if len(scale) >= 2 and len(scale) % 2 == 0:
            counted += [option.pk for option in scale[len(scale) // 2 :]]
    Option.objects.filter(pk__in=counted).update(counted=True)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0004_random_keys"),
    ]

    operations = [
        migrations.AddField(
            model_name="option",
            name="counted",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "For scale and matrix questions: the answers the lägesbild's share counts, e.g. "
                    "'Fairly unsafe' and 'Very unsafe'. With none ticked, the steps above the middle "
                    "of the scale are counted (of 5 steps the last 2, of 4 the last 2, of 3 the last)."
                ),
                verbose_name="counted in the lägesbild",
            ),
        ),
        migrations.RunPython(mark_even_scales, migrations.RunPython.noop),
    ]
