"""CDS Hooks 2.0 (https://cds-hooks.hl7.org/2.0/): discovery, the patient-view service and its feedback."""
