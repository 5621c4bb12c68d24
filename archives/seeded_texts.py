"""The strategy library the school starts with (archives.strategy_library): names and
short descriptions shown in the reader's language while unchanged; a strategy the school
wrote or edited is shown as written. ``SupportMeasure.__str__`` and the ``shown`` template
filter use it (core.text.shown_text)."""

from django.utils.translation import pgettext_lazy

TEXTS = {
    "降低目标初尝成功": pgettext_lazy("measure", "Lower the goal for a first success"),
    "先把目标降到学生够得着的高度，让他尽快体验一次成功。": pgettext_lazy(
        "measure",
        "First bring the goal down to where the student can reach it, so they soon feel a success.",
    ),
    "提升目标充分表扬": pgettext_lazy("measure", "Raise the goal, praise fully"),
    "学生尝到成功后逐步提高要求，每一次进步都及时、具体地表扬。": pgettext_lazy(
        "measure",
        "Once the student has tasted success, raise the demands step by step and praise "
        "every progress at once and specifically.",
    ),
    "掌握方法不惧困难": pgettext_lazy("measure", "Master methods, fear no difficulty"),
    "教给学生答题和订正的方法，让他面对难题有章可循。": pgettext_lazy(
        "measure",
        "Teach the student how to answer and correct, so hard questions have a method.",
    ),
    "作业分基础、提高、拓展三层，学困生先保证基础层完成。": pgettext_lazy(
        "measure",
        "Homework in three levels (basic, higher, extension); struggling students first "
        "make sure to finish the basic level.",
    ),
    "面批讲评个性化评语": pgettext_lazy(
        "measure", "Face-to-face marking and personalised comments"
    ),
    "当面批改、当面讲评，并写有针对性的个性化评语。": pgettext_lazy(
        "measure",
        "Mark and discuss the work face to face, and write specific, personalised comments.",
    ),
    "为学困生安排一位学习伙伴，结对练习、互相检查。": pgettext_lazy(
        "measure",
        "Give the struggling student a study partner: they practise together and check each other.",
    ),
    "利用课后服务时间答疑，及时解决当天没听懂的内容。": pgettext_lazy(
        "measure",
        "Answer questions during after-school service, so what was not understood that day "
        "is cleared up at once.",
    ),
    "与家长保持联系，共同督促，让家长看到孩子的进步。": pgettext_lazy(
        "measure",
        "Keep in touch with the parents, encourage together, and let them see the child's "
        "progress.",
    ),
    "老师针对学生的知识缺口单独辅导，查缺补漏。": pgettext_lazy(
        "measure",
        "The teacher tutors the student alone on their gaps in knowledge, filling them one by one.",
    ),
}
