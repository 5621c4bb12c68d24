"""Run the development server, plus a Celery worker and beat when Redis answers.

Used by `make run`. Without REDIS_URL (or with Redis unreachable) the app runs
alone and Celery tasks run in-process.
"""

import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent
address = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:8000"


def redis_answers(url: str) -> bool:
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        return True
    except Exception:
        return False


children = []
url = os.environ.get("REDIS_URL", "")
if url and redis_answers(url):
    print(f"Redis at {url}: starting a Celery worker and beat beside the web server.")
    children.append(
        subprocess.Popen(
            [
                BIN / "celery",
                "-A",
                "config",
                "worker",
                "-l",
                "warning",
                "--concurrency",
                "1",
                # both queues: reminders and housekeeping, and the exports (config/celery.py)
                "-Q",
                ",".join(
                    [
                        os.environ.get("CELERY_DEFAULT_QUEUE", "celery"),
                        os.environ.get("CELERY_EXPORT_QUEUE", "exports"),
                    ]
                ),
            ]
        )
    )
    children.append(
        subprocess.Popen(
            [
                BIN / "celery",
                "-A",
                "config",
                "beat",
                "-l",
                "warning",
                "-s",
                "/tmp/bangfu-celerybeat-schedule",
            ]
        )
    )
else:
    print(
        "No Redis (REDIS_URL unset or unreachable): tasks run in-process; "
        "reminders are computed on the first dashboard view after the scan time each day, "
        "or by `python manage.py scan_reminders` (see README)."
    )
print(f"Bangfu is at http://{address}/ — log in with a demo login above.")
try:
    subprocess.call([sys.executable, "manage.py", "runserver", address])
finally:
    for child in children:
        child.terminate()
