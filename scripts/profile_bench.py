"""Profile the bench school's main pages (development only; docs/performance.md).

    DATABASE_URL=postgres://…/bangfu_bench .venv/bin/python scripts/profile_bench.py \
        [--role teacher|admin] [--page LABEL] [--iterations 5] [--explain 5]

Needs the bench school (`manage.py bench`) and pyinstrument (requirements-dev.txt).
For each page: pyinstrument's call tree over a few requests (after a warm-up), and the
page's slowest SQL. With --explain N, the N slowest queries of all the pages profiled
are run again under EXPLAIN (ANALYZE, BUFFERS).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from pyinstrument import Profiler  # noqa: E402

from reports.bench.build import load_school  # noqa: E402
from reports.bench.measure import main_pages, users  # noqa: E402


class SlowQueries:
    def __init__(self) -> None:
        self.seen: list[tuple[float, str, tuple, str]] = []
        self.page = ""

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            if not many:
                self.seen.append((time.perf_counter() - start, sql, params, self.page))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--role", choices=["teacher", "admin"])
    parser.add_argument("--page", action="append", help="a page label (repeatable)")
    parser.add_argument("--iterations", type=int, default=5)
    parser.add_argument("--explain", type=int, default=0)
    parser.add_argument("--depth", type=float, default=0.03, help="hide frames under this share")
    args = parser.parse_args()

    school = load_school(0, 0, None)  # the bench school already in DATABASE_URL
    slow = SlowQueries()
    with override_settings(ALLOWED_HOSTS=["*"], SECURE_SSL_REDIRECT=False, DEBUG=False):
        clients = {}
        for role, user in users(school).items():
            clients[role] = Client()
            clients[role].force_login(user)
        for page in main_pages(school):
            if args.role and page.role != args.role:
                continue
            if args.page and page.label not in args.page:
                continue
            client = clients[page.role]

            def get(client=client, url=page.url):
                # No CSRF cookie: the page is built every time, never a kept copy.
                client.cookies.pop(settings.CSRF_COOKIE_NAME, None)
                return client.get(url)

            get()
            slow.page = f"{page.role} {page.label}"
            with connection.execute_wrapper(slow):
                get()
            profiler = Profiler(interval=0.0005)
            profiler.start()
            for _ in range(args.iterations):
                get()
            profiler.stop()
            print(f"\n======== {page.role} · {page.label} ({page.url}) ========")
            print(
                profiler.output_text(
                    unicode=True, color=False, show_all=False, time="percent_of_total"
                )
            )
            mine = sorted((q for q in slow.seen if q[3] == slow.page), reverse=True)[:3]
            for seconds, sql, _params, _page in mine:
                print(f"  SQL {seconds * 1000:7.1f} ms  {sql[:300]}")
    if args.explain:
        print("\n======== the slowest queries, EXPLAIN (ANALYZE, BUFFERS) ========")
        done = set()
        for seconds, sql, params, where in sorted(slow.seen, reverse=True):
            if sql in done or not sql.lstrip().upper().startswith("SELECT"):
                continue  # (EXPLAIN ANALYZE would run a write again)
            done.add(sql)
            print(f"\n---- {where}: {seconds * 1000:.1f} ms\n{sql}\n")
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                for (line,) in cursor.fetchall():
                    print(line)
            if len(done) >= args.explain:
                break


if __name__ == "__main__":
    main()
