"""On a phone: a director's dashboard with its charts, the export page, a job finishing."""

from __future__ import annotations

import pytest

from tests.browser import fits_phone_width, log_in, phone_page, screenshot


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_director_reads_the_dashboard_and_follows_a_bar(live_server):
    from django.core.management import call_command

    call_command("seed_demo", "--quiet-logins")
    with phone_page(live_server) as page:
        log_in(page, "director", "bangfu-demo")
        panel = page.locator(".card", has_text="帮扶概况")
        assert panel.is_visible()
        panel.scroll_into_view_if_needed()
        screenshot(page, "reports-home-panel-director-phone")
        page.goto(live_server.url + "/reports/")
        assert page.locator("h1").inner_text() == "学校数据看板"
        assert page.locator("svg rect").count() > 5
        assert fits_phone_width(page)
        screenshot(page, "reports-dashboard-director-phone")
        page.locator("figure", has_text="各班学困生人数").locator("a").first.click()
        page.wait_for_load_state("networkidle")
        assert "/students/cases/" in page.url
        assert "school_class=" in page.url
        assert page.console_errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_administrator_waits_for_a_background_export_on_a_phone(
    live_server, school, settings, tmp_path
):
    from reports import services
    from reports.models import ExportJob

    from .factories.reports import seed_cases

    settings.MEDIA_ROOT = tmp_path
    seed_cases(school)
    admin = school.admin
    job = ExportJob.objects.create(
        user=admin,
        params={"filters": {}, "language": "zh-hans"},
        status=ExportJob.Status.RUNNING,
        progress=40,
        rows_written=2000,
        total_rows=5000,
    )
    with phone_page(live_server) as page:
        log_in(page, "admin1", "pw-12345678")
        page.goto(live_server.url + "/reports/export/")
        assert fits_phone_width(page)
        screenshot(page, "reports-export-phone")

        page.goto(live_server.url + f"/reports/export/{job.pk}/")
        assert page.locator("progress").is_visible()
        screenshot(page, "reports-job-running-phone")
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.QUEUED)
        services.run_export(job_id=job.pk)
        # htmx polls every 2 s and swaps in the download link.
        page.wait_for_selector("a[href$='/download/']", timeout=10_000)
        assert fits_phone_width(page)
        screenshot(page, "reports-job-done-phone")
        assert page.console_errors == []
