"""The policy's load limits as seeded (homework 0002), shown in the reader's language
while unchanged; a note the school edited is shown as written (the ``shown`` filter)."""

from django.utils.translation import pgettext_lazy

TEXTS = {
    "一、二年级不布置家庭书面作业": pgettext_lazy(
        "load limit", "No written homework to take home in grades 1 and 2"
    ),
    "三至六年级书面作业平均完成时间不超过60分钟": pgettext_lazy(
        "load limit", "Grades 3 to 6: written homework takes no more than 60 minutes on average"
    ),
    "初中书面作业平均完成时间不超过90分钟": pgettext_lazy(
        "load limit", "Junior secondary: written homework takes no more than 90 minutes on average"
    ),
}
