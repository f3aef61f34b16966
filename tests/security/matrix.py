"""THE access matrix: for every route (URL name, or pattern when unnamed), which roles may use each method.

A route missing here fails tests/security/test_access_matrix.py: classify every new page or endpoint.
Keys are URL names ("namespace:name"); fnmatch globs are allowed ("admin:*"); the most specific key
(exact before glob) wins. A method not listed is refused to everyone (401/403/405 or a login redirect).
"""

from fnmatch import fnmatch

ANONYMOUS, SECRETARY, COORDINATOR, CLINICIAN, ADMIN = "anonymous", "secretary", "mdo_coordinator", "clinician", "admin"
ROLES = (ANONYMOUS, SECRETARY, COORDINATOR, CLINICIAN, ADMIN)

EVERYONE = frozenset(ROLES)
STAFF = frozenset({SECRETARY, COORDINATOR, CLINICIAN, ADMIN})  # any logged-in user
READ_RECORD = STAFF
EDIT_DEMOGRAPHICS = frozenset({SECRETARY, CLINICIAN, ADMIN})
EDIT_CLINICAL = frozenset({CLINICIAN, ADMIN})
ONLY_ADMIN = frozenset({ADMIN})
NOBODY: frozenset[str] = frozenset()
MDO_CASES = frozenset({COORDINATOR, CLINICIAN, ADMIN})  # register and edit cases, record the draft advice
MDO_DECIDE = frozenset({CLINICIAN, ADMIN})  # finalise and amend a decision (a clinician signs it off)
MDO_MANAGE = frozenset({COORDINATOR, ADMIN})  # plan sessions, attendance, order of the agenda
PRINT_LETTERS = frozenset({SECRETARY, ADMIN})  # the secretary's print runs
READ_LETTERS = frozenset({SECRETARY, CLINICIAN, ADMIN})
INDICATORS = frozenset({COORDINATOR, CLINICIAN, ADMIN})  # secretaries see the waiting-time worklist only


def page(read: frozenset[str], write: frozenset[str] | None = None) -> dict[str, frozenset[str]]:
    """A server-rendered page: GET shows it, POST submits its form (same roles unless `write` says)."""
    return {"GET": read, "POST": read if write is None else write}


MATRIX: dict[str, dict[str, frozenset[str]]] = {
    # --- core: accounts, site ---
    "login": page(EVERYONE),
    "logout": {"POST": STAFF},
    "set_language": page(EVERYONE),
    "health": {"GET": EVERYONE},
    "home": page(STAFF),
    "audit-log": page(ONLY_ADMIN),
    "audit-patient-overview": {"GET": ONLY_ADMIN},  # the NEN 7513 overview PDF of one patient
    # --- start pages ("Vandaag"): /today/ sends each role to its own page ---
    "today:start": {"GET": STAFF},
    "today:clinician": {"GET": EDIT_CLINICAL},
    "today:coordinator": {"GET": MDO_MANAGE},
    "today:secretary": {"GET": PRINT_LETTERS},
    "today:admin": {"GET": ONLY_ADMIN},
    "api-schema": {"GET": STAFF},
    "api-docs": {"GET": STAFF},
    "api-token": {"POST": EVERYONE},
    # Revokes the API token it is called with; a session (as in this matrix) has none, so everyone gets 401.
    # The token holder's own logout is tested in tests/accounts/test_api_tokens.py.
    "api-token-logout": {"POST": NOBODY},
    # --- core: patient record pages ---
    "patients:list": page(READ_RECORD),
    "patients:detail": page(READ_RECORD),
    "patients:tumour-detail": page(READ_RECORD),
    "patients:create": page(EDIT_DEMOGRAPHICS),
    "patients:edit": page(EDIT_DEMOGRAPHICS),
    "patients:tumour-create": page(EDIT_CLINICAL),
    "patients:tumour-edit": page(EDIT_CLINICAL),
    "patients:comorbidity-create": page(EDIT_CLINICAL),
    "patients:comorbidity-edit": page(EDIT_CLINICAL),
    "patients:marker-create": page(EDIT_CLINICAL),
    # --- core: patient record API ---
    "patient-list": {"GET": READ_RECORD, "POST": EDIT_DEMOGRAPHICS},
    "patient-detail": {"GET": READ_RECORD, "PATCH": EDIT_DEMOGRAPHICS},
    "patient-tumours": {"GET": READ_RECORD, "POST": EDIT_CLINICAL},
    "patient-comorbidities": {"GET": READ_RECORD, "POST": EDIT_CLINICAL},
    "patient-markers": {"GET": READ_RECORD, "POST": EDIT_CLINICAL},
    "tumour-detail": {"GET": READ_RECORD, "PATCH": EDIT_CLINICAL},
    "comorbidity-detail": {"GET": READ_RECORD, "PATCH": EDIT_CLINICAL},
    "tumour-pathway": {"GET": READ_RECORD},
    "patient-alerts": {"GET": READ_RECORD},
    "tumour-pathway-item": {"POST": EDIT_CLINICAL},
    "pathway-list": {"GET": STAFF},
    "deviation-list": {"GET": READ_RECORD},
    "pathway:item-set": {"POST": EDIT_CLINICAL},
    "pathway:deviations": {"GET": READ_RECORD},
    "pathway:centre-decisions": page(STAFF, write=ONLY_ADMIN),
    # --- referrals (the service also checks which role may move a referral to which status) ---
    "referrals:worklist": page(READ_RECORD),
    "referrals:list": page(READ_RECORD),
    "referrals:detail": page(READ_RECORD),
    "referrals:create": page(EDIT_DEMOGRAPHICS),
    "referrals:transition": {"POST": READ_RECORD},
    "referrals:override": page(EDIT_CLINICAL),
    "referrals:letter": page(READ_RECORD),
    "referrals:checklist-edit": page(EDIT_CLINICAL),
    "referral-list": {"GET": READ_RECORD, "POST": EDIT_DEMOGRAPHICS},
    "referral-detail": {"GET": READ_RECORD},
    "referral-transition": {"POST": READ_RECORD},
    "referral-override": {"POST": EDIT_CLINICAL},
    "referral-letter": {"GET": READ_RECORD},
    "patient-first-visit-checklist": {"GET": READ_RECORD, "PUT": EDIT_CLINICAL},
    "referral-first-visit-checklist": {"GET": READ_RECORD, "PUT": EDIT_CLINICAL},
    # --- waiting times and quality indicators (issue 17) ---
    "quality:worklist": {"GET": STAFF},
    "quality:indicators": {"GET": INDICATORS},
    "quality:indicators-pdf": {"GET": INDICATORS},
    "quality:indicator-rows": {"GET": INDICATORS},
    "quality:indicator-csv": {"GET": INDICATORS},
    "quality:milestones": {"GET": READ_RECORD},
    "indicator-list": {"GET": INDICATORS},
    "patient-milestones": {"GET": READ_RECORD},
    # --- staging (calculators are open to every role; recording a stage or SSc criteria is clinical) ---
    "staging-compute": {"POST": STAFF},
    "ssc-criteria": {"POST": STAFF},
    "pathway-evaluate": {"POST": STAFF},
    "staging:stage-preview": {"POST": STAFF},
    "staging:ssc-preview": {"POST": STAFF},
    "staging:stage-record": page(EDIT_CLINICAL),
    "staging:ssc-criteria": page(READ_RECORD, write=EDIT_CLINICAL),
    # --- mdo ---
    "mdo:overview": page(STAFF),
    "mdo:calendar": page(STAFF),
    "mdo:sessions": page(STAFF),
    "mdo:agenda": page(STAFF),
    "mdo:agenda-pdf": page(STAFF),
    "mdo:quorum": page(STAFF),
    "mdo:case": page(STAFF),
    "mdo:meeting": page(STAFF),  # meeting mode: one case per screen (its decision form posts to mdo:decision)
    "mdo:letter": page(STAFF),
    "mdo:case-find": page(MDO_CASES),
    "mdo:case-register": page(MDO_CASES),
    "mdo:case-edit": page(MDO_CASES),
    "mdo:case-move": page(MDO_CASES),
    "mdo:case-withdraw": page(MDO_CASES),
    "mdo:decision": {"POST": MDO_CASES},  # a draft; finalising it needs MDO_DECIDE (tests/mdo/test_decisions.py)
    "mdo:decision-amend": {"POST": MDO_DECIDE},
    "mdo:letter-requeue": {"POST": MDO_CASES},
    "mdo:case-reorder": {"POST": MDO_MANAGE},
    "mdo:session-cancel": page(MDO_MANAGE),
    "mdo:session-move": page(MDO_MANAGE),
    "mdo:session-held": {"POST": MDO_MANAGE},
    "mdo:attendance-add": {"POST": MDO_MANAGE},
    "mdo:attendance-remove": {"POST": MDO_MANAGE},
    "mdo:attendance-roster": {"POST": MDO_MANAGE},
    "mdo-type-list": {"GET": STAFF},
    "mdo-session-list": {"GET": STAFF},
    "mdo-session-detail": {"GET": STAFF},
    "mdo-calendar-feed": {"GET": STAFF},  # or anonymous with the user's personal ?token= (tested by mdo)
    "mdo-session-cases": {"POST": MDO_CASES},
    "mdo-session-cancel": {"POST": MDO_MANAGE},
    "mdo-session-move": {"POST": MDO_MANAGE},
    # --- follow-up (the visit status service also checks who may book or record an outcome) ---
    "followup:worklist": page(STAFF),
    "followup:plan-detail": page(STAFF),
    "followup:plan-build": {"POST": EDIT_CLINICAL},
    "followup:visit-add": {"POST": EDIT_CLINICAL},
    "followup:visit-move": {"POST": EDIT_CLINICAL},
    "followup:visit-transition": {"POST": STAFF},
    "followup:patient-summary": page(EDIT_CLINICAL),
    "followup:letter-pdf": page(READ_LETTERS),
    "followup:document": page(READ_LETTERS),
    "followup:letters": page(PRINT_LETTERS),
    "followup:print-job": page(PRINT_LETTERS),
    "followup:print-job-download": page(PRINT_LETTERS),
    "followup:print-job-printed": {"POST": PRINT_LETTERS},
    "followup:print-job-retry": {"POST": PRINT_LETTERS},
    "followup:template-preview": page(ONLY_ADMIN),
    "followup:template-preview-render": page(ONLY_ADMIN),
    "followup-patient-plans": {"GET": STAFF},
    "followup-plan-build": {"POST": EDIT_CLINICAL},
    "followup-visit-status": {"POST": STAFF},
    # --- interop: FHIR R4 read API (token or session, as the API) and the referral bundle ---
    "fhir-metadata": {"GET": STAFF},
    "fhir-patient": {"GET": READ_RECORD},
    "fhir-patient-search": {"GET": READ_RECORD},
    "fhir-patient-everything": {"GET": READ_RECORD},
    "fhir-condition-search": {"GET": READ_RECORD},
    "fhir-observation-search": {"GET": READ_RECORD},
    "fhir-careplan-search": {"GET": READ_RECORD},
    "fhir-encounter-search": {"GET": READ_RECORD},
    "fhir-bundle": {"POST": EDIT_DEMOGRAPHICS},  # registers a referral, as referral-list POST
    # --- interop: CDS Hooks: only a registered EHR with its signed JWT, never a session (tests/interop) ---
    "cds-discovery": {"GET": NOBODY},
    "cds-patient-view": {"POST": NOBODY},
    "cds-feedback": {"POST": NOBODY},
    # --- Django admin: staff admins only (its own login page is open) ---
    "admin:login": page(EVERYONE),
    "admin:logout": page(STAFF),
    "admin:*": page(ONLY_ADMIN),
    "admin/*": page(ONLY_ADMIN),  # the admin's unnamed patterns (object redirect, catch-all)
}

# Keys where the matrix says who MAY get in, and the view itself decides further: everyone else must be
# refused, but an allowed role may still be refused (the Django admin applies each model's own add /
# change / delete rules, e.g. the audit log can never be edited, not even by an admin).
VIEW_DECIDES = {"admin:*", "admin/*", "admin:logout"}

# Routes whose demo object may legitimately have nothing to show: an allowed role may get a 404
# (a referral without an uploaded letter).
# (a referral without an uploaded letter, no MDO letters or attendance rows yet in the demo data, or the
# MDO registration page, which needs ?tumour=).
MAY_BE_ABSENT = {
    "referrals:letter", "referral-letter", "mdo:letter", "mdo:letter-requeue", "mdo:attendance-remove",
    "mdo:case-register", "followup:plan-build", "followup:document", "followup:print-job",
    "followup:print-job-download", "followup:print-job-printed", "followup:print-job-retry",
    "followup:template-preview-render", "quality:indicator-rows", "quality:indicator-csv",
}


def entry(key: str) -> dict[str, frozenset[str]] | None:
    if key in MATRIX:
        return MATRIX[key]
    globs = sorted((k for k in MATRIX if any(c in k for c in "*?[") and fnmatch(key, k)), key=len, reverse=True)
    return MATRIX[globs[0]] if globs else None


def view_decides(key: str) -> bool:
    return key in VIEW_DECIDES or (key not in MATRIX and any(fnmatch(key, k) for k in VIEW_DECIDES))


def allowed(key: str, method: str, role: str) -> bool:
    rules = entry(key) or {}
    return role in rules.get(method, NOBODY)
