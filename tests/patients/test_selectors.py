import pytest

from tests.factories import PatientFactory, TumourFactory, TumourMarkerFactory
from zorgpad.audit.models import AuditEvent
from zorgpad.patients.selectors import patient_get

pytestmark = pytest.mark.django_db


def test_patient_get_links_markers_to_the_prefetched_tumours_without_more_queries(
        clinician, django_assert_num_queries) -> None:
    patient = PatientFactory()
    tumour = TumourFactory(patient=patient)
    TumourMarkerFactory(patient=patient, tumour=tumour)
    TumourMarkerFactory(patient=patient, tumour=None)
    with django_assert_num_queries(5):  # patient, tumours, comorbidities, markers, the audit entry
        record = patient_get(external_id=patient.external_id, user=clinician)
        linked, unlinked = sorted(record.markers.all(), key=lambda m: m.tumour_id is None)
        assert linked.tumour is record.tumours.all()[0]
        assert unlinked.tumour is None
    assert AuditEvent.objects.filter(patient_external_id=patient.external_id, action="view").count() == 1
