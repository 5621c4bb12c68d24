"""The grade's weekly homework load as .xlsx."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.xlsx import (
    WARNING_FILL,
    add_sheet,
    new_workbook,
    save_bytes,
    set_widths,
    setup_print,
    style_header_row,
    style_title_cell,
)
from core.xlsx import safe_cell as safe_text


def week_workbook(*, grade, days, rows, over_days=()) -> bytes:
    """One row per class, one column per day: the class average against the limit."""
    wb, ws = new_workbook(grade.name)
    ws.append(
        [
            safe_text(
                _("Homework load of %(grade)s, week of %(day)s")
                % {"grade": grade.name, "day": days[0].isoformat()}
            )
        ]
    )
    style_title_cell(ws["A1"])
    ws.append([_("Class"), *[d.isoformat() for d in days], _("Limit"), _("Days over the limit")])
    style_header_row(ws[2])
    for row in rows:
        cells = row["cells"]
        limit = cells[0].limit if cells else ""
        over = sum(1 for c in cells if c.over)
        ws.append(
            [safe_text(str(row["school_class"])), *[float(c.average) for c in cells], limit, over]
        )
        for i, c in enumerate(cells, start=2):
            if c.over:
                ws.cell(row=ws.max_row, column=i).fill = WARNING_FILL

    detail = add_sheet(wb, _("By subject"))
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
    style_header_row(detail[1])
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
    over = add_sheet(wb, _("Over-limit days"))
    over.append(
        [
            _("Class"),
            _("Date"),
            _("Average (minutes)"),
            _("Limit"),
            _("By subject"),
            _("Reasons given"),
            _("Grade leader's answer"),
        ]
    )
    style_header_row(over[1])
    for o in over_days:
        load = o["load"]
        answer = o["answer"]
        over.append(
            [
                safe_text(str(o["school_class"])),
                load.date.isoformat(),
                float(load.average),
                load.limit,
                safe_text("；".join(f"{s.subject} {s.average}" for s in load.subjects)),
                safe_text("；".join(f"{r.assignment.subject}：{r.reason}" for r in o["reasons"])),
                safe_text(
                    f"{answer.get_action_display()} · {answer.responded_by}"
                    + (f"：{answer.note}" if answer.note else "")
                )
                if answer
                else "",
            ]
        )
    over.freeze_panes = "A2"
    set_widths(over, [16, 12, 12, 8, 36, 48, 36])
    setup_print(over)
    ws.freeze_panes = "B3"
    set_widths(ws, [16, *[12] * len(days), 10, 14])
    setup_print(ws, header_rows=2)
    detail.freeze_panes = "A2"
    set_widths(detail, [16, 12, 10, 16, 16, 16])
    setup_print(detail)
    return save_bytes(wb)
