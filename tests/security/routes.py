"""Discover every route (URL resolver) and API operation (OpenAPI schema), and fill in real object ids.

Shared by the access matrix, the audit-completeness test, the id-guessing tests, schemathesis and the
browser CSP crawl, so that routes added by later apps are covered without editing a list.
"""

import io
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from zorgpad.patients.models import Patient

PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or "" for an unnamed pattern
    pattern: str  # "patients/<uuid:external_id>/"
    callback: Any = field(compare=False, hash=False, repr=False)

    @property
    def key(self) -> str:
        return self.name or self.pattern

    @property
    def params(self) -> list[tuple[str, str]]:
        return [(m.group("conv") or "str", m.group("name")) for m in PARAM.finditer(self.pattern)]

    @property
    def is_api(self) -> bool:
        return self.pattern.startswith("api/v1/")

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:") or self.pattern.startswith("admin/")

    @property
    def openapi_path(self) -> str:
        return "/" + PARAM.sub(lambda m: "{" + m.group("name") + "}", self.pattern)

    def url(self, **values: str) -> str:
        def fill(m: re.Match[str]) -> str:
            return values.get(m.group("name")) or DEFAULTS[m.group("conv") or "str"]

        path = PARAM.sub(fill, self.pattern)
        # Regex patterns (the admin's catch-all): strip anchors and fill groups.
        # (Only a trailing "$" is an anchor: FHIR operations such as "$everything" keep theirs.)
        path = re.sub(r"\$$", "", path.replace("^", "").replace("\\Z", ""))
        path = re.sub(r"\(\?P<\w+>[^)]*\)", "x", path)
        return "/" + path.lstrip("/")


DEFAULTS = {"uuid": str(uuid.UUID(int=0)), "int": "1", "slug": "x", "str": "x", "path": "1", "date": "2027-01-04"}


def _walk(entries: list, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in entries:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else ""
            yield Route(name, prefix + str(entry.pattern), entry.callback)


@cache
def all_routes() -> tuple[Route, ...]:
    unique = {(r.name, r.pattern): r for r in _walk(get_resolver().url_patterns)}
    return tuple(sorted(unique.values(), key=lambda r: (r.pattern, r.name)))


@cache
def openapi_schema() -> dict[str, Any]:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def api_methods(route: Route) -> list[str]:
    """The HTTP methods the OpenAPI schema documents for this API route."""
    operations = openapi_schema()["paths"].get(route.openapi_path, {})
    return sorted(m.upper() for m in operations if m in ("get", "post", "put", "patch", "delete"))


def methods(route: Route) -> list[str]:
    """Methods to try: the documented ones for the API, GET and POST for pages (forms post to themselves)."""
    if route.is_api and (documented := api_methods(route)):
        return documented
    return ["GET", "POST"]


# ---- real objects for path parameters ------------------------------------------------------------------


def models_with_external_id() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if any(f.name == "external_id" for f in m._meta.get_fields())]


def patient_of(obj: models.Model, depth: int = 3) -> Patient | None:
    """The patient whose record `obj` belongs to: itself, or followed along foreign keys (patient first)."""
    if isinstance(obj, Patient):
        return obj
    if depth == 0:
        return None
    fks = [f for f in obj._meta.get_fields() if isinstance(f, models.ForeignKey)]
    fks.sort(key=lambda f: (f.related_model is not Patient, f.name != "tumour"))
    for fk in fks:
        target = getattr(obj, fk.name, None)
        if target is not None and (found := patient_of(target, depth - 1)):
            return found
    return None


@dataclass
class World:
    """Demo data (every app's demo.py) plus, per route, the sample object its path parameter refers to."""

    users: dict[str, Any]  # role -> User; "anonymous" -> None
    samples: dict[type[models.Model], models.Model]  # one preferred object per model
    candidates: dict[type[models.Model], list[models.Model]]  # every demo object (up to 50) per model
    objects: dict[str, models.Model | None] = field(default_factory=dict)  # route key -> object
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # route key -> other path parameters

    def client(self, role: str) -> Client:
        client = Client()
        if (user := self.users[role]) is not None:
            client.force_login(user)
        return client

    def object_for(self, route: Route) -> models.Model | None:
        if route.key not in self.objects:
            self.objects[route.key] = self._resolve(route)
        return self.objects[route.key]

    def url_for(self, route: Route) -> str:
        obj = self.object_for(route)
        values = {name: str(obj.external_id) for conv, name in route.params if conv == "uuid" and obj is not None}
        if any(conv != "uuid" for conv, _ in route.params):
            if route.key not in self.values:
                self.values[route.key] = self._other_values(route, values)
            values.update(self.values[route.key])
        return route.url(**values)

    def _other_values(self, route: Route, fixed: dict[str, str]) -> dict[str, str]:
        """A non-UUID path parameter (e.g. an MDO series `code`) takes the value of a demo object's field
        of that name, the first one the admin does not get a 404 for."""
        admin = self.client("admin")
        values: dict[str, str] = {}
        for conv, name in route.params:
            if conv == "uuid":
                continue
            options = [str(getattr(obj, name)) for objs in self.candidates.values() for obj in objs
                       if any(f.name == name for f in obj._meta.concrete_fields)]
            for option in options:
                if admin.get(route.url(**fixed, **values, **{name: option})).status_code != 404:
                    values[name] = option
                    break
        return values

    def _resolve(self, route: Route) -> models.Model | None:
        """Try the demo objects' ids; the route's object is the first one the admin gets a non-404 GET for.

        The preferred sample of each model first, then the others (e.g. a patient who has a referral).
        A route without GET (an action: POST only) takes the object of the GET route it extends
        (".../<id>/transition/" -> ".../<id>/"): an empty POST may be refused before the lookup.
        """
        uuid_params = [name for conv, name in route.params if conv == "uuid"]
        if not uuid_params:
            return None
        admin = self.client("admin")
        ordered = list(self.samples.values()) + [
            obj for objs in self.candidates.values() for obj in objs if obj not in self.samples.values()
        ]
        for obj in ordered:
            status = admin.get(route.url(**dict.fromkeys(uuid_params, str(obj.external_id)))).status_code
            if status in (403, 405):  # the admin has every permission: GET is simply not offered here
                return self._resolve_by_parent(route)
            if status != 404:
                return obj
        return self._resolve_by_parent(route)

    def _resolve_by_parent(self, route: Route) -> models.Model | None:
        uuid_prefix = route.pattern[: route.pattern.index(">") + 1]
        parents = [r for r in all_routes() if r is not route and r.is_api == route.is_api
                   and r.pattern.startswith(uuid_prefix) and len(r.pattern) < len(route.pattern)]
        for parent in sorted(parents, key=lambda r: len(r.pattern)):
            if (obj := self.object_for(parent)) is not None:
                return obj
        return self._resolve_by_post(route)

    def _resolve_by_post(self, route: Route) -> models.Model | None:
        """Last resort for an action without a parent page: an empty POST (rolled back) that is not a 404."""
        from django.db import transaction

        uuid_params = [name for conv, name in route.params if conv == "uuid"]
        admin = self.client("admin")
        for objs in self.candidates.values():
            for obj in objs[:5]:
                with transaction.atomic():
                    status = admin.post(route.url(**dict.fromkeys(uuid_params, str(obj.external_id)))).status_code
                    transaction.set_rollback(True)
                if status not in (403, 404, 405):
                    return obj
        return None


def replay_data_migrations() -> list[str]:
    """Put back the rows that data migrations create (e.g. the MDO series) when an app's tables are empty.

    A transactional test (live server, real processes) ends with a flush of every table, which also
    removes what data migrations inserted; later demo-data loads would then fail. Each data migration of
    an empty app is replayed in a savepoint; one that cannot run twice (a trigger that still exists)
    is rolled back and skipped.
    """
    from django.db import connection, transaction
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations.special import RunPython

    loader = MigrationLoader(connection)
    replayed = []
    for (app_label, name), migration in sorted(loader.disk_migrations.items()):
        operations = [op for op in migration.operations if isinstance(op, RunPython)]
        if not operations or app_label not in {a.label for a in apps.get_app_configs()}:
            continue
        if any(m._default_manager.exists() for m in apps.get_app_config(app_label).get_models()):
            continue
        state = loader.project_state((app_label, name), at_end=False)
        try:
            with transaction.atomic(), connection.schema_editor(atomic=False) as editor:
                for op in operations:
                    op.code(state.apps, editor)
        except Exception:  # noqa: S112 - not replayable (e.g. the audit trigger is still there)
            continue
        replayed.append(f"{app_label}.{name}")
    return replayed


def build_world() -> World:
    """Load the demo data of the core and every app, and pick one sample object per model.

    Call inside a transaction that is rolled back afterwards.
    """
    from zorgpad.accounts.roles import Role
    from zorgpad.demo_data import DEMO_USERS, load_demo_data

    replay_data_migrations()
    load_demo_data(stdout=io.StringIO())
    user_model = apps.get_model("auth", "User")
    users: dict[str, Any] = {"anonymous": None}
    for username, _first, _last, role in DEMO_USERS:
        users[role.value] = user_model.objects.get(username=username)
    assert set(users) == {"anonymous", *(r.value for r in Role)}
    samples: dict[type[models.Model], models.Model] = {}
    candidates: dict[type[models.Model], list[models.Model]] = {}
    for model in models_with_external_id():
        # Prefer a patient with a full record (tumours, comorbidities, markers) so every child page has data.
        qs = model._default_manager.order_by("pk")
        if model is Patient:
            qs = qs.annotate(n=models.Count("tumours")).order_by("-n", "pk")
        if objs := list(qs[:50]):
            samples[model] = objs[0]
            candidates[model] = objs
    return World(users=users, samples=samples, candidates=candidates)
