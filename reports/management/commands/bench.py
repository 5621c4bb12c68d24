"""The team's performance budget: `make bench` (issue 19).

    manage.py bench                     # the bench school at 1× (1,600 pupils, ~192,000 observations)
    manage.py bench --scale 10          # 16,000 pupils, ~1,920,000 observations
    manage.py bench --no-load --iterations 10

Builds the bench school in the configured database if it is not there yet
(reports/bench/build.py: run it on a database of its own), then prints

1. the in-process page table: every main page of a teacher and an administrator
   (n, p50, p95, queries, render ms), timed with Django's test client;
2. the observation export of every term (rows, seconds, peak RSS of a process that
   does only the export), by the export code as it stands;
3. with wrk installed, the load test: gunicorn with production settings and 2 workers,
   wrk with 50 connections for --seconds per group, the login page as the baseline in
   the same run; req/s, p50, p95, errors, timeouts and the share of the login page;
4. one line per target of issue 19: met / not met.

Each run's figures are saved in .bench/scale-<N>.json; at another scale the flatness
target compares with the 1× file when it is there.
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

from reports.bench import measure
from reports.bench.build import ensure_school
from reports.bench.load import load_test, wrk_available
from school.models import User

# Issue 19's targets.
P95_MS = 100
TEACHER_LIST_P95_MS = 30
RATIOS = {"teacher main pages": 0.40, "admin main pages": 0.30, "heavy": 0.15}
FLAT = 1.25
# The rendering-time budget of a page (median of the outermost template render, in-process):
# a page is data first; a template that costs more is doing the view's work row by row.
RENDER_MS = 25
EXPORT_SECONDS = 15
EXPORT_MB = 150


class Command(BaseCommand):
    help = "Build the bench school (once) and print its page, export and load figures."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 = 1,600 pupils")
        parser.add_argument("--terms", type=int, default=6, help="terms of history")
        parser.add_argument("--iterations", type=int, default=50, help="requests per page")
        parser.add_argument("--seconds", type=int, default=20, help="wrk run per group")
        parser.add_argument("--seed", type=int, default=20261123)
        parser.add_argument("--no-load", action="store_true", help="skip the wrk load test")
        parser.add_argument("--no-export", action="store_true", help="skip the export")
        parser.add_argument(
            "--export-in-process",
            action="store_true",
            help="time the export in this process (its peak RSS then includes the build)",
        )
        parser.add_argument("--export-only", action="store_true", help=argparse.SUPPRESS)
        parser.add_argument("--results-dir", default=str(Path(settings.BASE_DIR) / ".bench"))

    def handle(self, *args, **options):
        logging.disable(logging.INFO)  # the reminder scan's and tasks' chatter
        try:
            self.run(options)
        finally:
            logging.disable(logging.NOTSET)

    def run(self, options) -> None:
        if options["export_only"]:
            admin = User.objects.get(username="bench_admin")
            self.stdout.write(json.dumps(measure.export_in_process(admin)))
            return
        school = ensure_school(options["scale"], options["terms"], options["seed"])
        counts = school.counts
        how = (
            f"built in {school.built_seconds:.1f} s"
            if school.built_seconds is not None
            else "reused"
        )
        self.stdout.write(
            f"bench school (scale {options['scale']:g}, {connection.vendor}) {how}: "
            f"{counts['students']} pupils, {counts['teachers']} teachers, "
            f"{len(school.terms)} terms, {counts['cases']} cases, "
            f"{counts['observations']} observations\n"
        )
        results: dict = {"scale": options["scale"], "at": time.strftime("%Y-%m-%d %H:%M")}
        results["build_seconds"] = school.built_seconds

        timings = measure.time_pages(school, options["iterations"])
        self.table(
            ["role", "page", "n", "p50 ms", "p95 ms", "queries", "render ms", "kept p50 ms"],
            [
                [
                    t.page.role,
                    t.page.label,
                    t.n,
                    f"{t.p50:.1f}",
                    f"{t.p95:.1f}",
                    t.queries,
                    f"{t.render_ms:.1f}",
                    f"{t.kept_p50:.1f}",
                ]
                if t.status == 200
                else [t.page.role, t.page.label, 0, f"HTTP {t.status}", "-", "-", "-", "-"]
                for t in timings
            ],
        )
        results["pages"] = {
            f"{t.page.role}:{t.page.label}": {
                "p95": t.p95,
                "p50": t.p50,
                "queries": t.queries,
                "kept_p50": t.kept_p50,
            }
            for t in timings
            if t.status == 200
        }

        export = None
        if not options["no_export"]:
            export = (
                measure.export_in_process(school.admin)
                if options["export_in_process"]
                else measure.export_in_fresh_process()
            )
            self.table(
                ["export", "rows", "s", "peak MB"],
                [
                    [
                        "observation log (every term)",
                        export["rows"],
                        f"{export['seconds']:.1f}",
                        f"{export['peak_mb']:.0f}",
                    ]
                ],
            )
            results["export"] = export

        load = None
        if not options["no_load"]:
            if wrk_available():
                load = load_test(
                    measure.main_pages(school),
                    measure.users(school),
                    seconds=options["seconds"],
                )
                self.table(
                    [
                        "load (2 workers, 50 conn)",
                        "urls",
                        "req/s",
                        "p50 ms",
                        "p95 ms",
                        "errors",
                        "timeouts",
                        "ratio",
                    ],
                    [
                        [
                            r.group,
                            r.urls,
                            f"{r.rps:.0f}",
                            f"{r.p50:.0f}",
                            f"{r.p95:.0f}",
                            r.errors,
                            r.timeouts,
                            f"{r.ratio:.2f}",
                        ]
                        for r in load
                    ],
                )
                results["load"] = [r.__dict__ for r in load]
            else:
                self.stdout.write("load test skipped: wrk is not installed\n")

        reference = self.reference(options)
        self.summary(timings, export, load, reference, options["scale"])
        self.save(results, options)

    # ---- the targets -----------------------------------------------------------------
    def summary(self, timings, export, load, reference, scale) -> None:
        lines = []

        def line(target: str, met: bool | None, detail: str) -> None:
            verdict = "not measured" if met is None else "met" if met else "NOT MET"
            lines.append(f"{verdict:<12}  {target}: {detail}")

        measured = [t for t in timings if t.status == 200]
        failed = [t for t in timings if t.status != 200]
        worst = max(measured, key=lambda t: t.p95, default=None)
        line(
            f"every main page p95 < {P95_MS} ms in-process",
            worst is not None and worst.p95 < P95_MS and not failed,
            f"worst {worst.page.role} {worst.page.label} {worst.p95:.0f} ms" if worst else "-",
        )
        lists = [t for t in measured if t.page.is_list]
        worst_list = max(lists, key=lambda t: t.p95, default=None)
        line(
            f"a teacher's lists p95 < {TEACHER_LIST_P95_MS} ms",
            worst_list is not None and worst_list.p95 < TEACHER_LIST_P95_MS,
            f"worst {worst_list.page.label} {worst_list.p95:.0f} ms" if worst_list else "-",
        )
        worst_render = max(measured, key=lambda t: t.render_ms, default=None)
        line(
            f"every page's template rendering (median) < {RENDER_MS} ms",
            worst_render is not None and worst_render.render_ms < RENDER_MS,
            f"worst {worst_render.page.role} {worst_render.page.label} "
            f"{worst_render.render_ms:.1f} ms"
            if worst_render
            else "-",
        )
        if reference is None or scale == reference.get("scale"):
            line(
                f"p95 at 10× within {FLAT}× of 1×",
                None,
                "run `manage.py bench --scale 10` on its own database after a 1× run",
            )
        else:
            ratios = []
            for t in measured:
                base = reference["pages"].get(f"{t.page.role}:{t.page.label}")
                if base:
                    ratios.append((t.p95 / max(base["p95"], 0.1), t))
            worst_ratio = max(ratios, key=lambda r: r[0], default=None)
            line(
                f"p95 at {scale:g}× within {FLAT}× of {reference['scale']:g}×",
                worst_ratio is not None and worst_ratio[0] <= FLAT,
                (
                    f"worst {worst_ratio[1].page.role} {worst_ratio[1].page.label} "
                    f"{worst_ratio[0]:.2f}×"
                )
                if worst_ratio
                else "-",
            )
        if export is None:
            line(f"export under {EXPORT_SECONDS} s and {EXPORT_MB} MB", None, "skipped")
        else:
            line(
                f"export under {EXPORT_SECONDS} s and {EXPORT_MB} MB",
                export["seconds"] < EXPORT_SECONDS and export["peak_mb"] < EXPORT_MB,
                f"{export['rows']} rows in {export['seconds']:.1f} s, {export['peak_mb']:.0f} MB",
            )
        if load is None:
            for group, wanted in RATIOS.items():
                line(f"{group} ≥ {wanted:.2f} of the login page", None, "no load test")
            line("no errors or timeouts under load", None, "no load test")
        else:
            targets = [r for r in load if not r.built]
            for group, wanted in RATIOS.items():
                rows = [r for r in targets if r.group.startswith(group)]
                low = min(rows, key=lambda r: r.ratio, default=None)
                line(
                    f"{group} ≥ {wanted:.2f} of the login page",
                    low is not None and low.ratio >= wanted,
                    ", ".join(f"{r.group} {r.ratio:.2f}" for r in rows) or "-",
                )
            errors = sum(r.errors for r in targets)
            timeouts = sum(r.timeouts for r in targets)
            built = [r for r in load if r.built]
            line(
                "no errors or timeouts under load",
                errors == 0 and timeouts == 0,
                f"{errors} errors, {timeouts} timeouts"
                + (
                    f" (every page built: {sum(r.errors for r in built)} errors, "
                    f"{sum(r.timeouts for r in built)} timeouts; not a target)"
                    if built
                    else ""
                ),
            )
        self.stdout.write("targets")
        for text in lines:
            self.stdout.write(text)

    def reference(self, options) -> dict | None:
        path = Path(options["results_dir"]) / "scale-1.json"
        if not path.exists():
            return None
        try:
            return json.loads(path.read_text())
        except ValueError:
            return None

    def save(self, results: dict, options) -> None:
        folder = Path(options["results_dir"])
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"scale-{options['scale']:g}.json").write_text(json.dumps(results, indent=1))

    def table(self, headers: list[str], rows: list[list]) -> None:
        table = [headers, *[[str(cell) for cell in row] for row in rows]]
        widths = [max(len(row[i]) for row in table) for i in range(len(headers))]
        for index, row in enumerate(table):
            self.stdout.write("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)))
            if index == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
        self.stdout.write("")
