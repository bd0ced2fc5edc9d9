"""Demo motions and suggestions of the fictional county (青禾县).

About forty invented items of the current term's last congress session and
the recess after it, in every state of the workflow. Every step goes through
proposals.services, so states, timelines, notices and the deputies'
performance files are real; each step runs at a plausible past moment and
what it wrote (timeline events, notices, ratings, extension requests) is
dated then. Every name, place and number is invented.
"""

import datetime
import functools
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Case, DateTimeField, F, Value, When
from django.utils import timezone

from congress.demo import DEMO_PASSWORD
from congress.models import Meeting, Notification, Organization, Term, User
from congress.roles import Role
from deputies.models import Deputy, Level
from proposals import services
from proposals.models import (
    Assignment,
    AssignmentRole,
    Category,
    Contact,
    LeaderInCharge,
    MotionOutcome,
    PresidiumDecision,
    Proposal,
    ProposalKind,
    Satisfaction,
)

MOTION, SUGGESTION = ProposalKind.MOTION, ProposalKind.SUGGESTION
SATISFIED = (Satisfaction.SATISFIED, Satisfaction.SATISFIED)
BASICALLY = (Satisfaction.SATISFIED, Satisfaction.BASICALLY)
DISSATISFIED = (Satisfaction.BASICALLY, Satisfaction.DISSATISFIED)

# (name, supervising working committee)
CATEGORIES = [
    ("农林水牧", "农业农村工作委员会"),
    ("交通运输", "财政经济工作委员会"),
    ("教科文卫", "教育科学文化卫生工作委员会"),
    ("财税金融", "财政经济工作委员会"),
    ("城乡建设", "财政经济工作委员会"),
    ("社会保障", "教育科学文化卫生工作委员会"),
    ("政法综合", "法制工作委员会"),
]

# Handling organisations: key → (name, reply reference prefix).
ORGS = {
    "edu": ("青禾县教育局", "青教函"),
    "jt": ("青禾县交通运输局", "青交函"),
    "wj": ("青禾县卫生健康局", "青卫健函"),
    "ny": ("青禾县农业农村局", "青农函"),
    "zj": ("青禾县住房和城乡建设局", "青建函"),
    "zfb": ("青禾县人民政府办公室", "青政办函"),
    "fy": ("青禾县人民法院", "青法函"),
}

# The vice county heads in charge (分管领导) and the organisations in their
# portfolio: (name, portfolio, organisation keys).
LEADERS = [
    ("韩立新", "教育、卫生健康", ("edu", "wj")),
    ("邓春燕", "交通运输、住房和城乡建设", ("jt", "zj")),
    ("刘德明", "农业农村", ("ny",)),
]

# Accounts of the handling organisations (the demo "liaison" of 青禾县教育局
# comes from congress.demo): (username, real name, role, organisation key).
ORG_ACCOUNTS = [
    ("edu_head", "何静怡", Role.ORG_HEAD, "edu"),
    ("jt_liaison", "王志远", Role.ORG_LIAISON, "jt"),
    ("jt_head", "刘建平", Role.ORG_HEAD, "jt"),
    ("wj_liaison", "陈丽娟", Role.ORG_LIAISON, "wj"),
    ("wj_head", "张卫东", Role.ORG_HEAD, "wj"),
    ("ny_liaison", "黄春生", Role.ORG_LIAISON, "ny"),
    ("ny_head", "吴国平", Role.ORG_HEAD, "ny"),
    ("zj_liaison", "马晓东", Role.ORG_LIAISON, "zj"),
    ("zj_head", "杨振华", Role.ORG_HEAD, "zj"),
    ("zfb_liaison", "徐婷", Role.ORG_LIAISON, "zfb"),
    ("zfb_head", "郭明远", Role.ORG_HEAD, "zfb"),
    ("fy_liaison", "宋佳", Role.ORG_LIAISON, "fy"),
    ("fy_head", "邓立群", Role.ORG_HEAD, "fy"),
]
# Login accounts for five seeded county deputies, so that they rate replies.
DEPUTY_ACCOUNTS = ["deputy2", "deputy3", "deputy4", "deputy5", "deputy6"]
PAPER_DEPUTIES = 20  # seeded deputies without an account, whose items come on paper

# Days after submission of each step: session items move at the pace of the
# year's assignment batch, recess items one by one.
SESSION_DAYS = {
    "return": 3,
    "withdraw": 5,
    "register": 12,
    "number": 13,
    "refer": 14,
    "report": 40,
    "resolve": 45,
    "assign": 29,
    "key": 30,
    "contest": 31,
    "accept": 32,
    "contact": 55,
    "co_reply": 75,
    "draft": 85,
    "reply": 90,
    "rate": 100,
    "reply2": 120,
    "rate2": 130,
    "supervise": 170,
}
RECESS_DAYS = {
    "return": 2,
    "withdraw": 5,
    "register": 7,
    "number": 8,
    "assign": 14,
    "key": 15,
    "contest": 16,
    "accept": 17,
    "contact": 30,
    "co_reply": 45,
    "draft": 57,
    "reply": 60,
    "rate": 70,
    "reply2": 95,
    "rate2": 105,
    "supervise": 120,
}
# Where an item stops, in the order of the main path.
PATH = [
    "draft",
    "submitted",
    "registered",
    "numbered",
    "assigned",
    "accepted",
    "replied",
    "rated",
    "closed",
    "published",
]
OLD_NOTICE_DAYS = 30  # notices older than this were read


@dataclass
class Item:
    """One demo item and how far it goes."""

    title: str
    body: str
    category: str
    lead: str  # "deputy", "deputy2".."deputy6", or "p0".. (no account: paper)
    stop: str  # a PATH stage, or "returned", "withdrawn", "contested", "drafted"
    ago: int | None = None  # recess: submitted this many days ago; None: session
    kind: str = SUGGESTION
    cosigners: tuple = ()
    orgs: tuple = ()  # organisation keys, the lead organisation first
    # 分口办理: (part, what was done) for each organisation of `orgs` (no
    # lead); every part replies, the first is rated, the others await the
    # deputy's rating.
    split: tuple = ()
    replies: tuple = ("A",)  # result category of each round's reply
    ratings: tuple = (SATISFIED,)  # (attitude, result) of each round
    action: str = "已制定专项工作方案，明确责任股室和完成时限，分步推进落实。"
    hard_case: bool = False
    key: bool = False
    decision: str = ""
    supervise: bool = False
    look_back: bool = False
    outcome: tuple | None = None  # (amount, unit, note) recorded after the reply
    urge: tuple | None = None  # (username, days ago, note)
    extension_days: int = 0
    reason: str = ""  # for a return, withdrawal or contest
    paper: bool = False  # entered by the office from paper
    days: dict = field(default_factory=dict)  # step day overrides

    @property
    def online(self) -> bool:
        return not self.paper and not self.lead.startswith("p")


def _b(situation: str, problem: str, advice: str) -> str:
    return f"{situation}\n\n存在的主要问题：{problem}\n\n具体建议：{advice}"


ITEMS = [
    # The session (last congress session of the term) ---------------------
    Item(
        "关于加快推进城乡供水一体化的建议",
        _b(
            "近年来我县农村饮水安全工程覆盖面不断扩大，但南塘镇、石桥乡部分"
            "村组仍依靠分散式小水厂和山泉水供水，水质水量季节性波动明显。",
            "一是小型供水工程规模小、管理粗放，水质检测频次不足；二是管网老化，"
            "跑冒滴漏严重，枯水期时常停水；三是城乡供水价格和服务标准不统一。",
            "一是编制全县城乡供水一体化规划，将县城水厂管网向周边乡镇延伸；"
            "二是分年度整合改造小型供水工程，推行专业化统一运营；三是建立"
            "水质定期检测和公示制度。",
        ),
        "农林水牧",
        "deputy2",
        "published",
        cosigners=("p0", "p1"),
        orgs=("zj", "ny"),
        replies=("B",),
        ratings=(BASICALLY,),
        action="县城水厂至南塘镇的主干管网已列入明年城乡供水一体化一期工程，"
        "石桥乡三处小水厂的整合改造同步开展前期工作。",
        hard_case=True,
        key=True,
        look_back=True,
        outcome=(860, "万元", "一期工程已完成可研批复，落实建设资金860万元。"),
        paper=True,
    ),
    Item(
        "关于改善县城至柳溪乡公路通行条件的建议",
        _b(
            "县城至柳溪乡的县道是柳溪乡群众出行和农产品外运的主要通道，"
            "日均车流量逐年增加。",
            "路面宽度不足6米，部分弯道视距不良，雨季边坡时有落石，"
            "沿线缺少错车道和安全警示标志。",
            "一是将该路段提级改造纳入交通建设计划；二是先行增设错车道、"
            "波形护栏和警示标志；三是加强雨季边坡巡查和落石清理。",
        ),
        "交通运输",
        "deputy",
        "published",
        cosigners=("deputy3",),
        orgs=("jt",),
        action="已完成沿线急弯路段波形护栏2.3公里、错车道6处和警示标志40余块的"
        "增设工作，雨季边坡实行每日巡查。",
    ),
    Item(
        "关于加强乡镇卫生院全科医生队伍建设的建议",
        _b(
            "乡镇卫生院是农村群众看病就医的第一道关口，但我县乡镇卫生院"
            "全科医生数量偏少、年龄偏大。",
            "一是招聘难、留人难，近三年新招录人员流失近三成；二是在岗人员"
            "培训机会少，业务水平提升慢；三是绩效工资分配激励不足。",
            "一是实施订单定向培养，落实服务期内的生活补助；二是推行县级医院"
            "医生到乡镇卫生院轮岗坐诊；三是提高基层绩效工资总量。",
        ),
        "教科文卫",
        "deputy3",
        "published",
        cosigners=("deputy", "p2"),
        orgs=("wj",),
        replies=("B",),
        ratings=(BASICALLY,),
        action="今年起每年定向培养农村订单医学生10名，县人民医院已安排12名"
        "中级以上职称医生到乡镇卫生院轮岗。",
        paper=True,
    ),
    Item(
        "关于推进义务教育阶段学校课后服务提质的建议",
        _b(
            "我县义务教育学校已普遍开展课后服务，但服务内容较为单一，"
            "多以看管和作业辅导为主。",
            "农村学校师资紧张，缺少体育、艺术、科技类课程；"
            "课后服务经费保障机制尚不健全。",
            "一是统筹引入少年宫、文化馆等校外资源；二是建立课后服务经费"
            "财政补助和家庭合理分担机制；三是将课后服务纳入学校考核。",
        ),
        "教科文卫",
        "deputy4",
        "published",
        orgs=("edu",),
        action="已在全县42所学校开设体育、艺术、科技类课后服务课程186门，"
        "并出台课后服务经费保障办法。",
        paper=True,
    ),
    Item(
        "关于加大对小微企业融资担保支持力度的建议",
        _b(
            "小微企业和个体工商户是我县经济发展的重要力量，融资难、"
            "融资贵问题仍较突出。",
            "县融资担保公司资本金规模小、担保放大倍数低，"
            "银行对缺少抵押物的小微企业惜贷现象明显。",
            "一是增加县融资担保公司资本金；二是设立小微企业转贷应急资金；"
            "三是建立政银企常态化对接机制。",
        ),
        "财税金融",
        "deputy5",
        "published",
        orgs=("zfb",),
        replies=("B",),
        ratings=(BASICALLY,),
        action="县政府已研究同意分两年向县融资担保公司增资3000万元，"
        "转贷应急资金管理办法正在征求意见。",
        outcome=(1500, "万元", "第一期增资1500万元已到位。"),
        paper=True,
    ),
    Item(
        "关于加快老旧小区改造进度的建议",
        _b(
            "县城建成于上世纪九十年代的老旧小区共有30余个，居民改造意愿强烈。",
            "部分小区管网老化、屋面渗漏，缺少停车位和无障碍设施；"
            "改造后缺乏长效物业管理。",
            "一是按轻重缓急制定三年改造计划；二是同步配建停车、"
            "充电和适老化设施；三是改造后引入物业服务或居民自管。",
        ),
        "城乡建设",
        "deputy6",
        "published",
        orgs=("zj",),
        replies=("B",),
        action="已将云岭街道8个老旧小区纳入今年改造计划，其余小区分两批于后两年实施。",
    ),
    Item(
        "关于提高城乡居民基本养老保险待遇的建议",
        _b(
            "我县城乡居民基本养老保险参保人数逾十万人，其中大部分为农村老年人。",
            "基础养老金标准偏低，多缴多得的激励机制不明显，部分群众选择最低缴费档次。",
            "一是逐步提高县级基础养老金加发标准；二是对选择较高档次"
            "缴费的参保人提高缴费补贴。",
        ),
        "社会保障",
        "deputy2",
        "published",
        orgs=("zfb",),
        replies=("C",),
        ratings=(BASICALLY,),
        action="将加强政策宣传，引导参保群众选择较高档次缴费。",
        paper=True,
    ),
    Item(
        "关于加强基层矛盾纠纷多元化解工作的建议",
        _b(
            "随着农村土地流转、征地拆迁等工作推进，基层矛盾纠纷呈现多样化趋势。",
            "部分纠纷未能在基层及时化解，进入诉讼程序后周期长、成本高。",
            "一是在各乡镇设立诉调对接工作站；二是加强人民调解员培训；"
            "三是推广巡回审判和线上调解。",
        ),
        "政法综合",
        "deputy4",
        "published",
        orgs=("fy",),
        action="已在禾丰镇、南塘镇等6个乡镇（街道）设立诉调对接工作站，"
        "今年以来诉前化解纠纷300余件。",
    ),
    Item(
        "关于加快推进全县农村生活污水治理的议案",
        _b(
            "农村生活污水治理是农村人居环境整治的突出短板，"
            "我县已建成的处理设施覆盖率不足四成。",
            "部分已建设施因缺少运维经费而闲置，管网收集率低。",
            "一是统筹编制全县农村生活污水治理专项规划；二是建立"
            "设施运维经费保障机制；三是将治理成效纳入乡镇考核。",
        ),
        "农林水牧",
        "deputy3",
        "closed",
        kind=MOTION,
        cosigners=tuple(f"p{n}" for n in range(10, 19)),
        decision=PresidiumDecision.CONVERTED,
        orgs=("ny", "zj"),
        replies=("B",),
        action="专项规划已完成初稿，今年实施治理的20个行政村已全部开工。",
        paper=True,
    ),
    Item(
        "关于加强饮用水水源地保护的议案",
        _b(
            "县城饮用水水源地承担着全县近半数人口的供水任务。",
            "水源保护区内仍有零散养殖和农家乐，保护区标志、隔离设施不完善。",
            "一是依法调整完善水源保护区划；二是限期清理保护区内"
            "污染源；三是建立水源地日常巡查制度。",
        ),
        "农林水牧",
        "p3",
        "resolved",
        kind=MOTION,
        cosigners=tuple(f"p{n}" for n in range(10, 19)),
        decision=PresidiumDecision.ON_AGENDA,
    ),
    Item(
        "关于解决南塘镇农贸市场周边交通拥堵问题的建议",
        _b(
            "南塘镇农贸市场位于集镇主街，逢集日人流车流集中。",
            "占道经营、车辆乱停乱放现象突出，高峰时段交通基本瘫痪。",
            "一是规划建设农贸市场配套停车场；二是实行逢集日交通管制和"
            "错峰通行；三是引导占道摊点入市经营。",
        ),
        "交通运输",
        "deputy5",
        "closed",
        orgs=("jt",),
        replies=("C", "B"),
        ratings=(DISSATISFIED, DISSATISFIED),
        action="已协调镇政府在逢集日安排专人疏导交通，并将配套停车场纳入集镇规划修编。",
        supervise=True,
    ),
    Item(
        "关于规范农村集体资产管理的建议",
        _b(
            "农村集体产权制度改革完成后，各村集体资产规模逐步扩大。",
            "部分村集体资产台账不清，资产出租程序不规范，收益分配公开不够。",
            "一是建立全县统一的农村集体资产管理平台；二是规范资产"
            "出租和发包程序；三是加强村级财务审计。",
        ),
        "农林水牧",
        "deputy6",
        "closed",
        orgs=("ny",),
        action="全县农村集体资产管理平台已上线运行，各村资产台账已全部录入。",
    ),
    Item(
        "关于支持茶产业品牌建设的建议",
        _b(
            "茶产业是云岭街道、柳溪乡等地群众增收的主导产业。",
            "品牌杂、规模小，缺少统一的区域公用品牌，精深加工能力不足，产品附加值低。",
            "一是打造县域茶叶区域公用品牌；二是扶持龙头企业建设"
            "标准化加工厂；三是组织企业参加展销活动。",
        ),
        "农林水牧",
        "deputy4",
        "published",
        orgs=("ny",),
        replies=("B",),
        ratings=(BASICALLY,),
        action="“青禾云岭茶”区域公用品牌的注册申请已提交，"
        "今年安排茶产业扶持资金200万元。",
        paper=True,
    ),
    # The recess ----------------------------------------------------------
    Item(
        "关于整治柳溪村河道沿岸环境的建议",
        _b(
            "柳溪村河道穿村而过，是村民生产生活的重要水源。",
            "沿岸堆放生活垃圾和建筑废料，部分河段淤积严重，汛期排洪不畅。",
            "一是开展河道清淤和沿岸垃圾清理；二是落实河长巡河制度；"
            "三是建设沿河生态护岸。",
        ),
        "农林水牧",
        "deputy2",
        "published",
        ago=200,
        orgs=("ny",),
        action="已完成柳溪村河道清淤3.2公里，清理沿岸垃圾500余吨。",
    ),
    Item(
        "关于增加县人民医院夜间门诊科室的建议",
        _b(
            "目前县人民医院夜间仅开设急诊，不少群众白天上班无法就医。",
            "夜间就诊患者全部涌入急诊，候诊时间长，急诊资源被挤占。",
            "一是开设内科、儿科夜间门诊；二是开通夜间检验、药房服务。",
        ),
        "教科文卫",
        "deputy6",
        "published",
        ago=180,
        orgs=("wj",),
        action="县人民医院已于本月起开设内科、儿科夜间门诊，每晚开诊至21时。",
    ),
    Item(
        "关于规范农村宅基地审批服务的建议",
        _b(
            "农村宅基地审批涉及农业农村、自然资源、住建等多个部门。",
            "群众办理审批需多头跑、多次跑，办理时限长。",
            "一是推行宅基地审批“一窗受理”；二是公开审批流程和时限。",
        ),
        "城乡建设",
        "deputy3",
        "published",
        ago=170,
        orgs=("ny", "zj"),
        replies=("B",),
        ratings=(BASICALLY,),
        action="宅基地审批“一窗受理”已在禾丰镇试点，年底前在全县推开。",
        paper=True,
    ),
    Item(
        "关于加强校园周边食品安全监管的建议",
        _b(
            "学校周边小餐饮、小商店数量较多，学生是主要消费群体。",
            "部分商户证照不全，“三无”食品时有出现。",
            "一是开展校园周边食品安全专项整治；二是建立学校、家长和监管部门联动机制。",
        ),
        "教科文卫",
        "deputy3",
        "rated",
        ago=110,
        orgs=("edu", "wj"),
        action="联合市场监管部门开展两轮专项检查，取缔无证摊点17个。",
    ),
    Item(
        "关于在澄溪街道增设社区嵌入式养老服务站的建议",
        _b(
            "澄溪街道60岁以上老年人占常住人口两成以上，独居、空巢老人较多。",
            "现有养老服务设施集中在街道中心，离老年人家门口较远，"
            "助餐、助浴等服务供给不足。",
            "一是利用社区闲置用房建设嵌入式养老服务站；二是引入专业"
            "机构运营，提供助餐、日间照料服务；三是推动医养结合。",
        ),
        "社会保障",
        "deputy",
        "replied",
        ago=80,
        orgs=("wj",),
        replies=("B",),
        action="计划明年在澄溪社区、禾丰社区建设两处嵌入式养老服务站，"
        "由社区卫生服务中心提供医疗服务。",
    ),
    Item(
        "关于优化社区卫生服务中心药品配备目录的建议",
        _b(
            "社区卫生服务中心承担着慢性病患者的日常用药保障。",
            "部分慢性病常用药在基层配备不全，患者只能到县级医院开药。",
            "一是扩大基层医疗机构慢性病用药配备范围；二是推动县乡用药目录衔接。",
        ),
        "教科文卫",
        "deputy",
        "replied",
        ago=75,
        orgs=("wj",),
        action="已将32种慢性病常用药纳入基层医疗机构配备目录，"
        "县乡两级用药目录实现衔接。",
    ),
    Item(
        "关于改善澄溪街道学校周边交通安全设施的建议",
        _b(
            "澄溪街道中心小学和第二初级中学相邻，上下学时段人车混行。",
            "学校门口缺少人行横道、减速带和护学岗设施，存在安全隐患。",
            "一是增设人行横道、减速带和警示标志；二是建设家长接送等候区。",
        ),
        "交通运输",
        "deputy",
        "replied",
        ago=70,
        orgs=("edu", "jt"),
        action="两所学校门口已增设人行横道、减速带和警示标志，并设置了家长接送等候区。",
    ),
    Item(
        "关于加大农村客运班线运营补贴的建议",
        _b(
            "我县部分偏远村组的客运班线客流少、运营亏损。",
            "个别班线已停运或减少班次，群众出行不便。",
            "一是提高偏远班线运营补贴标准；二是推行预约响应式公交。",
        ),
        "交通运输",
        "deputy2",
        "replied",
        ago=85,
        orgs=("jt",),
        replies=("C",),
        action="将在石桥乡试点预约响应式客运服务。",
    ),
    Item(
        "关于解决柳溪乡部分村组灌溉用水不足问题的建议",
        _b(
            "柳溪乡东岗、上坪等村组地处丘陵，农田灌溉主要依靠山塘。",
            "山塘淤积、渠系老化，近两年夏季干旱时大面积农田缺水。",
            "一是实施山塘清淤扩容；二是修复灌溉渠系；三是建设提灌站。",
        ),
        "农林水牧",
        "deputy4",
        "rated",
        ago=85,
        orgs=("ny",),
        replies=("C",),
        ratings=(DISSATISFIED,),
        action="已将该区域纳入下一轮高标准农田建设项目储备库。",
    ),
    Item(
        "关于加快云岭街道雨污分流管网改造的建议",
        _b(
            "云岭街道老城区排水管网为雨污合流制。",
            "雨季污水溢流、道路积水问题突出，影响居民生活。",
            "一是制定雨污分流改造计划；二是结合道路改造同步实施。",
        ),
        "城乡建设",
        "deputy5",
        "rated",
        ago=190,
        orgs=("zj",),
        replies=("C", "C"),
        ratings=(DISSATISFIED, DISSATISFIED),
        action="将结合城市更新项目逐步实施。",
    ),
    Item(
        "关于加强乡村学校音体美教师配备的建议",
        _b(
            "我县乡村学校音乐、体育、美术专任教师缺口较大。",
            "不少学校由语文、数学教师兼任，部分课程开不齐、开不足。",
            "一是在教师招聘中单列音体美岗位；二是推行县城学校教师"
            "走教；三是开展线上专递课堂。",
        ),
        "教科文卫",
        "p4",
        "drafted",
        ago=60,
        orgs=("edu",),
        action="今年招聘音体美专任教师28名，组建县城学校走教团队覆盖15所乡村学校。",
    ),
    Item(
        "关于加快石桥乡至禾丰镇县道危桥改造的建议",
        _b(
            "石桥乡至禾丰镇县道上的两座桥梁建于上世纪七十年代。",
            "桥面破损、护栏缺失，经检测为危桥，大型车辆绕行十余公里。",
            "一是尽快实施危桥拆除重建；二是改造期间做好临时便道保通。",
        ),
        "交通运输",
        "p5",
        "accepted",
        ago=115,
        orgs=("jt",),
        urge=("office", 5, "该件已超过答复期限，请抓紧办理并答复代表。"),
    ),
    Item(
        "关于加强县域紧密型医共体建设的建议",
        _b(
            "我县已组建两个县域医共体，但成员单位之间联系还不够紧密。",
            "人员、药品、信息未能统一管理，双向转诊不畅。",
            "一是推进医共体内人员统一调配；二是建设统一的信息平台；"
            "三是完善医保打包付费。",
        ),
        "教科文卫",
        "p6",
        "accepted",
        ago=80,
        orgs=("wj",),
        extension_days=30,
        reason="该件涉及医保支付方式改革，需待市级政策出台后统筹答复。",
    ),
    Item(
        "关于加强农村留守老人关爱服务体系建设的建议",
        _b(
            "随着青壮年外出务工，农村留守老人数量持续增加。",
            "留守老人生活照料、精神慰藉和安全监护缺位，农村养老服务设施利用率不高。",
            "一是建立留守老人定期探访制度；二是发展农村互助养老；"
            "三是推动村卫生室为留守老人提供签约服务。",
        ),
        "社会保障",
        "deputy6",
        "accepted",
        ago=60,
        orgs=("zfb", "wj"),
        key=True,
        urge=("leader", 4, "请加快办理进度，月底前报送阶段性办理情况。"),
    ),
    Item(
        "关于推进县城学校大班额化解工作的建议",
        _b(
            "随着进城务工人员子女增加，县城义务教育学校学位紧张。",
            "部分学校班额超过55人，影响教学质量和学生安全。",
            "一是加快县城新建学校建设；二是科学划定学区；"
            "三是提升乡镇学校办学水平，稳定生源。",
        ),
        "教科文卫",
        "p7",
        "accepted",
        ago=45,
        orgs=("edu",),
    ),
    Item(
        "关于提高农村寄宿制学校生活补助标准的建议",
        _b(
            "农村寄宿制学校学生多为留守儿童。",
            "现行生活补助标准多年未调整，难以满足学生营养需求。",
            "一是提高寄宿生生活补助标准；二是改善学校食堂设施。",
        ),
        "教科文卫",
        "p8",
        "assigned",
        ago=20,
        orgs=("edu",),
    ),
    Item(
        "关于建设县青少年校外活动中心的建议",
        _b(
            "我县尚无综合性青少年校外活动场所。",
            "学生课余时间和假期缺少科技、文体活动去处。",
            "一是利用闲置校舍建设青少年校外活动中心；二是配备专职辅导教师。",
        ),
        "教科文卫",
        "p9",
        "assigned",
        ago=18,
        orgs=("edu", "zj"),
    ),
    Item(
        "关于在禾丰镇增设农村公交站亭的建议",
        _b(
            "禾丰镇已开通城乡公交，但沿线多数站点只有站牌。",
            "群众雨天、高温天候车无处遮挡，老年人候车困难。",
            "一是在客流较大的站点建设候车亭；二是完善站点信息标识。",
        ),
        "交通运输",
        "p0",
        "assigned",
        ago=16,
        orgs=("jt",),
    ),
    Item(
        "关于规范县城电动自行车停放管理的建议",
        _b(
            "县城电动自行车保有量大，停放需求集中。",
            "乱停乱放挤占人行道和盲道，小区楼道充电存在火灾隐患。",
            "一是合理施划非机动车停车位；二是在小区建设集中充电设施。",
        ),
        "城乡建设",
        "p1",
        "contested",
        ago=19,
        orgs=("wj",),
        reason="电动自行车停放和充电设施管理不属于本单位职责，"
        "建议改由县住房和城乡建设局承办。",
    ),
    Item(
        "关于加强农村生活垃圾分类处理的建议",
        _b(
            "我县农村生活垃圾已实现集中收运，但分类处理刚刚起步。",
            "群众分类意识不强，分类设施不足，末端处理能力有限。",
            "一是在试点村推行垃圾分类积分制；二是建设乡镇有机垃圾处理站。",
        ),
        "城乡建设",
        "p2",
        "numbered",
        ago=12,
    ),
    Item(
        "关于扶持返乡青年创业的建议",
        _b(
            "近年来返乡创业青年逐年增多，带动了乡村产业发展。",
            "创业青年普遍面临资金短缺、场地不足、经营经验欠缺等困难。",
            "一是设立返乡创业扶持资金；二是建设创业孵化基地；三是开展创业培训。",
        ),
        "财税金融",
        "p3",
        "numbered",
        ago=10,
    ),
    Item(
        "关于完善农村互助幸福院运营机制的建议",
        _b(
            "全县已建成农村互助幸福院40余所。",
            "部分幸福院缺少稳定运营经费，存在“建而不用”现象。",
            "一是建立运营补贴制度；二是引入社会组织参与管理。",
        ),
        "社会保障",
        "p4",
        "registered",
        ago=9,
    ),
    Item(
        "关于在社区推广家庭医生签约服务线上续方的建议",
        _b(
            "社区慢性病患者需每月到医疗机构开药，往返不便。",
            "家庭医生签约服务以线下为主，线上服务功能不足。",
            "一是开通签约居民线上续方和送药上门服务；二是将线上服务"
            "纳入家庭医生绩效考核。",
        ),
        "教科文卫",
        "deputy",
        "submitted",
        ago=3,
    ),
    Item(
        "关于加强南塘镇集镇区域防洪排涝设施建设的建议",
        _b(
            "南塘镇集镇地势低洼，紧邻南塘河。",
            "近年强降雨时集镇主街多次内涝，排涝泵站能力不足。",
            "一是新建排涝泵站；二是疏浚集镇排水沟渠。",
        ),
        "农林水牧",
        "p5",
        "submitted",
        ago=2,
    ),
    Item(
        "关于加大农业机械购置补贴宣传力度的建议",
        _b(
            "农机购置补贴政策对推进农业机械化作用明显。",
            "部分农户对补贴范围和申领流程不了解，错过申领时间。",
            "一是通过村广播、微信群等渠道宣传政策；二是在乡镇设立咨询服务点。",
        ),
        "农林水牧",
        "p6",
        "submitted",
        ago=1,
    ),
    Item(
        "关于进一步加强城区管理工作的建议",
        "希望有关部门进一步加强城区管理，改善城区面貌。",
        "城乡建设",
        "deputy2",
        "returned",
        ago=9,
        reason="建议内容较为笼统，请补充具体问题、涉及路段和可操作的措施后重新提交。",
    ),
    Item(
        "关于调整县城部分路段限速标准的建议",
        _b(
            "县城新修的滨河路车流量较小，但限速标准偏低。",
            "限速标志设置不统一，群众反映易误判。",
            "一是科学评估调整限速标准；二是统一规范限速标志设置。",
        ),
        "交通运输",
        "deputy3",
        "withdrawn",
        ago=40,
        reason="经与有关部门沟通，限速标志已现场调整，撤回该建议。",
    ),
    Item(
        "关于完善社区慢性病患者健康管理的建议",
        _b(
            "澄溪街道高血压、糖尿病患者已纳入基本公共卫生服务管理。",
            "随访以电话为主，健康指导针对性不强。",
            "（待补充）",
        ),
        "教科文卫",
        "deputy",
        "draft",
        ago=2,
    ),
    Item(
        "关于改善城郊新建小区上学和出行条件的建议",
        _b(
            "城郊澄溪、南塘两个片区新建小区入住人口增长较快，配套设施滞后。",
            "一是片区小学学位紧张，大班额问题突出；二是片区没有公交线路，"
            "学生上学和群众进城出行不便。",
            "一是加快片区小学扩建；二是将县城公交线路延伸至片区。",
        ),
        "教科文卫",
        "deputy",
        "rated",
        ago=75,
        cosigners=("deputy2",),
        orgs=("edu", "jt"),
        split=(
            ("片区小学扩建", "已将片区小学扩建列入今年教育项目计划，新增学位360个。"),
            ("公交线路延伸", "已将县城3路公交延伸至澄溪片区，早晚高峰加密班次。"),
        ),
    ),
    Item(
        "关于加强县城停车设施规划建设的建议",
        _b(
            "县城机动车保有量增长较快，停车供需矛盾突出。",
            "老城区停车泊位严重不足，占道停车影响通行。",
            "一是编制县城停车设施专项规划；二是利用边角地建设"
            "公共停车场；三是推行错时共享停车。",
        ),
        "城乡建设",
        "deputy5",
        "draft",
        ago=1,
        cosigners=("deputy",),
    ),
]

REPLY_TEXT = {
    "A": (
        "{name}代表：\n　　您提出的《{title}》收悉。我单位高度重视，"
        "由主要负责同志牵头办理，并与您进行了沟通。经认真研究和落实，"
        "您反映的问题已基本解决：{action}\n　　下一步，我们将建立长效机制，"
        "巩固办理成果。感谢您对我们工作的关心和支持。"
    ),
    "B": (
        "{name}代表：\n　　您提出的《{title}》收悉。经认真研究，"
        "您的建议符合实际、针对性强，我单位已将其列入工作计划：{action}"
        "预计于{promised}前办理完毕。办理过程中我们将及时向您通报进展。"
    ),
    "C": (
        "{name}代表：\n　　您提出的《{title}》收悉。经认真研究，"
        "受资金、规划等条件制约，该事项目前尚不具备全面实施的条件。"
        "我单位已将您的建议作为今后工作的重要参考，{action}"
        "感谢您的理解和支持。"
    ),
}
CONTACT_NOTES = [
    "到现场察看了有关情况，听取了代表的意见，介绍了初步办理思路。",
    "电话沟通办理方案，代表对办理思路表示认可。",
    "召开座谈会，邀请代表和相关村（社区）负责人参加，共同研究解决办法。",
]
CONTACT_METHODS = [Contact.Method.SITE, Contact.Method.PHONE, Contact.Method.FORUM]
RATING_COMMENTS = {
    Satisfaction.SATISFIED: "办理及时，答复具体，问题得到了解决。",
    Satisfaction.BASICALLY: "办理态度认真，希望加快推进落实。",
    Satisfaction.DISSATISFIED: "答复内容与实际情况有出入，问题没有实质性解决。",
}


class _Seeder:
    """Runs every item's steps at their own past moments."""

    def __init__(self, term: Term, office: User, leader: User) -> None:
        self.term, self.office, self.leader = term, office, leader
        self.started = timezone.now()
        self.latest = self.started - datetime.timedelta(minutes=10)
        self.today = timezone.localdate()
        self.session = (
            Meeting.objects.filter(
                term=term,
                kind=Meeting.Kind.CONGRESS_SESSION,
                start_date__lte=self.today,
            )
            .order_by("start_date")
            .last()
        )
        self.categories = _categories_ensure()
        self.orgs = {
            key: Organization.objects.get(name=name) for key, (name, _p) in ORGS.items()
        }
        _org_accounts_ensure(self.orgs)
        _leaders_ensure(self.orgs)
        self.liaisons = _first_by_org(Role.ORG_LIAISON)
        self.heads = _first_by_org(Role.ORG_HEAD)
        self.deputies = _deputies(term)
        self.references: dict[str, int] = {}
        self.steps = 0
        self.previous: datetime.datetime | None = None
        self.windows: list[tuple] = []

    # Time ----------------------------------------------------------------

    def _moment(self, day: datetime.date) -> datetime.datetime:
        """A working-hours moment of `day` (a weekend moves to the Monday, or
        back to the Friday when that Monday is still to come), never before
        the item's previous step and never in the future."""
        self.steps += 1
        if day.weekday() >= 5:
            monday = day + datetime.timedelta(days=7 - day.weekday())
            friday = day - datetime.timedelta(days=day.weekday() - 4)
            day = monday if monday <= self.today else friday
        hour = 9 + self.steps * 5 % 8
        moment = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(hour, self.steps * 7 % 60))
        )
        if self.previous and moment <= self.previous:
            moment = self.previous + datetime.timedelta(minutes=23)
        self.previous = min(moment, self.latest)
        return self.previous

    def step(self, day: datetime.date, action):
        """Run action(moment): every service takes the moment as `now` and
        dates what it writes then (notices: see date_notices)."""
        moment = self._moment(day)
        begun = timezone.now()
        result = action(moment)
        self.windows.append((begun, timezone.now(), moment))
        return result

    def date_notices(self) -> None:
        """Date the notices each step sent at the step's moment (the notice
        engine does not take a time yet); older notices are read."""
        if not self.windows:
            return

        def dated(name: str, target: str = "", later=None) -> Case:
            """`target` (default `name`) set from the window `name` falls in."""
            return Case(
                *(
                    When(
                        **{f"{name}__gte": begun, f"{name}__lte": ended},
                        then=Value(later(moment) if later else moment),
                    )
                    for begun, ended, moment in self.windows
                    if later is None or later(moment)
                ),
                default=F(target or name),
                output_field=DateTimeField(),
            )

        old = self.started - datetime.timedelta(days=OLD_NOTICE_DAYS)
        notices = Notification.objects.filter(created_at__gte=self.started)
        notices.update(
            read_at=dated(
                "created_at",
                "read_at",
                lambda moment: (
                    moment + datetime.timedelta(hours=2) if moment < old else None
                ),
            )
        )
        notices.update(created_at=dated("created_at"))

    # One item ------------------------------------------------------------

    def run(self, item: Item) -> Proposal:
        days = {**(SESSION_DAYS if item.ago is None else RECESS_DAYS), **item.days}
        if item.ago is None:
            start = self.session.start_date + datetime.timedelta(days=1)
        else:
            start = self.today - datetime.timedelta(days=item.ago)
        self.start, self.days, self.previous = start, days, None
        proposal = self._submit(item)
        if item.stop in ("draft", "submitted"):
            return proposal
        if item.stop == "returned":
            return self.step(
                self.day("return"),
                lambda m: services.proposal_return(
                    proposal, user=self.office, reason=item.reason, now=m
                ),
            )
        if item.stop == "withdrawn":
            return self.step(
                self.day("withdraw"),
                lambda m: services.proposal_withdraw(
                    proposal, user=proposal.lead_deputy.user, reason=item.reason, now=m
                ),
            )
        self._register(item, proposal)
        if item.stop in ("registered", "numbered"):
            return proposal
        if item.stop == "resolved":
            self._deliberate(proposal)
            return proposal
        assignments = self._assign(item, proposal)
        lead = assignments[0]
        if item.stop == "assigned":
            return proposal
        if item.stop == "contested":
            self.step(
                self.day("contest"),
                lambda m: services.assignment_contest(
                    lead,
                    user=self.liaisons[lead.organization_id],
                    reason=item.reason,
                    now=m,
                ),
            )
            return proposal
        self._handle(item, assignments)
        if item.split:
            return self._split_handle(item, proposal, assignments)
        if item.stop == "accepted":
            self._chase(item, lead)
            return proposal
        if item.stop == "drafted":
            self._draft(item, lead, 1, "draft")
            return proposal
        for co in assignments[1:]:
            self._reply(item, co, 1, "co_reply")
        self._reply(item, lead, 1, "reply")
        if item.stop == "replied":
            return proposal
        self._rate(item, lead)
        if item.stop == "rated":
            return proposal
        return self._close(item, proposal, lead)

    def _split_handle(
        self, item: Item, proposal: Proposal, parts: list[Assignment]
    ) -> Proposal:
        """Each part meets the deputy and replies; the first part is rated,
        the others await the deputy's rating (the item stays open)."""
        for index, part in enumerate(parts[1:], start=1):
            self._contact(item, part, index)
        for part in parts:
            self._reply(item, part, 1, "reply")
        self._rate(item, parts[0])
        return proposal

    def day(self, step: str, extra: int = 0) -> datetime.date:
        return self.start + datetime.timedelta(days=self.days[step] + extra)

    def _submit(self, item: Item) -> Proposal:
        deputy = self.deputies[item.lead]
        values = {
            "kind": item.kind,
            "title": item.title,
            "body": item.body,
            "period": "session" if item.ago is None else "recess",
            "meeting": self.session if item.ago is None else None,
        }
        if not item.online:
            return self.step(
                self.start,
                lambda m: services.proposal_register_paper(
                    lead_deputy=deputy,
                    category=None,
                    user=self.office,
                    cosigners=[self.deputies[key] for key in item.cosigners],
                    now=m,
                    **values,
                ),
            )
        user = deputy.user
        before = self.start - datetime.timedelta(days=1)
        proposal = self.step(
            before,
            lambda m: services.proposal_create(
                lead_deputy=deputy,
                category=self.categories[item.category],
                term=self.term,
                user=user,
                now=m,
                **values,
            ),
        )
        if item.cosigners:
            signers = self.step(
                before,
                lambda m: services.signer_invite(
                    proposal,
                    deputies=[self.deputies[key] for key in item.cosigners],
                    user=user,
                    now=m,
                ),
            )
            if item.stop == "draft":
                return proposal
            for signer in signers:
                self.step(
                    self.start,
                    lambda m, signer=signer: services.signer_answer(
                        signer, accept=True, user=signer.deputy.user, now=m
                    ),
                )
        if item.stop == "draft":
            return proposal
        return self.step(
            self.start,
            lambda m: services.proposal_submit(proposal, user=user, now=m),
        )

    def _register(self, item: Item, proposal: Proposal) -> None:
        category = self.categories[item.category]
        self.step(
            self.day("register"),
            lambda m: services.proposal_register(
                proposal, user=self.office, category=category, now=m
            ),
        )
        if item.decision:
            self.step(
                self.day("register"),
                lambda m: services.motion_decide(
                    proposal, decision=item.decision, user=self.office, now=m
                ),
            )
        if item.stop != "registered":
            self.step(
                self.day("number"),
                lambda m: services.proposals_number(
                    [proposal], user=self.office, now=m
                ),
            )

    def _deliberate(self, proposal: Proposal) -> None:
        """A motion on the agenda: referred to a special committee, which
        reports; a resolution is adopted on it."""
        committee, _created = Organization.objects.get_or_create(
            name="青禾县人民代表大会农业与农村委员会",
            defaults={
                "short_name": "县人大农委",
                "kind": Organization.Kind.SPECIAL_COMMITTEE,
            },
        )
        review = self.step(
            self.day("refer"),
            lambda m: services.motion_refer(
                proposal,
                committee=committee,
                referred_on=timezone.localdate(m),
                user=self.office,
                now=m,
            ),
        )
        self.step(
            self.day("report"),
            lambda m: services.motion_report(
                review,
                report=(
                    "委员会经调查论证认为，议案所提问题属实、建议可行，"
                    "建议县人大常委会作出关于加强饮用水水源地保护的决议。"
                ),
                reported_on=timezone.localdate(m),
                user=self.office,
                now=m,
            ),
        )
        self.step(
            self.day("resolve"),
            lambda m: services.motion_resolve(
                review,
                outcome=MotionOutcome.RESOLUTION,
                title="青禾县人民代表大会常务委员会关于加强饮用水水源地保护的决议",
                adopted_on=timezone.localdate(m),
                text="一、依法调整完善水源保护区划；二、限期清理保护区内污染源；"
                "三、建立水源地日常巡查制度。",
                user=self.office,
                now=m,
            ),
        )

    def _assign(self, item: Item, proposal: Proposal) -> list[Assignment]:
        lead, *co = (self.orgs[key] for key in item.orgs)
        parts = (
            [
                services.SplitPart(self.orgs[key], part)
                for key, (part, _action) in zip(item.orgs, item.split, strict=True)
            ]
            if item.split
            else []
        )
        assignments = self.step(
            self.day("assign"),
            lambda m: services.proposals_assign(
                [proposal],
                lead=None if parts else lead,
                co=[] if parts else co,
                parts=parts,
                assigned_on=timezone.localdate(m),
                user=self.office,
                hard_case=item.hard_case,
                now=m,
            ),
        )
        if item.key:
            self.step(
                self.day("key"),
                lambda m: services.proposal_mark_key(
                    proposal, leaders=[self.leader], user=self.office, now=m
                ),
            )
        return sorted(assignments, key=lambda a: (a.role == AssignmentRole.CO, a.pk))

    def _handle(self, item: Item, assignments: list[Assignment]) -> None:
        for index, assignment in enumerate(assignments):
            liaison = self.liaisons[assignment.organization_id]
            self.step(
                self.day("accept", index),
                lambda m, a=assignment, u=liaison: services.assignment_accept(
                    a, user=u, now=m
                ),
            )
        self._contact(item, assignments[0])

    def _contact(self, item: Item, assignment: Assignment, extra: int = 0) -> None:
        deputy = self.deputies[item.lead]
        liaison = self.liaisons[assignment.organization_id]
        method = self.steps % len(CONTACT_METHODS)
        self.step(
            self.day("contact", extra),
            lambda m: services.contact_record(
                assignment,
                user=liaison,
                method=CONTACT_METHODS[method],
                date=timezone.localdate(m),
                participants=f"{deputy.name}代表；"
                f"{assignment.organization.short_name}{liaison.real_name}",
                notes=CONTACT_NOTES[method],
                now=m,
            ),
        )

    def _chase(self, item: Item, lead: Assignment) -> None:
        if item.extension_days:
            lead.refresh_from_db()
            due = lead.due_date + datetime.timedelta(days=item.extension_days)
            self.step(
                self.today - datetime.timedelta(days=5),
                lambda m: services.extension_request(
                    lead,
                    user=self.liaisons[lead.organization_id],
                    requested_due=due,
                    reason=item.reason,
                    now=m,
                ),
            )
        if item.urge:
            username, ago, note = item.urge
            user = User.objects.get(username=username)
            self.step(
                self.today - datetime.timedelta(days=ago),
                lambda m: services.assignment_urge(lead, user=user, note=note, now=m),
            )

    def _draft(self, item: Item, assignment: Assignment, round_: int, step: str):
        category = item.replies[round_ - 1]
        liaison = self.liaisons[assignment.organization_id]
        name, prefix = ORGS[_org_key(assignment)]
        self.references[prefix] = self.references.get(prefix, 0) + 1
        day = self.day(step, -3)
        promised = None
        if category == "B":
            promised = datetime.date(day.year + 1, 6, 30)
        action = item.action
        if assignment.part:
            done = dict(item.split)[assignment.part]
            action = f"关于由我单位办理的“{assignment.part}”部分，{done}"
        text = REPLY_TEXT[category].format(
            name=self.deputies[item.lead].name,
            title=item.title,
            action=action,
            promised=f"{promised:%Y年%-m月%-d日}" if promised else "",
        )
        if assignment.role == AssignmentRole.CO:
            text = (
                f"{name}关于《{item.title}》的协办意见：我单位同意主办单位的"
                f"办理意见，并将在职责范围内做好配合工作。{item.action}"
            )
        return self.step(
            day,
            lambda m: services.reply_draft(
                assignment,
                now=m,
                user=liaison,
                text=text,
                reference_number=f"{prefix}〔{day.year}〕{self.references[prefix]}号",
                category=category,
                signer=self.heads[assignment.organization_id].real_name,
                contact=f"{liaison.real_name} 6{assignment.organization_id:03d}"
                f"{self.references[prefix] * 37 % 1000:03d}",
                copies_to="县人大常委会办公室、县人民政府办公室",
                promised_date=promised,
            ),
        )

    def _reply(self, item: Item, assignment: Assignment, round_: int, step: str):
        reply = self._draft(item, assignment, round_, step)
        head = self.heads[assignment.organization_id]
        return self.step(
            self.day(step),
            lambda m: services.reply_approve(reply, user=head, now=m),
        )

    def _rate(self, item: Item, lead: Assignment) -> None:
        user = self.deputies[item.lead].user
        for round_, (attitude, result) in enumerate(item.ratings, start=1):
            if round_ > 1:
                self._reply(item, lead, round_, "reply2")
            self.step(
                self.day("rate" if round_ == 1 else "rate2"),
                lambda m, a=attitude, r=result: services.rating_submit(
                    lead,
                    user=user,
                    attitude=a,
                    result=r,
                    comment=RATING_COMMENTS[r],
                    now=m,
                ),
            )

    def _close(self, item: Item, proposal: Proposal, lead: Assignment) -> Proposal:
        last = "rate2" if len(item.ratings) > 1 else "rate"
        if item.supervise:
            last = "supervise"
            self.step(
                self.day(last),
                lambda m: services.assignment_finish_supervision(
                    lead,
                    user=self.office,
                    now=m,
                    note="经主任会议专题督办，承办单位已制定整改方案并向代表当面说明。",
                ),
            )
        if item.outcome:
            amount, unit, note = item.outcome
            self.step(
                self.day(last, 8),
                lambda m: services.implementation_update(
                    lead,
                    user=self.liaisons[lead.organization_id],
                    now=m,
                    status="in_progress",
                    note=note,
                    amount=amount,
                    unit=unit,
                ),
            )
        proposal = self.step(
            self.day(last, 10),
            lambda m: services.proposal_close(proposal, user=self.office, now=m),
        )
        if item.stop == "published":
            proposal = self.step(
                self.day(last, 13),
                lambda m: services.proposal_publish(proposal, user=self.office, now=m),
            )
        if item.look_back:
            self.step(
                self.day(last, 15),
                lambda m: services.proposals_select_look_back(
                    [proposal], user=self.office, now=m
                ),
            )
        return proposal


def _leaders_ensure(orgs: dict[str, Organization]) -> None:
    for order, (name, portfolio, keys) in enumerate(LEADERS):
        leader, _created = LeaderInCharge.objects.get_or_create(
            name=name, defaults={"portfolio": portfolio, "sort_order": order}
        )
        leader.organizations.add(*(orgs[key] for key in keys))


def _org_key(assignment: Assignment) -> str:
    name = assignment.organization.name
    return next(key for key, (org, _p) in ORGS.items() if org == name)


def _categories_ensure() -> dict[str, Category]:
    """The demo's categories, added to the installation's list (its default
    set from the data migration, or what the office made of it) and given
    their supervising working committee where they have none."""
    for order, (name, body) in enumerate(CATEGORIES, start=1):
        category, _created = Category.objects.get_or_create(
            name=name, defaults={"sort_order": order}
        )
        if category.supervising_body_id is None:
            category.supervising_body = Organization.objects.filter(name=body).first()
            category.save(update_fields=["supervising_body"])
    existing = {category.name: category for category in Category.objects.all()}
    return {name: existing[name] for name, _body in CATEGORIES}


@functools.cache
def _password_hash(hashers: tuple) -> str:
    # Once per hasher setting: eighteen slow hashes would take most of the
    # seeding time.
    return make_password(DEMO_PASSWORD)


def _account(username: str, real_name: str, role: Role, **fields) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "real_name": real_name,
            "password": _password_hash(tuple(settings.PASSWORD_HASHERS)),
            **fields,
        },
    )
    if created:
        user.groups.set([role.group()])
    return user


def _org_accounts_ensure(orgs: dict[str, Organization]) -> None:
    for username, real_name, role, key in ORG_ACCOUNTS:
        _account(username, real_name, role, organization=orgs[key])


def _first_by_org(role: Role) -> dict[int, User]:
    users = {}
    for user in User.objects.with_role(role).order_by("pk"):
        users.setdefault(user.organization_id, user)
    return users


def _deputies(term: Term) -> dict[str, Deputy]:
    """The demo deputy, five seeded county deputies given an account (kept
    when they have it already), and seeded deputies without one (their items
    come on paper)."""
    demo = Deputy.objects.select_related("user").get(user__username="deputy")
    deputies = {"deputy": demo}
    linked = {
        deputy.user.username: deputy
        for deputy in Deputy.objects.filter(
            user__username__in=DEPUTY_ACCOUNTS
        ).select_related("user")
    }
    free = list(
        Deputy.objects.filter(
            mandates__term=term, mandates__level=Level.COUNTY, user__isnull=True
        )
        .order_by("pk")
        .distinct()[: len(DEPUTY_ACCOUNTS) + PAPER_DEPUTIES]
    )
    for username in DEPUTY_ACCOUNTS:
        deputy = linked.get(username)
        if deputy is None:
            deputy = free.pop(0)
            deputy.user = _account(username, deputy.name, Role.DEPUTY)
            deputy.save(update_fields=["user"])
        deputies[username] = deputy
    for number, deputy in enumerate(free[:PAPER_DEPUTIES]):
        deputies[f"p{number}"] = deputy
    return deputies


def seed_proposals() -> None:
    """About forty motions and suggestions of the current term in every state;
    does nothing when the term has proposals already (or no demo deputies)."""
    from deputies.demo import seed_deputies

    term = Term.objects.filter(is_current=True).first()
    if term is None or Proposal.objects.filter(term=term).exists():
        return
    seed_deputies()
    office = User.objects.filter(username="office").first()
    leader = User.objects.filter(username="leader").first()
    if office is None or leader is None:
        return
    if not Deputy.objects.filter(user__username="deputy").exists():
        return
    with transaction.atomic():
        seeder = _Seeder(term, office, leader)
        if seeder.session is None:
            return
        items = sorted(
            ITEMS,
            key=lambda item: -(10**6) if item.ago is None else -item.ago,
        )
        for item in items:
            seeder.run(item)
        seeder.date_notices()
