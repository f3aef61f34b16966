"""Benchmark: the agenda PDF of 40 cases whose questions have the maximum length (issue 14, target < 5 s).

    python -m bench.agenda_pdf_long_questions   (PostgreSQL from DATABASE_URL; a throw-away database is created)

The same session is printed three times over: with short questions (the floor, measured in the same run),
with questions of QUESTION_MAX_LENGTH characters of ordinary words, and with questions of that length
without a single space (the worst case for line breaking: `overflow-wrap: anywhere`). Whole requests through
the view (Django test client): selector, template, WeasyPrint in the time-budgeted child process.
"""

import os
import statistics
import time
import warnings
from io import BytesIO

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgpad.settings.test")
os.environ["TEST_DATABASE_NAME"] = os.environ.get("BENCH_DATABASE_NAME", "bench_zp_agenda_long")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

CASES = 40
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
TARGET_SECONDS = 5.0
SHORT = "Subcutaan leiomyosarcoom, R1-resectie. Re-excisie of postoperatieve radiotherapie?"


def _build() -> tuple[object, object]:
    import datetime as dt

    from django.utils import timezone

    from mdo.models import Imaging
    from tests.factories import TumourFactory, UserFactory
    from tests.mdo.factories import MdoCaseFactory, MdoSessionFactory, full_quorum, sarcoma_type
    from zorgpad.accounts.roles import Role

    sarcoma_type()
    coordinator = UserFactory(role=Role.MDO_COORDINATOR, username="bench-coordinator")
    session = MdoSessionFactory(original_date=timezone.localdate() + dt.timedelta(days=3), capacity_minutes=400)
    full_quorum(session)
    for i in range(CASES):
        MdoCaseFactory(session=session, tumour=TumourFactory(), position=i + 1, imaging=Imaging.AVAILABLE,
                       question=SHORT)
    return coordinator, session


def _questions(kind: str) -> str:
    from zorgpad.text_bounds import QUESTION_MAX_LENGTH

    if kind == "short":
        return SHORT
    unit = SHORT + " " if kind == "words" else "Leiomyosarcoom" * 10
    return (unit * (QUESTION_MAX_LENGTH // len(unit) + 1))[:QUESTION_MAX_LENGTH]


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the render runs in a forked child): on a
    shared, loaded machine a steadier figure than the wall clock."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def main() -> None:
    from pypdf import PdfReader

    from mdo.models import MdoCase

    warnings.filterwarnings("ignore", message="No directory at")
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    results: dict[str, tuple[list[float], list[float], int, int]] = {}
    try:
        coordinator, session = _build()
        client = Client()
        client.force_login(coordinator)
        url = f"/mdo/sessions/{session.external_id}/agenda.pdf"  # type: ignore[attr-defined]
        assert client.get(url).status_code == 200  # warm-up: templates, translations, fonts
        for kind in ("short", "words", "unbroken"):
            MdoCase.objects.filter(session=session).update(question=_questions(kind))
            times, cpu = [], []
            for _ in range(RUNS):
                start, start_cpu = time.perf_counter(), _cpu()
                response = client.get(url)
                times.append(time.perf_counter() - start)
                cpu.append(_cpu() - start_cpu)
                assert response.status_code == 200, (kind, response.status_code, times[-1])
            results[kind] = (times, cpu, len(response.content), len(PdfReader(BytesIO(response.content)).pages))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    floor = statistics.median(results["short"][0])
    print(f"Agenda PDF, {CASES} cases ({os.cpu_count()} CPUs), median of {RUNS} whole requests; target < "
          f"{TARGET_SECONDS:.0f} s with maximum-length questions")
    print(f"{'questions':<34} {'median s':>9} {'max s':>7} {'CPU s':>6} {'x floor':>8} {'KiB':>6} {'pages':>6}")
    labels = {"short": f"short ({len(SHORT)} chars): floor", "words": "2,000 chars of words",
              "unbroken": "2,000 chars without a space"}
    for kind, (times, cpu, size, pages) in results.items():
        median = statistics.median(times)
        print(f"{labels[kind]:<34} {median:>9.2f} {max(times):>7.2f} {statistics.median(cpu):>6.2f} "
              f"{median / floor:>8.1f} {size / 1024:>6.0f} {pages:>6}")
    worst = max(max(t) for t, _, _, _ in results.values())
    print(f"slowest request {worst:.2f} s: {'within' if worst < TARGET_SECONDS else 'OVER'} the {TARGET_SECONDS:.0f} s "
          "target")


if __name__ == "__main__":
    main()
