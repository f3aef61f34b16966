"""Register an EHR as a CDS Hooks client: `manage.py cds_client_create NAME --issuer ISS --public-key-file PEM`.

The EHR signs its requests with the private key of this public key (RS384 or ES384). Zorgpad acts for the client
as a service user without a password that may read the record and record deviations from the pathway (feedback).
"""

from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from django.contrib.auth.models import Permission, User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from interop.models import CdsClient

SERVICE_PERMISSIONS = ("patients.view_patient", "patients.view_tumour", "patients.view_comorbidity",
                       "patients.view_tumourmarker", "patients.change_tumour")


class Command(BaseCommand):
    help = "Register an EHR as a CDS Hooks client (its JWT issuer and public key)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("name")
        parser.add_argument("--issuer", required=True, help="The `iss` of the client's JWTs.")
        parser.add_argument("--public-key-file", required=True, help="PEM file with the RSA or EC public key.")

    def handle(self, *args: Any, name: str, issuer: str, public_key_file: str, **options: Any) -> None:
        try:
            pem = Path(public_key_file).read_text(encoding="ascii")
            key = load_pem_public_key(pem.encode("ascii"))
        except (OSError, ValueError, UnicodeError) as exc:
            raise CommandError(f"Cannot read a PEM public key from {public_key_file}: {exc}") from exc
        if not isinstance(key, rsa.RSAPublicKey | ec.EllipticCurvePublicKey):
            raise CommandError("The key must be an RSA (RS384) or EC (ES384) public key.")
        if CdsClient.objects.filter(name=name).exists() or CdsClient.objects.filter(issuer=issuer).exists():
            raise CommandError("A client with this name or issuer is registered already.")
        with transaction.atomic():
            user = User.objects.create(username=f"cds-{name}"[:150], first_name="CDS client", last_name=name[:150])
            user.set_unusable_password()
            user.save()
            for perm in SERVICE_PERMISSIONS:
                app_label, codename = perm.split(".")
                user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
            CdsClient.objects.create(name=name, issuer=issuer, public_key=pem, service_user=user)
        self.stdout.write(f"Registered CDS client {name} (iss {issuer}); service user {user.username}.")
