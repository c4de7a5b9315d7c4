import pytest
from django.core.exceptions import ValidationError

from tryggve.core.colours import contrast_ratio
from tryggve.core.models import Municipality

pytestmark = pytest.mark.django_db


def test_contrast_ratio_matches_wcag_reference_values() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    # #767676 is the lightest grey that passes 4.5:1 on white; #777777 fails.
    assert contrast_ratio("#767676", "#ffffff") >= 4.5
    assert contrast_ratio("#777777", "#ffffff") < 4.5


def municipality(**colours: str) -> Municipality:
    return Municipality(name="Exempel", official_name_sv="Exempels kommun", slug="exempel", **colours)


def test_colours_with_too_little_contrast_are_rejected_with_the_ratio() -> None:
    place = municipality(primary_colour="#ffcc00", link_colour="#8a8a8a")
    with pytest.raises(ValidationError) as caught:
        place.full_clean()
    errors = caught.value.message_dict
    # In the user's language, with the measured ratio.
    assert "kontrasten 1,51:1" in errors["primary_colour"][0]
    assert "minst 4,5:1" in errors["primary_colour"][0]
    assert "link_colour" in errors


def test_accessible_colours_are_accepted() -> None:
    municipality(primary_colour="#00507a", link_colour="#1f4e79").full_clean()


def test_malformed_colours_are_rejected() -> None:
    with pytest.raises(ValidationError) as caught:
        municipality(primary_colour="red; background: url(x)").full_clean()
    assert "primary_colour" in caught.value.message_dict


def test_reserved_slugs_are_rejected() -> None:
    place = municipality()
    place.slug = "admin"
    with pytest.raises(ValidationError) as caught:
        place.full_clean()
    assert "slug" in caught.value.message_dict
