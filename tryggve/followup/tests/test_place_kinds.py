"""A safety walk's findings and the residents' place reports share one list of kinds."""

from tryggve.followup.models import Finding
from tryggve.inputs.models import PlaceKind


def test_finding_kinds_are_the_place_kinds_with_damage_and_gathering_places() -> None:
    assert Finding.Kind is PlaceKind
    assert Finding._meta.get_field("kind").choices == PlaceKind.choices
    assert {"damage", "gathering_place", "safe_place", "lighting"} <= set(PlaceKind.values)
