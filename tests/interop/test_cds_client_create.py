"""`manage.py cds_client_create NAME --issuer ISS --public-key-file PEM`."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from interop.models import CdsClient
from tests.interop.conftest import ec_keys

pytestmark = pytest.mark.django_db


def test_registers_the_client_with_a_service_user_that_may_record_deviations(tmp_path: Path) -> None:
    pem = tmp_path / "hix.pem"
    pem.write_bytes(ec_keys()[1])
    call_command("cds_client_create", "hix", "--issuer", "https://hix.example", "--public-key-file", str(pem))
    client = CdsClient.objects.get(name="hix")
    assert client.issuer == "https://hix.example" and client.active
    assert client.service_user.username == "cds-hix" and not client.service_user.has_usable_password()
    assert client.service_user.has_perms(["patients.view_patient", "patients.change_tumour"])
    assert not client.service_user.has_perm("patients.change_patient")


@pytest.mark.parametrize("content", [b"not a key", b""])
def test_refuses_what_is_not_a_public_key(tmp_path: Path, content: bytes) -> None:
    pem = tmp_path / "bad.pem"
    pem.write_bytes(content)
    with pytest.raises(CommandError):
        call_command("cds_client_create", "x", "--issuer", "https://x.example", "--public-key-file", str(pem))
    assert not CdsClient.objects.exists()


def test_refuses_a_second_client_with_the_same_issuer(tmp_path: Path) -> None:
    pem = tmp_path / "k.pem"
    pem.write_bytes(ec_keys()[1])
    call_command("cds_client_create", "a", "--issuer", "https://same.example", "--public-key-file", str(pem))
    with pytest.raises(CommandError):
        call_command("cds_client_create", "b", "--issuer", "https://same.example", "--public-key-file", str(pem))
