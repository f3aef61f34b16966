# ruff: noqa: E501
"""The pure rules speak English; these marks put their messages in the app's catalogue so that plans,
refusals and letters can show them in Dutch (gettext at display time). Keep in step with rules/schedule.py
(tests/followup/test_i18n.py checks every message has a translation)."""

from django.utils.translation import gettext_noop

RULE_TEXTS = [
    gettext_noop('Dermis-only tumour (atypical intradermal smooth muscle neoplasm) completely removed (R0): no routine follow-up is indicated (care pathway, Behandeling en follow-up).'),
    gettext_noop('Subcutaneous leiomyosarcoma: follow-up every 6 months for the first 5 years, then on indication; baseline postoperative MRI, then clinical examination and chest X-ray (care pathway, Follow-up).'),
    gettext_noop('Cutaneous tumour involving the subcutis: treated as a (subcutaneous) soft-tissue leiomyosarcoma (care pathway), so the leiomyosarcoma follow-up applies.'),
    gettext_noop('Diagnosis outside this care pathway: plan built from a template a clinician chose explicitly.'),
    gettext_noop('The tumour was not resected: the follow-up schedule starts at surgery. A clinician decides.'),
    gettext_noop('Date of surgery is missing: it is the anchor of the follow-up schedule.'),
    gettext_noop('This diagnosis is outside the leiomyosarcoma care pathway: no plan is made automatically. A clinician can build a plan from an explicitly chosen template.'),
    gettext_noop('Depth of invasion is missing: it decides the follow-up.'),
    gettext_noop('The cutaneous tumour is not completely removed (margin R1, R2 or not resected): the pathway aims at complete removal (R0) and gives no follow-up schedule for this situation. A clinician decides (re-excision, MDO) and can build a plan from an explicitly chosen template.'),
    gettext_noop('Resection margin is missing: no routine follow-up applies only after complete removal (R0).'),
]
