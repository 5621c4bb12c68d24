"""Screenshots of the main pages per role at phone width (375 px), for a human to look at.

DATABASE_URL=... python manage.py runserver 127.0.0.1:8123 &
python scripts/screenshots.py http://127.0.0.1:8123 teacher / /students/ ...
"""

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

base, username, *paths = sys.argv[1:]
out = Path("screenshots")
out.mkdir(exist_ok=True)
width = int(os.environ.get("WIDTH", "375"))
with sync_playwright() as p:
    browser = p.chromium.launch(
        executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    )
    page = browser.new_page(
        viewport={"width": width, "height": 812}, locale=os.environ.get("LOCALE", "zh-CN")
    )
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "bangfu-demo")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    for path in paths:
        response = page.goto(base + path)
        page.wait_for_load_state("networkidle")
        name = f"{username}{path.replace('/', '_').replace('?', '_')}-{width}.png"
        page.screenshot(path=str(out / name), full_page=os.environ.get("FULL", "1") == "1")
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
        print(response.status if response else "-", path, "OVERFLOW" if overflow else "", name)
    if errors:
        print("console errors:", errors)
    browser.close()
