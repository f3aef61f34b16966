import factory

from staging.models import StageAssessment
from tests.factories import TumourFactory, UserFactory


class StageAssessmentFactory(factory.django.DjangoModelFactory):
    """A stored assessment (bypasses the service; for read-side tests). Defaults: 6 cm G2 N0 M0 = IIIA."""

    class Meta:
        model = StageAssessment

    tumour = factory.SubFactory(TumourFactory)
    system = "ajcc8-sts-trunk-extremities"
    classification = "pathological"
    inputs = factory.LazyFunction(lambda: {"size_cm": "6.0", "grade": "G2", "n": "N0", "m": "M0"})
    t = "T2"
    n = "N0"
    m = "M0"
    grade = "G2"
    stage = "IIIA"
    missing = factory.LazyFunction(list)
    explanation = factory.LazyFunction(lambda: [{"template": "T2 N0 M0 G2 -> stage IIIA", "params": {}}])
    assessed_by = factory.SubFactory(UserFactory)
