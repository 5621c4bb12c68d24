"""The strategy library the school starts with (archives.strategy_library): names and
short descriptions shown in the reader's language while unchanged; a strategy the school
wrote or edited is shown as written. ``SupportMeasure.__str__`` and the ``shown`` template
filter use it (core.text.shown_text). So do the monitoring measures the school starts with
and their units (``MonitoringMeasure.shown_name`` / ``shown_unit``); a unit's English
carries its leading space ("12 items"), its Chinese none ("12题")."""

from django.utils.translation import pgettext_lazy

TEXTS = {
    # The monitoring measures the school starts with (migration 0010) and their units.
    "口算（1 分钟正确题数）": pgettext_lazy(
        "monitoring measure", "Mental arithmetic (correct answers in 1 minute)"
    ),
    "听写正确率": pgettext_lazy("monitoring measure", "Dictation accuracy"),
    "单元测验": pgettext_lazy("monitoring measure", "Unit test"),
    "朗读（每分钟正确字数）": pgettext_lazy(
        "monitoring measure", "Reading aloud (correct characters a minute)"
    ),
    "课堂表现评分": pgettext_lazy("monitoring measure", "Classroom performance rating"),
    "作业完成率": pgettext_lazy("monitoring measure", "Homework completion rate"),
    "题": pgettext_lazy("monitoring unit", " items"),
    "字/分": pgettext_lazy("monitoring unit", " chars/min"),
    "分": pgettext_lazy("monitoring unit", " points"),
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
    # The names the library shares with the school's vocabulary.
    "分层作业": pgettext_lazy("measure", "Tiered homework"),
    "同伴互助": pgettext_lazy("measure", "Peer tutoring"),
    "课后答疑": pgettext_lazy("measure", "After-school question time"),
    "家校合作": pgettext_lazy("measure", "School and family together"),
    "一对一辅导": pgettext_lazy("measure", "One-to-one tutoring"),
    # Steps and evidence (shown with ``linebreaksbr``: the lines stay lines).
    "1. 从当前内容中挑出最容易的一半；\n2. 只要求掌握这一半，当堂检查；\n"
    "3. 做对了立即肯定，记录下来给学生看。": pgettext_lazy(
        "measure",
        "1. Pick the easier half of the current content;\n"
        "2. Ask only for that half to be mastered, and check it in the lesson;\n"
        "3. Praise a right answer at once, and write it down for the student to see.",
    ),
    "本校学困生帮扶案例（学生甲三步走）的第一步。": pgettext_lazy(
        "measure", "The first step of our school's support case (Student A's three steps)."
    ),
    "1. 在已掌握的基础上增加基础题；\n2. 课堂上点名表扬具体的进步；\n"
    "3. 作业上写鼓励性评语，告诉家长。": pgettext_lazy(
        "measure",
        "1. Add basic exercises to what has been mastered;\n"
        "2. Praise the specific progress by name in class;\n"
        "3. Write encouraging comments on the homework, and tell the parents.",
    ),
    "本校学困生帮扶案例（学生甲三步走）的第二步。": pgettext_lazy(
        "measure", "The second step of our school's support case (Student A's three steps)."
    ),
    "1. 和学生一起总结答题步骤；\n2. 建立错题本，每周整理一次；\n"
    "3. 考前按方法做一套练习并讲评。": pgettext_lazy(
        "measure",
        "1. Sum up the steps of answering together with the student;\n"
        "2. Keep a mistakes notebook and sort it once a week;\n"
        "3. Before the test, do a set of exercises by the method and go over it.",
    ),
    "本校学困生帮扶案例（学生甲三步走）的第三步。": pgettext_lazy(
        "measure", "The third step of our school's support case (Student A's three steps)."
    ),
    "1. 每次作业设三个层次；\n2. 学困生完成基础层，鼓励尝试提高层；\n3. 逐步调整层次。": (
        pgettext_lazy(
            "measure",
            "1. Give every homework three levels;\n"
            "2. Struggling students finish the basic level and are encouraged to try the "
            "higher one;\n"
            "3. Adjust the levels step by step.",
        )
    ),
    "“双减”作业设计要求；本校教研组分层作业研究。": pgettext_lazy(
        "measure",
        "The homework design rules of the “double reduction” policy; our teaching-research "
        "group's study of tiered homework.",
    ),
    "1. 每周至少一次当面批改；\n2. 指出一个具体问题和一个进步；\n3. 评语写明下一步怎么做。": (
        pgettext_lazy(
            "measure",
            "1. Mark face to face at least once a week;\n"
            "2. Point out one specific problem and one progress;\n"
            "3. The comment says what to do next.",
        )
    ),
    "本校作业批改常规。": pgettext_lazy("measure", "Our school's homework-marking routine."),
    "1. 选性格合得来的同学结对；\n2. 每天固定时间一起练习；\n3. 老师每周检查结对效果。": (
        pgettext_lazy(
            "measure",
            "1. Pair the student with a classmate they get on with;\n"
            "2. They practise together at a fixed time every day;\n"
            "3. The teacher checks every week how the pair is doing.",
        )
    ),
    "同伴辅导的研究文献。": pgettext_lazy("measure", "Research literature on peer tutoring."),
    "1. 课后服务时段留出答疑时间；\n2. 学困生优先提问；\n3. 记录问题，第二天跟进。": (
        pgettext_lazy(
            "measure",
            "1. Keep time for questions in the after-school service;\n"
            "2. Struggling students ask first;\n"
            "3. Note the questions and follow up the next day.",
        )
    ),
    "本校课后服务安排。": pgettext_lazy("measure", "Our school's after-school service timetable."),
    "1. 每月至少一次家访或电话；\n2. 告诉家长具体的进步和要配合的事；\n3. 不要求家长批改作业。": (
        pgettext_lazy(
            "measure",
            "1. At least one home visit or phone call a month;\n"
            "2. Tell the parents the specific progress and what they can do to help;\n"
            "3. Never ask the parents to mark homework.",
        )
    ),
    "家校共育相关文献；本校家访制度。": pgettext_lazy(
        "measure",
        "Literature on schools and families raising children together; our school's "
        "home-visit rules.",
    ),
    "1. 用测试找到缺口；\n2. 每次只解决一个缺口；\n3. 辅导后当场检测。": pgettext_lazy(
        "measure",
        "1. Find the gaps with a test;\n"
        "2. Fill only one gap at a time;\n"
        "3. Check on the spot after the tutoring.",
    ),
    "本校学困生辅导记录。": pgettext_lazy(
        "measure", "Our school's records of tutoring struggling students."
    ),
}
