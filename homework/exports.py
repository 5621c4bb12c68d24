"""The grade's weekly homework load as .xlsx."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

# The project's one neutralising function: user text that a spreadsheet would run
# as a formula gets a leading apostrophe.
from core.xlsx import safe_cell as safe_text

OVER_FILL = PatternFill("solid", fgColor="F8D7DA")


def week_workbook(*, grade, days, rows) -> bytes:
    """One row per class, one column per day: the class average against the limit."""
    wb = Workbook()
    ws = wb.active
    ws.title = grade.name[:31]
    ws.append(
        [
            safe_text(
                _("Homework load of %(grade)s, week of %(day)s")
                % {"grade": grade.name, "day": days[0].isoformat()}
            )
        ]
    )
    ws["A1"].font = Font(bold=True)
    ws.append([_("Class"), *[d.isoformat() for d in days], _("Limit"), _("Days over the limit")])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in rows:
        cells = row["cells"]
        limit = cells[0].limit if cells else ""
        over = sum(1 for c in cells if c.over)
        ws.append(
            [safe_text(str(row["school_class"])), *[float(c.average) for c in cells], limit, over]
        )
        for i, c in enumerate(cells, start=2):
            if c.over:
                ws.cell(row=ws.max_row, column=i).fill = OVER_FILL

    detail = wb.create_sheet(_("By subject")[:31])
    detail.append(
        [
            _("Class"),
            _("Date"),
            _("Subject"),
            _("Class's tier (minutes)"),
            _("Average (minutes)"),
            _("Students over the limit"),
        ]
    )
    for cell in detail[1]:
        cell.font = Font(bold=True)
    for row in rows:
        for c in row["cells"]:
            for s in c.subjects:
                detail.append(
                    [
                        safe_text(str(row["school_class"])),
                        c.date.isoformat(),
                        safe_text(str(s.subject)),
                        s.class_minutes,
                        float(s.average),
                        len(c.students_over),
                    ]
                )
    ws.column_dimensions["A"].width = 16
    detail.column_dimensions["A"].width = 16
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
