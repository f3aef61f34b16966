"""FHIR R4 (4.0.1) resources built from the Zorgpad record.

The resources are built and validated with `fhir.resources`' R4B models (fhir.resources 8: `fhir.resources.R4B`).
R4B changed no element of the resources served here (Patient, Condition, Observation, CarePlan, Encounter, Bundle,
CapabilityStatement, OperationOutcome, ServiceRequest, Practitioner, DocumentReference) against R4 4.0.1, so the
JSON they produce is valid R4; the CapabilityStatement declares fhirVersion 4.0.1.
"""
