"""The daily digest: one line per kind of what is due for one user, written when shown.

The digest stores no text. Each time it is opened (or e-mailed) the apps'
``reminders_due`` sources are asked again, so a student whose home visit has been
logged since the morning no longer appears, and the lines are in the reader's
language: "待更新档案 3 份 · 逾期家访 2 名 · 待办 4 项".
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import ngettext

from core.plugins import DueReminder

from .models import Reminder, ReminderPreference
from .services import collect_due


@dataclass
class DigestLine:
    kind: str
    text: str
    count: int
    url: str


def line_text(kind: str, count: int, label: str) -> str:
    """ "逾期家访 2 名": a kind and its count, in the active language."""
    texts: dict[str, str] = {
        Reminder.Kind.ARCHIVE_STALE: ngettext(
            "%(n)d progress archive to bring up to date",
            "%(n)d progress archives to bring up to date",
            count,
        ),
        Reminder.Kind.HOME_VISIT_OVERDUE: ngettext(
            "%(n)d student overdue for a home visit",
            "%(n)d students overdue for a home visit",
            count,
        ),
        Reminder.Kind.REVIEW_DUE: ngettext(
            "%(n)d review approaching", "%(n)d reviews approaching", count
        ),
        Reminder.Kind.INSPECTION_DUE: ngettext(
            "%(n)d inspection due", "%(n)d inspections due", count
        ),
        Reminder.Kind.ACTION_DUE: ngettext(
            "%(n)d agreed action to do", "%(n)d agreed actions to do", count
        ),
        Reminder.Kind.HOMEWORK_OVER_LIMIT: ngettext(
            "%(n)d class-day over the homework limit",
            "%(n)d class-days over the homework limit",
            count,
        ),
    }
    if kind in texts:
        return texts[kind] % {"n": count}
    return ngettext("%(label)s: %(n)d item", "%(label)s: %(n)d items", count) % {
        "label": label or kind,
        "n": count,
    }


def kind_list_url(kind: str) -> str:
    return reverse("reminders:inbox") + "?" + urlencode({"kind": kind})


def lines_from(items: list[DueReminder]) -> list[DigestLine]:
    by_kind: dict[str, list[DueReminder]] = defaultdict(list)
    for item in items:
        by_kind[item.kind].append(item)
    order = {kind: index for index, kind in enumerate(Reminder.Kind.values)}
    lines = []
    for kind in sorted(by_kind, key=lambda k: (order.get(k, len(order)), k)):
        group = by_kind[kind]
        count = sum(max(item.count, 1) for item in group)
        list_url = next((item.list_url for item in group if item.list_url), "")
        if not list_url:
            list_url = group[0].url if len(group) == 1 and group[0].url else kind_list_url(kind)
        label = next((item.kind_label for item in group if item.kind_label), "")
        lines.append(DigestLine(kind, line_text(kind, count, label), count, list_url))
    return lines


def digest_lines(user, *, today: datetime.date) -> list[DigestLine]:
    """What is due for ``user`` now, one line per kind (kinds they turned off left out)."""
    # The sources that take ``user`` read only this user's share: the text is still
    # written when shown (done work drops out), without the whole school's scan.
    items, _failures = collect_due(today=today, user=user)
    off = set(
        ReminderPreference.objects.filter(
            user=user, delivery=ReminderPreference.Delivery.OFF
        ).values_list("kind", flat=True)
    )
    return lines_from([item for item in items if item.kind not in off])
