"""Progress against the plan is derived from the log: done, on track, behind, not started."""

from tryggve.followup.models import ActivityLog
from tryggve.followup.progress import Status, progress

from .conftest import Setting, day


def log(setting: Setting, *days: tuple[int, int], quantity: int = 1) -> None:
    for month, number in days:
        ActivityLog.objects.create(
            activity=setting.controls,
            done_on=day(month, number),
            quantity=quantity,
            organisation=setting.police,
        )


def test_twice_a_month_plans_24_a_year_and_half_of_them_by_july(setting: Setting) -> None:
    (item,) = progress([setting.controls], day(7, 1))
    assert item.planned == 24
    assert item.expected is not None and 11.5 < item.expected < 12.5
    assert (item.done, item.status) == (0, Status.BEHIND)


def test_status_follows_what_was_logged(setting: Setting) -> None:
    log(setting, (1, 10), (2, 10), (3, 10), (4, 10), (5, 10), quantity=2)  # 10 by June: 11 expected
    (item,) = progress([setting.controls], day(6, 1))
    assert (item.done, item.entries, item.status) == (10, 5, Status.ON_TRACK)
    (later,) = progress([setting.controls], day(9, 1))  # 16 expected by September
    assert later.status == Status.BEHIND
    log(setting, (6, 10), quantity=14)
    (done,) = progress([setting.controls], day(9, 1))
    assert (done.done, done.percent, done.status) == (24, 100, Status.DONE)
    assert [entry.done_on for entry in done.latest] == [day(6, 10), day(5, 10), day(4, 10)]


def test_before_its_start_an_activity_has_not_started(setting: Setting) -> None:
    (item,) = progress([setting.controls], day(1, 1).replace(year=2018))
    assert (item.expected, item.status) == (0.0, Status.NOT_STARTED)


def test_an_activity_without_a_number_only_counts(setting: Setting) -> None:
    setting.controls.planned_quantity = None
    setting.controls.save()
    log(setting, (3, 1))
    (item,) = progress([setting.controls], day(6, 1))
    assert (item.done, item.planned, item.status) == (1, None, Status.UNPLANNED)
