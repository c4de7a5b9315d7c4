"""Who may do what: each capability, named once, with the roles (`Membership.Role`) that hold it.

`core.access` answers where a user holds roles (municipalities, areas); this module is the one
home of which roles a capability asks for, so views, admin pages, the API and the start page ask
the same question with the same name. A superuser holds every capability everywhere
(`core.access`). Pages that any role of the municipality may open (the survey's counts, the
promises in the works and their comments, the start page's lists of them) ask `core.access`
with no roles at all.
"""

from tryggve.core.models import Membership

Role = Membership.Role

# --- The municipality itself ------------------------------------------------------------------

# Administrators keep the municipality: its settings, organisations, areas, cycles (in the admin;
# analysts start the next one on the Omgångar page), memberships, users, retention rules and audit
# log (the default of `core.admin.MunicipalityScoped`).
ADMINISTER = frozenset({Role.ADMINISTRATOR})

# --- The year's round --------------------------------------------------------------------------

# Analysts start each year's round (the next cycle and its survey) with the administrators.
START_CYCLES = frozenset({Role.ANALYST, Role.ADMINISTRATOR})

# --- Surveys ----------------------------------------------------------------------------------

# Analysts design the questionnaire with the administrators who set it up.
BUILD_SURVEYS = frozenset({Role.ANALYST, Role.ADMINISTRATOR})
# Whoever builds a survey may walk through it before it opens (without saving answers).
PREVIEW_SURVEYS = frozenset({Role.ANALYST, Role.ADMINISTRATOR})
# Invitation codes are handed out by whoever runs the survey's mailing.
MAKE_CODES = frozenset({Role.ANALYST, Role.ADMINISTRATOR})
# Raw answers (export, import, the admin's responses, free texts, marked places): analysts only.
READ_RESPONSES = frozenset({Role.ANALYST})

# --- The lägesbild ----------------------------------------------------------------------------

# The working lägesbild shows small groups unhidden: analysts only (kommun or police alike),
# who also adopt it, keep its weighting and themes and write its report.
ANALYSE = frozenset({Role.ANALYST})
# As they adopt the lägesbild, analysts record the decision on its report (by Kommunstyrelsen or
# the like), which freezes a version and makes it public.
DECIDE_REPORTS = frozenset({Role.ANALYST})

# --- Inputs -----------------------------------------------------------------------------------

# Partners file EST incident reports and read those of their areas; analysts read them all.
FILE_INCIDENT_REPORTS = frozenset({Role.ANALYST, Role.PARTNER_REPORTER})
# The EST work on the reports (redaction, the weekly meeting, the quarter's priorities): analysts.
RUN_EST = frozenset({Role.ANALYST})
# Activity owners meet residents in dialogues and record them; analysts read them for the picture.
RECORD_DIALOGUES = frozenset({Role.ANALYST, Role.ACTIVITY_OWNER})
# The residents' place reports: the kommun's safety coordinator (analyst) moderates them (hides,
# merges duplicates, approves the text that may be published) and routes each to the
# organisation that can act, in the areas `core.access.areas_for` gives.
MODERATE_PLACE_REPORTS = frozenset({Role.ANALYST})
# The staff of the organisation a report is routed to set its status and write the answer:
# those who carry out measures (activity owners) and the partners who report for their areas.
ANSWER_PLACE_REPORTS = frozenset({Role.ACTIVITY_OWNER, Role.PARTNER_REPORTER})
# The incident categories and dialogue topics, and the police's events in the administration.
KEEP_INPUT_LISTS = frozenset({Role.ANALYST, Role.ADMINISTRATOR})

# --- Promises ---------------------------------------------------------------------------------

# Analysts write the draft promise with the administrators (only drafts can be edited).
EDIT_PROMISES = frozenset({Role.ANALYST, Role.ADMINISTRATOR})
# Analysts of the promise's parties write it in the staff editor (the administration's
# EDIT_PROMISES stays for administrators too).
WRITE_PROMISES = frozenset({Role.ANALYST})
# Analysts take the promise through its workflow (review, publish, archive, a new version).
STEER_PROMISES = frozenset({Role.ANALYST})
# The approver records the decision and signatures of the adoption.
ADOPT_PROMISES = frozenset({Role.APPROVER})
# "Did the promise help?" compares small groups of areas: analysts only.
EVALUATE_PROMISES = frozenset({Role.ANALYST})

# --- The action plan (lag 2023:196) -----------------------------------------------------------

# Analysts (kommun or police) prioritise the problems, write their cause analyses (which can touch
# suspected offences, GDPR article 10: only they read them), the action plan's measures and the
# collaboration agreement's terms. Every role of the municipality reads the plan itself.
WRITE_PLANS = frozenset({Role.ANALYST})
# The approver records the plan's decision and the agreement's two signatures, as for the promise.
DECIDE_PLANS = frozenset({Role.APPROVER})

# --- Follow-up --------------------------------------------------------------------------------

# Activity owners log what was done and plan safety walks; analysts do it for every organisation.
LOG_ACTIVITIES = frozenset({Role.ACTIVITY_OWNER, Role.ANALYST})
# Analysts log every activity; the other loggers only those of their own organisations.
LOG_EVERY_ACTIVITY = frozenset({Role.ANALYST})
# Owners are reminded of the activities of their organisations that are behind or quiet.
REMINDED_TO_LOG = frozenset({Role.ACTIVITY_OWNER})
# A safety-walk measure that is due within a week or overdue is shown (on the start page) and
# e-mailed to the staff of its responsible organisation who follow up walks: those who log.
REMINDED_OF_MEASURES = frozenset({Role.ACTIVITY_OWNER, Role.ANALYST})
# Corrections to the activity log and the indicators in the administration.
EDIT_FOLLOWUP = frozenset({Role.ANALYST, Role.ADMINISTRATOR})
