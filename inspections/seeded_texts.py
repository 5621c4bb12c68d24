"""The default checklist the school starts with (evaluations 0002, inspections 0003), shown
in the reader's language while unchanged; an item the school edited is shown as written.
Used by the ``shown`` template filter (core.text.shown_text)."""

from django.utils.translation import pgettext_lazy

TEXTS = {
    "备课": pgettext_lazy("checklist", "Lesson preparation"),
    "教案齐全，分层设计教学目标，关注学困生。": pgettext_lazy(
        "checklist",
        "Complete lesson plans with objectives set by level, attentive to struggling students.",
    ),
    "作业布置": pgettext_lazy("checklist", "Homework setting"),
    "分层作业、绿色作业、实践性作业；控制作业总量。": pgettext_lazy(
        "checklist", "Tiered, light and practical homework; the total amount kept in check."
    ),
    "作业批改": pgettext_lazy("checklist", "Homework marking"),
    "有发必收、有收必批、有批必评、有错必纠；面批与个性化评语。": pgettext_lazy(
        "checklist",
        "Everything set is collected, marked, commented on and corrected; face-to-face "
        "marking and personalised comments.",
    ),
    "作业记录与分析": pgettext_lazy("checklist", "Homework records and analysis"),
    "批改记录完整，分析共性错误并跟进。": pgettext_lazy(
        "checklist", "Complete marking records; common mistakes analysed and followed up."
    ),
    "学困生档案与帮扶计划": pgettext_lazy("checklist", "Progress archives and support plans"),
    "学困生进步档案及时记录；本学期帮扶计划及阶段目标。": pgettext_lazy(
        "checklist",
        "Progress archives kept up to date; this term's support plans and their step goals.",
    ),
    "家校联系": pgettext_lazy("checklist", "Contact with families"),
    "学困生家长联系与家访记录（每月至少一次家访）。": pgettext_lazy(
        "checklist",
        "Records of contacts and home visits with struggling students' families (at least "
        "one home visit a month).",
    ),
}
