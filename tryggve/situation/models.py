"""The lägesbild's running sums: per weighting cell, how many respondents gave each answer.

Estimates need only these (see stats.py), so a lägesbild costs the same with a thousand or a
million responses. They are updated in the transaction that stores or quarantines responses
(tally.py) and can be rebuilt from the answers at any time.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tryggve.surveys.models import Question, Survey


class CellCount(models.Model):
    """Respondents (not in quarantine) in one weighting cell of one survey."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    area_key = models.PositiveIntegerField(help_text="The area's id; 0 if the respondent did not say.")
    sex = models.CharField(max_length=20, blank=True)
    age_band = models.CharField(max_length=20, blank=True)
    respondents = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("cell count")
        constraints = [
            models.UniqueConstraint(fields=["survey", "area_key", "sex", "age_band"], name="one_cell_count")
        ]

    def __str__(self) -> str:
        return f"{self.area_key} {self.sex} {self.age_band}: {self.respondents}"


class Tally(models.Model):
    """Respondents in one weighting cell who gave one answer value to a question (or matrix item)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    item = models.CharField(max_length=50, blank=True)
    area_key = models.PositiveIntegerField()
    sex = models.CharField(max_length=20, blank=True)
    age_band = models.CharField(max_length=20, blank=True)
    value = models.IntegerField()
    count = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("answer tally")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "question", "item", "area_key", "sex", "age_band", "value"],
                name="one_tally",
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id}.{self.item} {self.area_key} {self.sex} {self.age_band} = {self.value}"
