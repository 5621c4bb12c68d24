"""The strategies the library starts with, in our own words after seeds 000 and 003.

Plain data (no models), so a migration, the demo and tests can all load it.
Keys: name, summary, steps, causes, types, sessions_per_week, minutes, evidence_kind,
evidence. Causes and types are ``SupportCase.Cause`` / ``SupportCase.Type`` values.
"""

WF, ATT = "weak_foundation", "attitude"
T_WF, T_INT, T_PSY, T_METH = (
    "weak_foundation",
    "lost_interest",
    "psychological_pressure",
    "poor_study_method",
)

STRATEGIES: list[dict] = [
    {
        "name": "降低目标初尝成功",
        "summary": "先把目标降到学生够得着的高度，让他尽快体验一次成功。",
        "steps": "1. 从当前内容中挑出最容易的一半；\n2. 只要求掌握这一半，当堂检查；\n"
        "3. 做对了立即肯定，记录下来给学生看。",
        "causes": [WF, ATT],
        "types": [T_WF, T_PSY],
        "sessions_per_week": 3,
        "minutes": 10,
        "evidence_kind": "practice",
        "evidence": "本校学困生帮扶案例（学生甲三步走）的第一步。",
    },
    {
        "name": "提升目标充分表扬",
        "summary": "学生尝到成功后逐步提高要求，每一次进步都及时、具体地表扬。",
        "steps": "1. 在已掌握的基础上增加基础题；\n2. 课堂上点名表扬具体的进步；\n"
        "3. 作业上写鼓励性评语，告诉家长。",
        "causes": [ATT],
        "types": [T_INT, T_PSY],
        "sessions_per_week": 2,
        "minutes": 10,
        "evidence_kind": "practice",
        "evidence": "本校学困生帮扶案例（学生甲三步走）的第二步。",
    },
    {
        "name": "掌握方法不惧困难",
        "summary": "教给学生答题和订正的方法，让他面对难题有章可循。",
        "steps": "1. 和学生一起总结答题步骤；\n2. 建立错题本，每周整理一次；\n"
        "3. 考前按方法做一套练习并讲评。",
        "causes": [WF],
        "types": [T_METH, T_WF],
        "sessions_per_week": 1,
        "minutes": 20,
        "evidence_kind": "practice",
        "evidence": "本校学困生帮扶案例（学生甲三步走）的第三步。",
    },
    {
        "name": "分层作业",
        "summary": "作业分基础、提高、拓展三层，学困生先保证基础层完成。",
        "steps": "1. 每次作业设三个层次；\n2. 学困生完成基础层，鼓励尝试提高层；\n3. 逐步调整层次。",
        "causes": [WF],
        "types": [T_WF, T_METH],
        "sessions_per_week": 5,
        "minutes": 15,
        "evidence_kind": "research",
        "evidence": "“双减”作业设计要求；本校教研组分层作业研究。",
    },
    {
        "name": "面批讲评个性化评语",
        "summary": "当面批改、当面讲评，并写有针对性的个性化评语。",
        "steps": "1. 每周至少一次当面批改；\n2. 指出一个具体问题和一个进步；\n3. 评语写明下一步怎么做。",
        "causes": [WF, ATT],
        "types": [],
        "sessions_per_week": 1,
        "minutes": 10,
        "evidence_kind": "practice",
        "evidence": "本校作业批改常规。",
    },
    {
        "name": "同伴互助",
        "summary": "为学困生安排一位学习伙伴，结对练习、互相检查。",
        "steps": "1. 选性格合得来的同学结对；\n2. 每天固定时间一起练习；\n3. 老师每周检查结对效果。",
        "causes": [ATT],
        "types": [T_INT, T_METH],
        "sessions_per_week": 3,
        "minutes": 15,
        "evidence_kind": "literature",
        "evidence": "同伴辅导的研究文献。",
    },
    {
        "name": "课后答疑",
        "summary": "利用课后服务时间答疑，及时解决当天没听懂的内容。",
        "steps": "1. 课后服务时段留出答疑时间；\n2. 学困生优先提问；\n3. 记录问题，第二天跟进。",
        "causes": [WF],
        "types": [T_WF],
        "sessions_per_week": 2,
        "minutes": 20,
        "evidence_kind": "practice",
        "evidence": "本校课后服务安排。",
    },
    {
        "name": "家校合作",
        "summary": "与家长保持联系，共同督促，让家长看到孩子的进步。",
        "steps": "1. 每月至少一次家访或电话；\n2. 告诉家长具体的进步和要配合的事；\n"
        "3. 不要求家长批改作业。",
        "causes": [ATT],
        "types": [T_INT, T_PSY],
        "sessions_per_week": None,
        "minutes": None,
        "evidence_kind": "literature",
        "evidence": "家校共育相关文献；本校家访制度。",
    },
    {
        "name": "一对一辅导",
        "summary": "老师针对学生的知识缺口单独辅导，查缺补漏。",
        "steps": "1. 用测试找到缺口；\n2. 每次只解决一个缺口；\n3. 辅导后当场检测。",
        "causes": [WF],
        "types": [T_WF],
        "sessions_per_week": 2,
        "minutes": 20,
        "evidence_kind": "practice",
        "evidence": "本校学困生辅导记录。",
    },
]
