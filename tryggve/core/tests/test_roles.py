"""Who may do what: the capabilities of core.roles and the roles that hold them, spelled out.

A change of who may do what is a change of this table, made on purpose: the pages' own access
tests (tryggve/tests/test_access_matrix.py, inputs/tests/test_access.py, …) check that each page
asks for its capability.
"""

import re
from pathlib import Path

from tryggve.core import roles
from tryggve.core.models import Membership

# The stored role values: analyst, reporter (partner reporter), owner (activity owner), approver,
# admin (administrator).
HELD_BY = {
    "ADMINISTER": {"admin"},
    "START_CYCLES": {"analyst", "admin"},
    "BUILD_SURVEYS": {"analyst", "admin"},
    "PREVIEW_SURVEYS": {"analyst", "admin"},
    "MAKE_CODES": {"analyst", "admin"},
    "READ_RESPONSES": {"analyst"},
    "ANALYSE": {"analyst"},
    "FILE_INCIDENT_REPORTS": {"analyst", "reporter"},
    "RUN_EST": {"analyst"},
    "RECORD_DIALOGUES": {"analyst", "owner"},
    "KEEP_INPUT_LISTS": {"analyst", "admin"},
    "EDIT_PROMISES": {"analyst", "admin"},
    "WRITE_PROMISES": {"analyst"},
    "STEER_PROMISES": {"analyst"},
    "ADOPT_PROMISES": {"approver"},
    "EVALUATE_PROMISES": {"analyst"},
    "WRITE_PLANS": {"analyst"},
    "DECIDE_PLANS": {"approver"},
    "LOG_ACTIVITIES": {"analyst", "owner"},
    "LOG_EVERY_ACTIVITY": {"analyst"},
    "REMINDED_TO_LOG": {"owner"},
    "REMINDED_OF_MEASURES": {"analyst", "owner"},
    "EDIT_FOLLOWUP": {"analyst", "admin"},
    "DECIDE_REPORTS": {"analyst"},
    "MODERATE_PLACE_REPORTS": {"analyst"},
    "ANSWER_PLACE_REPORTS": {"owner", "reporter"},
}


def test_each_capability_is_held_by_its_roles() -> None:
    found = {
        name: {str(role) for role in value}
        for name, value in vars(roles).items()
        if name.isupper() and isinstance(value, frozenset)
    }
    assert found == HELD_BY
    assert set().union(*HELD_BY.values()) == set(Membership.Role.values), "every role may do something"


def test_no_other_module_names_a_set_of_roles() -> None:
    """Views, admin pages, the API and commands ask core.roles; only the preferred order of the
    organisation a report is filed for names roles itself (and the test helpers, which give
    test users their roles)."""
    package = Path(roles.__file__).parents[1]
    allowed = {"core/roles.py", "core/models.py", "inputs/views.py", "testing.py"}
    spelled = re.compile(r"Role\.[A-Z_]+")
    found = {
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts and spelled.search(path.read_text())
    }
    assert found <= allowed, found - allowed
