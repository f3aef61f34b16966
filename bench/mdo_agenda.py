"""Benchmark: the MDO agenda page and the printable agenda PDF with 40 cases.

    python -m bench.mdo_agenda            (PostgreSQL from DATABASE_URL; a throw-away database is created)

Prints server time (Django test client, whole request incl. middleware and template) and the number of
SQL queries for the agenda page, and render time, size and pages of the agenda PDF.
"""

import os
import statistics
import time
import warnings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgpad.settings.test")
os.environ["TEST_DATABASE_NAME"] = os.environ.get("BENCH_DATABASE_NAME", "bench_zp_mdo")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

CASES = 40
PAGE_RUNS = 20
PDF_RUNS = 5


def _build() -> tuple[object, object]:
    import datetime as dt

    from django.utils import timezone

    from mdo.models import Imaging, MdoDecision
    from tests.factories import TumourFactory, UserFactory
    from tests.mdo.factories import MdoCaseFactory, MdoSessionFactory, full_quorum, sarcoma_type
    from zorgpad.accounts.roles import Role

    sarcoma_type()
    coordinator = UserFactory(role=Role.MDO_COORDINATOR, username="bench-coordinator")
    session = MdoSessionFactory(original_date=timezone.localdate() + dt.timedelta(days=3), capacity_minutes=400)
    full_quorum(session)
    for i in range(CASES):
        case = MdoCaseFactory(
            session=session, tumour=TumourFactory(), position=i + 1, imaging=Imaging.AVAILABLE,
            question="Subcutaan leiomyosarcoom, R1-resectie. Re-excisie of postoperatieve radiotherapie? "
                     "Revisie van het externe biopt is aangevraagd.",
        )
        if i % 4 == 0:
            MdoDecision.objects.create(case=case, drafted_by=coordinator, intent="curative", next_steps=["re_excision"],
                                       text="Re-excisie.")
    return coordinator, session


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    median = statistics.median(values)
    return f"median {median * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   min {ordered[0] * 1000:7.1f} ms"


def main() -> None:
    warnings.filterwarnings("ignore", message="No directory at")
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        coordinator, session = _build()
        client = Client()
        client.force_login(coordinator)
        page_url = f"/mdo/sessions/{session.external_id}/"
        pdf_url = f"/mdo/sessions/{session.external_id}/agenda.pdf"
        for _ in range(2):  # warm-up: templates, translations, fonts
            assert client.get(page_url).status_code == 200
            assert client.get(pdf_url).status_code == 200

        page_times = []
        for _ in range(PAGE_RUNS):
            start = time.perf_counter()
            response = client.get(page_url)
            page_times.append(time.perf_counter() - start)
        with CaptureQueriesContext(connection) as queries:
            client.get(page_url)
        rows = len(response.context["agenda"].rows)

        pdf_times = []
        for _ in range(PDF_RUNS):
            start = time.perf_counter()
            pdf = client.get(pdf_url)
            pdf_times.append(time.perf_counter() - start)
        with CaptureQueriesContext(connection) as pdf_queries:
            pdf = client.get(pdf_url)
        from io import BytesIO

        from pypdf import PdfReader

        pages = len(PdfReader(BytesIO(pdf.content)).pages)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(f"MDO agenda benchmark ({rows} cases, {connection.vendor}, {os.cpu_count()} CPUs)")
    print(f"{'what':<28} {'figures'}")
    print(f"{'agenda page (HTML)':<28} {_ms(page_times)}   ({PAGE_RUNS} runs)")
    print(f"{'agenda page queries':<28} {len(queries.captured_queries)}")
    print(f"{'agenda PDF':<28} {_ms(pdf_times)}   ({PDF_RUNS} runs)")
    print(f"{'agenda PDF queries':<28} {len(pdf_queries.captured_queries)}")
    print(f"{'agenda PDF size / pages':<28} {len(pdf.content) / 1024:.0f} KiB / {pages} pages")


if __name__ == "__main__":
    main()
