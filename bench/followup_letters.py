"""Benchmark: letter rendering (single letters and a 200-letter print run), beside WeasyPrint alone.

    python -m bench.followup_letters [--letters 200]

Uses a throw-away PostgreSQL database (zorgpad_bench_letters). Prints time per single letter, letters per
second for a print run through the real task path (claim, render ONE PDF, store with SHA-256, audit), the
same HTML rendered by WeasyPrint alone (the floor), and the process's peak memory.
"""

import argparse
import datetime as dt
import resource
import statistics
import time
from collections.abc import Callable

from bench._followup_db import bench_database


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def median_ms(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9) - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=200)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with bench_database("zorgpad_bench_letters"):
        import django

        django.setup()
        from django.contrib.auth.models import Group, User
        from django.utils import translation
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration

        from followup import letter_services, pdf, reminder_services, services
        from followup.models import Letter
        from tests.factories import PatientFactory, TumourFactory

        clinician = User.objects.create(username="arts", first_name="Eva", last_name="de Vries")
        clinician.groups.add(Group.objects.get(name="clinician"))
        secretary = User.objects.create(username="secretaresse")
        secretary.groups.add(Group.objects.get(name="secretary"))
        from django.utils import timezone

        from zorgpad.pathway.models import CentreDecision

        # The centre's baseline-MRI window (the pathway leaves it open), as a centre that recorded it.
        CentreDecision.objects.create(key="lms.followup.baseline-mri-window-months", value="3", basis="bench",
                                      decided_by=clinician, decided_at=timezone.now())
        for i in range(args.letters):
            tumour = TumourFactory(patient=PatientFactory(family_name=f"Bench{i:04d}"),
                                   date_of_surgery=dt.date(2026, 1, 15), margin="R0")
            services.followup_plan_build(tumour=tumour, user=clinician)
        reminder_services.reminder_scan(today=dt.date(2026, 6, 5))
        letters = list(Letter.objects.filter(kind="invitation").select_related(
            "patient", "plan__tumour", "plan__template", "plan__responsible_clinician", "visit").order_by("id"))
        assert len(letters) == args.letters
        rss_setup = peak_rss_mb()

        # WeasyPrint alone on the same HTML, with its own cached FontConfiguration/stylesheet (the floor).
        from django.template.loader import render_to_string

        with translation.override("nl"):
            single_html = pdf.letters_html([pdf.letter_body(letters[1])])
            run_html = pdf.letters_html([pdf.letter_body(letter) for letter in letters])
        font_config = FontConfiguration()
        css = CSS(string=render_to_string("followup/pdf/letter.css"), font_config=font_config)

        def weasy(html: str, **options: object) -> bytes:
            return HTML(string=html).render(font_config=font_config, stylesheets=[css]).write_pdf(**options)

        # Zorgpad, single letter. The first render in a process builds the font configuration and stylesheet.
        start = time.perf_counter()
        pdf.render_letters([letters[0]])
        cold_ms = (time.perf_counter() - start) * 1000
        weasy(single_html)  # warm the floor's font configuration too
        # Interleaved, so that both see the same load on a shared machine.
        zorgpad_t, stored_t, floor_t, layout_t = [], [], [], []
        for _ in range(args.runs):
            for bucket, fn in (
                (zorgpad_t, lambda: pdf.render_letters([letters[1]])),
                (stored_t, lambda: letter_services.letter_render(letter=letters[2], user=secretary)),
                (floor_t, lambda: weasy(single_html)),
                (layout_t, lambda: HTML(string=single_html).render(font_config=font_config, stylesheets=[css])),
            ):
                start = time.perf_counter()
                fn()
                bucket.append((time.perf_counter() - start) * 1000)

        def stats(values: list[float]) -> tuple[float, float]:
            values = sorted(values)
            return statistics.median(values), values[int(len(values) * 0.9) - 1]

        single_ms, single_p90 = stats(zorgpad_t)
        stored_ms, stored_p90 = stats(stored_t)
        floor_single_ms, floor_single_p90 = stats(floor_t)
        layout_ms, _ = stats(layout_t)
        # WeasyPrint 70's font option: full_fonts=True embeds whole font files instead of subsets (no subsetting
        # work, much bigger files). Default (what Zorgpad uses): subset, hinting dropped.
        full_fonts_ms, _ = median_ms(lambda: weasy(single_html, full_fonts=True), 3)
        full_fonts_size, subset_size = len(weasy(single_html, full_fonts=True)), len(weasy(single_html))
        rss_single = peak_rss_mb()

        # 200-letter run: Zorgpad's task path (claim, render one PDF, store, audit) and the floor, alternated.
        letter_services.print_job_publish = lambda *, job_id: False  # type: ignore[assignment,misc]  # render here
        run_times, floor_times, one_chunk_times = [], [], []
        floor_pdf = b""
        for _ in range(2):
            job = letter_services.print_job_create(user=secretary, letter_ids=[str(x.external_id) for x in letters])
            start = time.perf_counter()
            assert letter_services.print_job_render(job_id=job.pk)
            run_times.append(time.perf_counter() - start)
            job.refresh_from_db()
            letter_services.print_job_mark_printed(job=job, user=secretary)
            Letter.objects.filter(pk__in=[x.pk for x in letters]).update(status="queued")
            start = time.perf_counter()
            floor_pdf = weasy(run_html)
            floor_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            _content, pages = pdf.render_letters(letters, chunk=len(letters))
            one_chunk_times.append(time.perf_counter() - start)
        run_s, floor_run_s, one_chunk_s = min(run_times), min(floor_times), min(one_chunk_times)
        rss_run = peak_rss_mb()

        n = len(letters)
        print(f"\nFollow-up letters benchmark ({n} invitation letters, A4, DejaVu Sans, WeasyPrint alone = floor)")
        print(f"{'':<56}{'median':>10}{'p90':>10}")
        print(f"{'single letter, first in process (cold)':<56}{cold_ms:>8.0f}ms")
        print(f"{'single letter, Zorgpad render (pdf.render_letters)':<56}{single_ms:>8.0f}ms{single_p90:>8.0f}ms")
        print(f"{'single letter, + store with SHA-256 + audit':<56}{stored_ms:>8.0f}ms{stored_p90:>8.0f}ms")
        print(f"{'single letter, WeasyPrint alone (floor)':<56}{floor_single_ms:>8.0f}ms{floor_single_p90:>8.0f}ms")
        print(f"{'  of which layout (render() without write_pdf)':<56}{layout_ms:>8.0f}ms")
        print(f"{'single letter, WeasyPrint alone, full_fonts=True':<56}{full_fonts_ms:>8.0f}ms"
              f"   ({full_fonts_size / 1024:.0f} KiB vs {subset_size / 1024:.0f} KiB subset)")
        print(f"{'single letters per second (Zorgpad / floor)':<56}{1000 / single_ms:>8.1f}/s  "
              f"{1000 / floor_single_ms:.1f}/s")
        print(f"\n{n}-letter print run, ONE PDF of {job.result.pages} pages ({job.result.size / 1024:.0f} KiB), "
              "best of 2:")
        print(f"{'  task path (claim, render, store, audit)':<56}{run_s:>8.2f} s  {n / run_s:>6.1f} letters/s")
        print(f"{'  render only, each letter its own document (page x of y)':<56}{one_chunk_s:>8.2f} s  "
              f"{n / one_chunk_s:>6.1f} letters/s")
        print(f"{'  WeasyPrint alone, all letters as ONE HTML document (floor)':<56}{floor_run_s:>8.2f} s  "
              f"{n / floor_run_s:>6.1f} letters/s  ({len(floor_pdf) / 1024:.0f} KiB)")
        print(f"\npeak RSS (MB): after setup {rss_setup:.0f}, after single letters {rss_single:.0f}, "
              f"after the 200-letter runs {rss_run:.0f}")
        assert pages >= n


if __name__ == "__main__":
    main()
