"""Compile every app's .po files to .mo (committed, so a fresh clone needs no gettext)."""

import subprocess
from pathlib import Path

root = Path(__file__).resolve().parent.parent
# The project catalog (locale/: config, core, school) and each app's own.
for po in sorted(root.glob("locale/*/LC_MESSAGES/django.po")) + sorted(
    root.glob("*/locale/*/LC_MESSAGES/django.po")
):
    if ".venv" in po.parts:
        continue
    subprocess.run(
        ["msgfmt", "--check-format", "-o", str(po.with_suffix(".mo")), str(po)], check=True
    )
    print(po.relative_to(root))
