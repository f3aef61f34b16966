"""Shared test data for interop: the case-report patient (built with the factories and the staging service),
EHR clients with their key pairs (registered with the management command), and signed CDS Hooks JWTs."""

import datetime as dt
import io
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from django.core.management import call_command

from interop.models import CdsClient
from staging.services import stage_assessment_record
from tests.factories import ComorbidityFactory, MelanomaFactory, PatientFactory, TumourMarkerFactory
from zorgpad.patients.models import ComorbidityKind, Margin

PUBLIC_URL = "http://testserver"


@pytest.fixture(autouse=True)
def _interop_settings(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ZORGPAD_PUBLIC_URL = PUBLIC_URL
    settings.ZORGPAD_FHIR_HOSPITAL_NUMBER_SYSTEM = "https://ziekenhuis.example/fhir/NamingSystem/ziekenhuisnummer"


def seed_case_patient(clinician: Any) -> Any:
    """The case report: melanoma pT3a N2b M0 (IIIB, AJCC 8), SSc with anti-RNA polymerase III and the criteria,
    an earlier malignancy, S-100B rising above the lab's limit (µg/L)."""
    patient = PatientFactory(date_of_birth=dt.date(1949, 3, 14), bsn="111222333", hospital_number="7012345",
                             family_name="Vries", family_name_prefix="de", given_names="Maria Johanna",
                             initials="M.J.", sex="F")
    melanoma = MelanomaFactory(patient=patient, body_site="rug", body_site_region="trunk", breslow_mm=Decimal("2.6"),
                               ulceration=False, n_category="N2b", m_category="M0",
                               date_of_diagnosis=dt.date(2014, 5, 20), date_of_surgery=dt.date(2014, 6, 10),
                               margin=Margin.R0)
    ComorbidityFactory(patient=patient, kind=ComorbidityKind.SYSTEMIC_SCLEROSIS, anti_rna_polymerase_iii=True,
                       ssc_criteria={"skin_thickening_fingers_both_hands_proximal_to_mcp": True, "sclerodactyly": True,
                                     "anti_rna_polymerase_iii": True})
    ComorbidityFactory(patient=patient, kind=ComorbidityKind.EARLIER_MALIGNANCY, description="Melanoom 2014")
    for day, value in ((dt.date(2026, 5, 1), "0.11"), (dt.date(2026, 8, 1), "0.19"), (dt.date(2026, 11, 1), "0.31")):
        TumourMarkerFactory(patient=patient, tumour=melanoma, measured_on=day, value=Decimal(value),
                            upper_limit=Decimal("0.10"))
    stage_assessment_record(tumour=melanoma, user=clinician, classification="pathological",
                            breslow_mm=Decimal("2.6"), ulceration=False, n="N2b", m="M0")
    return patient


@pytest.fixture
def case_patient(clinician: Any) -> Any:
    return seed_case_patient(clinician)


def rsa_keys() -> tuple[Any, bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key, key.public_key().public_bytes(serialization.Encoding.PEM,
                                              serialization.PublicFormat.SubjectPublicKeyInfo)


def ec_keys() -> tuple[Any, bytes]:
    key = ec.generate_private_key(ec.SECP384R1())
    return key, key.public_key().public_bytes(serialization.Encoding.PEM,
                                              serialization.PublicFormat.SubjectPublicKeyInfo)


_RSA = rsa_keys()  # one key pair per test run: generating RSA keys is slow


class Ehr:
    """A registered EHR client that signs its requests."""

    def __init__(self, client: CdsClient, private_key: Any, algorithm: str) -> None:
        self.client, self.private_key, self.algorithm = client, private_key, algorithm

    def token(self, path: str, **overrides: Any) -> str:
        now = int(time.time())
        claims = {"iss": self.client.issuer, "sub": "epic-client-id", "aud": f"{PUBLIC_URL}{path}", "iat": now,
                  "exp": now + 240, "jti": str(uuid.uuid4()), **overrides}
        claims = {k: v for k, v in claims.items() if v is not None}
        return jwt.encode(claims, self.private_key, algorithm=self.algorithm)

    def headers(self, path: str, **overrides: Any) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token(path, **overrides)}"}


def register(name: str, issuer: str, public_pem: bytes, tmp_path: Path) -> CdsClient:
    pem_file = tmp_path / f"{name}.pem"
    pem_file.write_bytes(public_pem)
    call_command("cds_client_create", name, "--issuer", issuer, "--public-key-file", str(pem_file),
                 stdout=io.StringIO())
    return CdsClient.objects.get(name=name)


@pytest.fixture
def ehr(db: None, tmp_path: Path) -> Ehr:
    private, public = _RSA
    return Ehr(register("epic", "https://ehr.ziekenhuis.example", public, tmp_path), private, "RS384")


@pytest.fixture
def ehr_ec(db: None, tmp_path: Path) -> Ehr:
    private, public = ec_keys()
    return Ehr(register("hix", "https://hix.ziekenhuis.example", public, tmp_path), private, "ES384")


@pytest.fixture
def post_json(client: Any) -> Callable[..., Any]:
    import json

    def post(path: str, body: Any, **headers: Any) -> Any:
        return client.post(path, data=json.dumps(body), content_type="application/json", **headers)

    return post
