"""What interoperability must remember: the EHR clients allowed to call the CDS service (with their public key),
the cards handed to them (so that feedback can find the item a card was about), and the FHIR referral bundles
received (posting the same bundle twice registers one referral)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from referrals.models import Referral
from zorgpad.pathway.models import PathwayItem


class CdsClient(models.Model):
    """An EHR registered to call the CDS Hooks service (`manage.py cds_client_create`). Its requests carry a JWT
    signed with the private key that goes with `public_key` (CDS Hooks 2.0, "Trusting CDS Clients"); `iss` must
    equal `issuer`. Zorgpad acts for it as `service_user`, whose permissions bound what feedback may change."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    issuer = models.CharField(_("issuer (iss)"), max_length=255, unique=True)
    public_key = models.TextField(_("public key (PEM)"))
    active = models.BooleanField(_("active"), default=True)
    service_user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("CDS Hooks client")
        verbose_name_plural = _("CDS Hooks clients")

    def __str__(self) -> str:
        return f"{self.name} ({self.issuer})"


class CdsCard(models.Model):
    """A card given to an EHR: its uuid (the feedback names it) and what it was about."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(CdsClient, on_delete=models.PROTECT, related_name="cards")
    ehr_user = models.CharField(max_length=255, blank=True)
    patient_external_id = models.UUIDField(null=True, blank=True)  # None: a patient unknown to Zorgpad
    pathway_item = models.ForeignKey(PathwayItem, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    code = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("CDS card")
        verbose_name_plural = _("CDS cards")

    def __str__(self) -> str:
        return f"{self.code} ({self.uuid})"


class FhirReferralBundle(models.Model):
    """A referral bundle received through `POST /fhir/Bundle`, by its Bundle.identifier (system|value)."""

    system = models.CharField(max_length=255)
    value = models.CharField(max_length=255)
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["system", "value"], name="fhir_referral_bundle_identifier")]
        verbose_name = _("FHIR referral bundle")
        verbose_name_plural = _("FHIR referral bundles")

    def __str__(self) -> str:
        return f"{self.system}|{self.value}"
