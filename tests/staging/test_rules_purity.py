"""The rules are pure Python: no Django import in the source, and importable without Django."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RULE_FILES = sorted([*ROOT.glob("staging/rules/*.py"), *ROOT.glob("zorgpad/pathways/**/*.py"),
                     *ROOT.glob("followup/rules/*.py"), *ROOT.glob("mdo/rules/*.py"),
                     *ROOT.glob("referrals/rules/*.py")])


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_rules_import_no_django_and_no_clock(path: Path) -> None:
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("today", "now", "utcnow", "localdate", "time")):
                pytest.fail(f"{path.name} reads the clock ({node.func.attr}())")
            continue
        for name in names:
            assert not name.startswith(("django", "rest_framework", "zorgpad.patients", "zorgpad.pathway.",
                                        "staging.models", "time")), name


def test_staging_rules_run_without_django() -> None:
    code = (
        "import sys; from decimal import Decimal as D\n"
        "from staging.rules import sts, melanoma\n"
        "from staging.rules.common import Classification\n"
        "r = melanoma.stage(melanoma.MelanomaInputs(Classification.PATHOLOGICAL, D('2.6'), False, 'N2b', 'M0'))\n"
        "assert r.stage == 'IIIB', r\n"
        # The vocabulary lives in the core package, whose __init__ loads Celery (which imports django.utils):
        # what matters is that the rules need no configured Django.
        "from django.conf import settings\n"
        "assert not settings.configured\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False,
                         env={"PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_pathway_rules_run_without_django_settings() -> None:
    """zorgpad/__init__ loads Celery, but the pathway rules need no configured Django."""
    code = (
        "import datetime\n"
        "from zorgpad.pathways import registry, ssc\n"
        "from zorgpad.pathways.facts import PatientFacts, TumourFacts\n"
        "from zorgpad.pathways.vocabulary import Depth, Diagnosis\n"
        "r = ssc.classify({'skin_thickening_fingers_both_hands_proximal_to_mcp': True, 'sclerodactyly': True,"
        " 'anti_rna_polymerase_iii': True})\n"
        "assert r.score == 16\n"
        "t = TumourFacts(diagnosis=Diagnosis.ATYPICAL_INTRADERMAL_SMOOTH_MUSCLE_NEOPLASM, depth=Depth.DERMIS)\n"
        "recs = registry.decide(PatientFacts(), t, datetime.date(2026, 1, 1)).recommendations\n"
        "assert recs[0].code == 'lms.cutaneous.not-malignant'\n"
        "from django.conf import settings\n"
        "assert not settings.configured\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False,
                         env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": ""})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
