"""Settings shared by every environment; everything that differs comes from environment variables."""

from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="insecure-embedded-default-do-not-use-in-production")
# Synthetic demo data (load_demo_data) may be loaded; production settings turn this off.
DEMO_DATA_ALLOWED = True
# The demo's login page lists the demo accounts and their password (only the demo settings turn this on).
DEMO_LOGINS_SHOWN = False
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "csp",
    "zorgpad.accounts",
    "zorgpad.audit",
    "zorgpad.patients",
    "zorgpad.pathway",
    "staging",
    "referrals",
    "mdo",
    "followup",
    "interop",
    "today",
    "quality",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files keep their cache headers): no-store on every other response.
    "zorgpad.accounts.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zorgpad.locale_middleware.DutchByDefaultLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # NUL, text-direction controls, non-ASCII digits and deep JSON are refused here, for every route (400).
    "zorgpad.input_hygiene.InputHygieneMiddleware",
    "zorgpad.accounts.middleware.SlidingSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "zorgpad.accounts.middleware.LoginRequiredEverywhereMiddleware",
    # Last: turns a login refused by django-axes into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zorgpad.urls"
WSGI_APPLICATION = "zorgpad.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # A user's name as every page writes it (zorgpad.accounts.people), without a load in each template.
            "builtins": ["zorgpad.accounts.templatetags.people"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zorgpad.accounts.context_processors.roles",
                "zorgpad.accounts.context_processors.demo_logins",
            ],
        },
    },
]

# Embedded default: a SQLite file beside the code. Set DATABASE_URL for PostgreSQL.
DATABASES = {
    "default": env.db(
        "DATABASE_URL", default=f"sqlite:///{env.str('SQLITE_PATH', default=str(BASE_DIR / 'zorgpad.sqlite3'))}"
    ),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
# A dropped connection is noticed before the request uses it, not half-way through.
# (DB_CONN_HEALTH_CHECKS=false exists only so that the fault test can show what happens without it.)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DB_CONN_HEALTH_CHECKS", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out user before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "zorgpad.accounts.backends.RoleModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Idle sessions expire: a workstation left logged in on a ward closes itself after 30 minutes.
# Activity pushes the expiry ahead (SlidingSessionMiddleware, at most one session write a minute).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_TOUCH_SECONDS = 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-less meta tag; keep default

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
# Off, and it must stay off: with a thousands separator, Dutch input "6.50" would be read as 650 (the point is the
# Dutch thousands separator); off, a localized field reads "6,50" and "6.50" both as 6.5 (docs/tumour-forms.md).
USE_THOUSAND_SEPARATOR = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
# JSON bodies nested deeper than this are refused with 400 (zorgpad.input_hygiene); the API needs 4.
JSON_MAX_DEPTH = env.int("JSON_MAX_DEPTH", default=20)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "zorgpad.accounts.authentication.ApiTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "zorgpad.api_pagination.StrictPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "zorgpad.api_schema.ZorgpadAutoSchema",
    # Decimals are JSON numbers both ways (the strict calculators refuse strings): the schema says so.
    "COERCE_DECIMAL_TO_STRING": False,
    # JSON bodies (form bodies carry no types and no null); the referral upload adds multipart itself.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "zorgpad.api_errors.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Zorgpad API",
    "DESCRIPTION": "Care-pathway decision support: patients, tumours, staging, referrals, MDO, follow-up.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",  # not the CDN default: nothing is loaded from outside (CSP)
    "COMPONENT_SPLIT_REQUEST": True,
    # interop: a FHIR operation keeps its "$" in the path (/fhir/Patient/{external_id}/$everything).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "interop.fhir.schema.restore_operation_paths"],
}

# Celery: with no broker configured, tasks run inline (embedded default).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing must not hang a web request when Redis is down: fail fast, the DB row stays queued.
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
# The shared cache: DRF's throttle counts (the API token endpoint) must hold across gunicorn workers and hosts,
# so never per-process memory. CACHE_URL (django-environ syntax, e.g. redis://host:6379/1 or
# dbcache://zorgpad_cache) chooses; by default Redis at the Celery broker when one is configured, otherwise (the
# embedded default) the database cache table, made by `manage.py createcachetable` (scripts/demo.sh runs it).
# (django-axes keeps its lockout counts in the database, which every worker shares already.)
CACHES = {
    "default": env.cache_url(
        "CACHE_URL",
        default=CELERY_BROKER_URL if CELERY_BROKER_URL.startswith(("redis://", "rediss://")) else "dbcache://zorgpad_cache",
    ),
}
CACHES["default"]["KEY_PREFIX"] = "zorgpad"
CELERY_BEAT_SCHEDULE: dict = {
    # followup: the daily reminder scan (idempotent) and the print-run sweep (re-publishes queued runs).
    "followup_reminder_scan": {"task": "followup_reminder_scan", "schedule": crontab(hour=5, minute=15)},
    "followup_print_job_sweep": {"task": "followup_print_job_sweep", "schedule": 60.0},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# The care pathway this build implements (shown in the UI; a warning appears once revision is due).
ZORGPAD_CENTRE_NAME = "Huidkankercentrum Erasmus MC"
# The number a letter gives when it asks the patient to call the secretariat (to book a visit). The pathway gives
# no separate secretariat number: until the centre sets one, the dermatology outpatient clinic (polikliniek
# dermatologie, the pathway's number during office hours), where the follow-up visits are booked.
ZORGPAD_SECRETARIAT_PHONE = env.str("ZORGPAD_SECRETARIAT_PHONE", default="010-7040110")

# PDF renders are stopped past a time budget (zorgpad/pdf_render.py): in a web request below gunicorn's 30 s
# worker timeout; in a Celery task by its soft time limit (the hard limit follows a minute later).
PDF_REQUEST_TIME_LIMIT = env.float("PDF_REQUEST_TIME_LIMIT", default=20.0)
PDF_TASK_SOFT_TIME_LIMIT = env.int("PDF_TASK_SOFT_TIME_LIMIT", default=300)

# referrals
# Triage is due this many working days after the day of receipt (that day itself not counted).
REFERRALS_TRIAGE_WORKING_DAYS = env.int("REFERRALS_TRIAGE_WORKING_DAYS", default=2)
# The biopsy result is discussed "after about two weeks" (pathway): due this many working days after the biopsy.
REFERRALS_BIOPSY_RESULT_WORKING_DAYS = env.int("REFERRALS_BIOPSY_RESULT_WORKING_DAYS", default=10)
REFERRALS_LETTER_MAX_BYTES = env.int("REFERRALS_LETTER_MAX_BYTES", default=10 * 1024 * 1024)
# Quality indicators: a pathway item still open this many calendar days after it appeared counts as "still open".
QUALITY_ITEM_OPEN_DAYS = env.int("QUALITY_ITEM_OPEN_DAYS", default=30)
# Unique OpenAPI enum names for the referral choice sets (several fields share them; "status" is used elsewhere too).
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    **SPECTACULAR_SETTINGS.get("ENUM_NAME_OVERRIDES", {}),  # type: ignore[dict-item]
    "ReferralStatusEnum": "referrals.models.ReferralStatus",
    "ReferralDestinationEnum": "referrals.models.Destination",
    "ReferralPhaseEnum": "referrals.models.Phase",
    "ReferralTertiaryRouteEnum": "referrals.models.TertiaryRoute",
    "ReferrerKindEnum": "referrals.models.ReferrerKind",
    "ReferralUrgencyEnum": "referrals.models.Urgency",
    # A second "status" field in the schema makes the tumour's status enum need a name of its own as well.
    "TumourStatusEnum": "zorgpad.patients.models.TumourStatus",
}

# staging: names of the stateless calculators' category lists in the OpenAPI schema (no enum name collisions)
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    **SPECTACULAR_SETTINGS.get("ENUM_NAME_OVERRIDES", {}),  # type: ignore[dict-item]
    # the core's names, unchanged by the calculators' fields of the same name
    "DepthEnum": "zorgpad.patients.models.DEPTH_CHOICES",
    "GradeEnum": "zorgpad.patients.models.Grade",
    "MarginEnum": "zorgpad.patients.models.MARGIN_CHOICES",
    "DiagnosisEnum": "zorgpad.patients.models.DIAGNOSIS_CHOICES",
    "BodySiteRegionEnum": "zorgpad.patients.models.BODY_SITE_REGION_CHOICES",
    "KindEnum": "zorgpad.patients.models.ComorbidityKind",
    "MCategoryEnum": "staging.rules.melanoma.M_CATEGORIES",  # = the tumour's m_category choices
    "StagingSystemEnum": "staging.calculators.SYSTEMS",
    "StagingClassificationEnum": "staging.calculators.CLASSIFICATIONS",
    "StsGradeEnum": "staging.rules.sts.GRADES",
    "StsNEnum": "staging.rules.sts.N_CATEGORIES",
    "StsMEnum": "staging.rules.sts.M_CATEGORIES",
    "MelanomaTEnum": "staging.rules.melanoma.EXPLICIT_T",
    "MelanomaNEnum": "staging.rules.melanoma.N_CATEGORIES",
    "PathwayDiagnosisEnum": "staging.pathway_apis.DIAGNOSES",
    "PathwayDepthEnum": "staging.pathway_apis.DEPTHS",
    "PathwayMarginEnum": "staging.pathway_apis.MARGINS",
    "PathwayBodySiteRegionEnum": "staging.pathway_apis.REGIONS",
    "MarkerUnitEnum": "staging.pathway_apis.UNITS",
    "RecommendationKindEnum": "staging.pathway_apis.KINDS",
    "RecommendationSeverityEnum": "staging.pathway_apis.SEVERITIES",
    "SscItemEnum": "staging.apis.SSC_ITEMS",
    "SscClassificationEnum": "staging.apis.SSC_CLASSIFICATIONS",
    # the melanoma facts (issue 16): the tumour's fields and the evaluation's inputs
    "SentinelNodeEnum": "zorgpad.patients.melanoma.SENTINEL_NODE_CHOICES",
    "MutationStatusEnum": "zorgpad.patients.melanoma.MUTATION_CHOICES",
    "AdjuvantStatusEnum": "zorgpad.patients.melanoma.ADJUVANT_CHOICES",
    "PathwaySentinelNodeEnum": "staging.pathway_apis.SENTINEL_NODES",
    "PathwayMutationStatusEnum": "staging.pathway_apis.MUTATIONS",
    "PathwayAdjuvantEnum": "staging.pathway_apis.ADJUVANT",
}

# mdo
MDO_GENERATE_WEEKS_AHEAD = env.int("MDO_GENERATE_WEEKS_AHEAD", default=52)
# A session is planned or moved at most this many years ahead (and never into the past).
MDO_SESSION_MAX_YEARS_AHEAD = env.int("MDO_SESSION_MAX_YEARS_AHEAD", default=5)

# Start pages ("Vandaag"): the secretary phones a patient whose invitation went out this many days ago and who
# has booked no visit yet.
TODAY_PHONE_AFTER_DAYS = env.int("TODAY_PHONE_AFTER_DAYS", default=21)
CELERY_BEAT_SCHEDULE["mdo-generate-sessions"] = {
    "task": "mdo.tasks.mdo_sessions_generate_task", "schedule": 24 * 60 * 60,
}
# Sessions close after their meeting day (held; attendance and order locked): shortly after midnight.
CELERY_BEAT_SCHEDULE["mdo-close-past-sessions"] = {
    "task": "mdo.tasks.mdo_sessions_close_task", "schedule": crontab(hour=0, minute=20),
}
CELERY_BEAT_SCHEDULE["mdo-requeue-stale-letters"] = {
    "task": "mdo.tasks.mdo_letters_requeue_stale_task", "schedule": 15 * 60,
}
# CDS Hooks: a card handed to an EHR is kept this many days, so that the EHR's feedback on it (sent when the
# clinician acts on it: minutes, at most days later) can still find the item it was about. Who saw which patient is
# in the audit log, not in the cards. Pruned nightly.
CDS_CARD_KEEP_DAYS = env.int("CDS_CARD_KEEP_DAYS", default=90)
CELERY_BEAT_SCHEDULE["cds-cards-prune"] = {
    "task": "interop.tasks.cds_cards_prune_task", "schedule": crontab(hour=1, minute=10),
}
# Distinct OpenAPI enum names for the MDO statuses (added to the overrides above).
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    **SPECTACULAR_SETTINGS.get("ENUM_NAME_OVERRIDES", {}),  # type: ignore[dict-item]
    "MdoSessionStatusEnum": "mdo.models.SessionStatus",
    "MdoCaseStatusEnum": "mdo.models.CaseStatus",
}

# followup: the API's enums get names of their own (several apps have "status" and "kind" fields).
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    **SPECTACULAR_SETTINGS.get("ENUM_NAME_OVERRIDES", {}),  # type: ignore[dict-item]
    "FollowupPlanStatusEnum": "followup.models.PlanStatus",
    "FollowupStopReasonEnum": "followup.models.StopReason",
    "FollowupVisitStatusEnum": "followup.models.VisitStatus",
    "FollowupVisitKindEnum": "followup.models.VisitKind",
}

# pathway items: the item's status has a name of its own (several apps have "status" fields).
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    **SPECTACULAR_SETTINGS.get("ENUM_NAME_OVERRIDES", {}),  # type: ignore[dict-item]
    "PathwayItemStatusEnum": "zorgpad.pathway.models.ITEM_STATUS_VALUES",
    # waiting times: a milestone's or an indicator's status against its norm (several apps have "status" fields).
    "MilestoneStatusEnum": "quality.apis.MILESTONE_STATUSES",
}

# security (hardening) -------------------------------------------------------------------------
import datetime as _dt  # noqa: E402

from csp.constants import NONE as _CSP_NONE  # noqa: E402
from csp.constants import SELF as _CSP_SELF  # noqa: E402

# Login throttling (django-axes, zorgpad/accounts/lockout.py): 5 failed logins for one user name from one client
# address lock that user name at that address; 50 from one address over any user names (password spraying) lock
# the address; each for 15 minutes. The login page and the API token endpoint share the lockout; the token
# endpoint is also rate-limited per client (REST_FRAMEWORK below, counted in the shared cache).
# DJANGO_PROXY_COUNT: the number of reverse proxies in front of the app that append to X-Forwarded-For. Leave it
# 0 (the default; docker-compose.yml has no proxy) unless such a proxy is configured: then the client address
# is read from X-Forwarded-For; without a proxy that header is the client's own claim and is ignored.
AXES_HANDLER = "zorgpad.accounts.lockout.UserAndAddressLockoutHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=50)
AXES_COOLOFF_TIME = _dt.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_IPWARE_PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=0) or None
if AXES_IPWARE_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "zorgpad.accounts.views.lockout_response"
AXES_VERBOSE = False
# Only failures are stored; successful logins are not logged twice (the audit log covers record access).
AXES_DISABLE_ACCESS_LOG = True

# API tokens (django-rest-knox): stored as a SHA-512 digest, shown once, expire after API_TOKEN_TTL_HOURS.
REST_KNOX = {
    "TOKEN_TTL": _dt.timedelta(hours=env.int("API_TOKEN_TTL_HOURS", default=10)),
    "AUTH_HEADER_PREFIX": "Token",
}

REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"auth-token": env.str("API_TOKEN_THROTTLE_RATE", default="10/minute")}

# Content-Security-Policy (django-csp 4): no inline script or style anywhere; every page loads its
# JavaScript and CSS from /static/. htmx's own indicator <style> is switched off in base.html.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_CSP_SELF],
        "script-src": [_CSP_SELF],
        "style-src": [_CSP_SELF],
        "img-src": [_CSP_SELF, "data:"],
        "object-src": [_CSP_NONE],
        "frame-ancestors": [_CSP_NONE],
        "base-uri": [_CSP_SELF],
        "form-action": [_CSP_SELF],
    },
}

# --- interop (FHIR R4 read API, CDS Hooks 2.0) ---
# The public URL the EHR reaches Zorgpad at: the base of the links on CDS cards and of the `aud` the CDS JWTs
# must carry (`<ZORGPAD_PUBLIC_URL>/cds-services/<service>`).
ZORGPAD_PUBLIC_URL = env.str("ZORGPAD_PUBLIC_URL", default="http://localhost:8000").rstrip("/")
# The system URI of the hospital number in FHIR identifiers. The hospital's own naming system: set it to the URI
# (or urn:oid:) the hospital publishes; the default is a URL under Zorgpad's own address, not a registered OID.
ZORGPAD_FHIR_HOSPITAL_NUMBER_SYSTEM = env.str(
    "ZORGPAD_FHIR_HOSPITAL_NUMBER_SYSTEM", default=f"{ZORGPAD_PUBLIC_URL}/fhir/NamingSystem/hospital-number")
# CDS Hooks JWTs: accepted algorithms (CDS Hooks 2.0: ES384 and RS384) and the longest lifetime accepted.
CDS_HOOKS_JWT_ALGORITHMS = ["RS384", "ES384"]
CDS_HOOKS_JWT_MAX_LIFETIME_SECONDS = 300
