"""Demo appointments of the fictional county (青禾县). Every name is invented.

Four batches, one per standing-committee meeting of the second half of 2026,
all made through appointments.services and congress.ballots:
- meeting 24 (June): three cases; one passes, one fails the exam, is
  postponed, passes the make-up and is appointed; one has a majority of the
  members present but not of all members and is not appointed; certificates
  and a collective oath;
- meeting 25 (August): twenty people's assessors in one batch, certificates
  printed as one PDF, the oath with one assessor absent (flagged);
- meeting 26 (October): a resignation accepted and an appointment whose
  oath is overdue;
- meeting 27 (coming): a case at every step before the vote, an exam open
  for the demo candidate, a postponed case with its make-up scheduled.
"""

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from appointments import services
from appointments.models import (
    AppointmentSettings,
    Appraisal,
    Batch,
    Case,
    CaseStatus,
    Person,
    Post,
    Question,
    Tenure,
    Topic,
)
from congress import ballots
from congress.demo import DEMO_PASSWORD
from congress.models import Ballot, Meeting, Organization, Term, User
from congress.roles import Role

TZ = ZoneInfo("Asia/Shanghai")
PERSONNEL_BODY = "选举任免代表联络工作委员会"
MEMBER_NAMES = [
    "王建军",
    "李秀英",
    "张志强",
    "刘丽华",
    "杨国庆",
    "赵红梅",
    "黄文斌",
    "周晓东",
    "吴玉兰",
    "徐海波",
    "孙建平",
    "马春燕",
    "朱振华",
    "胡明亮",
    "郭淑芬",
    "何立群",
    "高卫东",
    "林雪梅",
    "罗永刚",
]
# (organisation, post, form)
POSTS = [
    ("青禾县教育局", "局长", Post.Form.DECIDE),
    ("青禾县交通运输局", "局长", Post.Form.DECIDE),
    ("青禾县卫生健康局", "局长", Post.Form.DECIDE),
    ("青禾县住房和城乡建设局", "局长", Post.Form.DECIDE),
    ("青禾县农业农村局", "局长", Post.Form.DECIDE),
    ("青禾县人民法院", "副院长", Post.Form.APPOINT),
    ("青禾县人民法院", "审判员", Post.Form.APPOINT),
    ("青禾县人民法院", "人民陪审员", Post.Form.APPOINT),
    ("青禾县人民检察院", "副检察长", Post.Form.APPOINT),
    ("青禾县监察委员会", "委员", Post.Form.APPOINT),
]
# (topic, kind, text, options, answer)
QUESTIONS = [
    (
        "宪法",
        "single",
        "我国的根本制度是什么？",
        ["社会主义制度", "人民代表大会制度", "民族区域自治制度", "基层群众自治制度"],
        "A",
    ),
    (
        "宪法",
        "single",
        "中华人民共和国的一切权力属于谁？",
        ["国家机关", "人民", "全国人民代表大会", "中国共产党"],
        "B",
    ),
    (
        "宪法",
        "single",
        "县级人民代表大会每届任期几年？",
        ["三年", "四年", "五年", "六年"],
        "C",
    ),
    ("宪法", "true_false", "宪法宣誓仪式可以采取单独宣誓或者集体宣誓的形式。", [], "T"),
    ("宪法", "true_false", "国家工作人员就职时可以自行决定是否进行宪法宣誓。", [], "F"),
    (
        "宪法",
        "multiple",
        "下列属于公民基本权利的有哪些？",
        ["选举权和被选举权", "言论自由", "受教育的权利", "依法纳税"],
        "ABC",
    ),
    (
        "地方组织法",
        "single",
        "县级人大常委会会议由谁召集？",
        ["常委会主任", "县长", "人大代表", "县委书记"],
        "A",
    ),
    (
        "地方组织法",
        "single",
        "常委会决定任命须经常委会全体组成人员的多少通过？",
        ["三分之一以上", "过半数", "三分之二以上", "出席人员过半数"],
        "B",
    ),
    (
        "地方组织法",
        "true_false",
        "县级人大常委会根据县长的提名，可以决定副县长的个别任免。",
        [],
        "T",
    ),
    (
        "地方组织法",
        "multiple",
        "县级人大常委会任免的人员包括哪些？",
        ["人民法院副院长", "人民检察院副检察长", "政府组成部门负责人", "乡镇党委书记"],
        "ABC",
    ),
    (
        "监督法",
        "single",
        "各级人大常委会听取和审议专项工作报告的年度计划，应向谁通报并向社会公布？",
        ["本级人大代表", "上级人大", "本级政府", "本级党委"],
        "A",
    ),
    (
        "监督法",
        "true_false",
        "常委会组成人员对专项工作报告的审议意见交由本级人民政府研究处理。",
        [],
        "T",
    ),
    (
        "监督法",
        "single",
        "质询案由谁提出？",
        ["常委会组成人员五人以上联名", "任何公民", "一名代表", "政府部门"],
        "A",
    ),
    (
        "监督法",
        "multiple",
        "常委会行使监督职权的形式包括哪些？",
        ["听取和审议专项工作报告", "执法检查", "询问和质询", "直接处理案件"],
        "ABC",
    ),
    (
        "代表法",
        "single",
        "代表在人大各种会议上的发言和表决，受何种保护？",
        ["不受法律追究", "须经批准", "可被追究", "须事先报告"],
        "A",
    ),
    (
        "代表法",
        "true_false",
        "代表应当与原选区选民或者原选举单位保持密切联系。",
        [],
        "T",
    ),
    (
        "行政法律法规",
        "single",
        "行政复议机关应当自受理申请之日起多少日内作出决定（一般情形）？",
        ["三十日", "六十日", "九十日", "十五日"],
        "B",
    ),
    (
        "行政法律法规",
        "true_false",
        "行政机关作出行政处罚决定前，应当告知当事人拟作出的处罚内容及事实、理由、依据。",
        [],
        "T",
    ),
    (
        "行政法律法规",
        "multiple",
        "依法行政的基本要求包括哪些？",
        ["合法行政", "合理行政", "程序正当", "高效便民"],
        "ABCD",
    ),
    (
        "党内法规",
        "single",
        "党管干部原则在地方国家机关人事任免中主要体现为：",
        ["党委推荐、人大依法任免", "人大自行提名", "政府直接任命", "代表联名决定"],
        "A",
    ),
    (
        "宪法",
        "short",
        "简述宪法宣誓制度的意义。",
        [],
        "树立宪法权威，增强国家工作人员宪法意识，激励其忠于宪法、遵守宪法、维护宪法。",
    ),
    (
        "监督法",
        "short",
        "简述任命人员接受人大常委会监督的主要方式。",
        [],
        "听取专项工作报告、执法检查、询问和质询、述职评议、满意度测评等。",
    ),
]


def seed_appointments() -> None:
    """Idempotent: the demo appointments exist once."""
    if Batch.objects.filter(title__startswith="第二十四次会议").exists():
        return
    with transaction.atomic():
        world = _world()
        _batch_june(world)
        _batch_assessors(world)
        _batch_october(world)
        _batch_coming(world)
        _appraisals(world)


class World:
    pass


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)


def _world() -> World:
    from appointments.defaults import install_defaults
    from appointments.models import ChecklistItem, StepOrder

    install_defaults(StepOrder, ChecklistItem, Topic)
    world = World()
    body = Organization.objects.get(name=PERSONNEL_BODY)
    settings_row = AppointmentSettings.load()
    settings_row.personnel_body = body
    settings_row.issuer = "青禾县人民代表大会常务委员会"
    settings_row.number_prefix = "青人常任"
    settings_row.save()
    password = make_password(DEMO_PASSWORD)
    world.staff, _created = User.objects.get_or_create(
        username="personnel",
        defaults={"real_name": "任晓梅", "working_body": body, "password": password},
    )
    world.staff.groups.add(Role.OFFICE.group())
    world.members = list(
        User.objects.filter(groups__name=Role.MEMBER, is_active=True).order_by("pk")
    )
    for n, name in enumerate(MEMBER_NAMES, start=1):
        member, _created = User.objects.get_or_create(
            username=f"cm{n:02d}", defaults={"real_name": name, "password": password}
        )
        member.groups.add(Role.MEMBER.group())
        world.members.append(member)
    term = Term.objects.get(is_current=True)
    world.meetings = {
        meeting.number: meeting
        for meeting in Meeting.objects.filter(
            term=term, kind=Meeting.Kind.COMMITTEE_MEETING
        )
    }
    world.meetings[27], _created = Meeting.objects.get_or_create(
        term=term,
        kind=Meeting.Kind.COMMITTEE_MEETING,
        number=27,
        defaults={
            "start_date": datetime.date(2026, 12, 24),
            "end_date": datetime.date(2026, 12, 25),
            "place": "县人大常委会会议室",
        },
    )
    world.posts = {}
    for org_name, post_name, form in POSTS:
        org = Organization.objects.get(name=org_name)
        world.posts[(org_name, post_name)], _created = Post.objects.get_or_create(
            organization=org, name=post_name, defaults={"form": form}
        )
    world.government = Organization.objects.get(name="青禾县人民政府")
    world.court = Organization.objects.get(name="青禾县人民法院")
    world.procuratorate = Organization.objects.get(name="青禾县人民检察院")
    _questions(world)
    return world


def _questions(world: World) -> None:
    topics = {topic.name: topic for topic in Topic.objects.all()}
    Question.objects.bulk_create(
        Question(
            topic=topics[topic],
            kind=kind,
            text=text,
            options=options,
            answer=answer,
            points=10 if kind == "short" else 4,
        )
        for topic, kind, text, options, answer in QUESTIONS
    )
    spec = {
        topics[name]: n
        for name, n in [
            ("宪法", 5),
            ("地方组织法", 4),
            ("监督法", 4),
            ("代表法", 2),
            ("行政法律法规", 3),
            ("党内法规", 1),
        ]
    }
    world.paper = services.paper_draw(
        title="任前法律知识考试试卷（一）", spec=spec, user=world.staff, seed=7
    )


def _case(world, case_type, name, post, *, batch, nominating=None, **kwargs):
    person = Person.objects.create(
        name=name,
        gender=kwargs.pop("gender", "male"),
        birth_date=kwargs.pop("birth_date", datetime.date(1978, 5, 1)),
        current_post=kwargs.pop("current_post", ""),
    )
    return services.case_create(
        case_type=case_type,
        person=person,
        post=world.posts[post],
        nominating_body=nominating or world.government,
        letter_number=kwargs.pop("letter", "青政任〔2026〕1号"),
        letter_date=batch.meeting.start_date - datetime.timedelta(days=20),
        batch=batch,
        user=world.staff,
        now=_at(batch.meeting.start_date - datetime.timedelta(days=20)),
        **kwargs,
    )


def _checks(world, case, day):
    for check in case.checks.filter(done_on__isnull=True).select_related("item"):
        dates = {}
        if check.item.with_dates:
            dates = {
                "period_start": day - datetime.timedelta(days=12),
                "period_end": day - datetime.timedelta(days=5),
            }
        services.check_record(
            check,
            user=world.staff,
            done_on=day - datetime.timedelta(days=4),
            now=_at(day - datetime.timedelta(days=4), 15),
            **dates,
        )


def _advance_to(world, case, status, day):
    """Steps done (checks, texts) until the case is at `status`."""
    _checks(world, case, day)
    case.refresh_from_db()
    while case.status != status:
        if case.status == CaseStatus.EXAM:
            raise ValueError("the exam moves the case")
        if case.status in (CaseStatus.INTRODUCTION, CaseStatus.STATEMENT):
            services.case_texts_update(
                case,
                user=world.staff,
                introduction=f"{case.person.name}同志政治立场坚定，熟悉本职业务，"
                "工作实绩突出，群众评价较好。经组织考察，拟提请任命。",
                statement="若获任命，我将忠于宪法，依法履职，自觉接受人大监督，"
                "勤勉尽责，廉洁奉公，不辜负组织和人民的信任。",
                now=_at(day - datetime.timedelta(days=3), 8),
            )
        case = services.case_advance(
            case, user=world.staff, now=_at(day - datetime.timedelta(days=3), 9)
        )
    return case


def _exam(world, cases, day, *, title, scores, makeup=False):
    """A session on `day`; each case's nominee gets right answers to the
    share of objective questions in `scores` (in order) and marks."""
    session = services.session_create(
        title=title,
        paper=world.paper,
        starts_at=_at(day, 9),
        ends_at=_at(day, 11),
        duration_minutes=90,
        user=world.staff,
        place="县人大常委会二楼会议室",
    )
    for case, share in zip(cases, scores, strict=True):
        attempt = services.attempt_assign(
            session, case, user=world.staff, mode="paper", now=_at(day, 8)
        )
        answers = {}
        items = list(attempt.answers.select_related("item__question"))
        for n, answer in enumerate(items):
            question = answer.item.question
            right = n < round(share * len(items))
            if question.kind == Question.Kind.SHORT:
                answers[answer.item_id] = question.answer[:30]
            else:
                answers[answer.item_id] = question.answer if right else "Z"
        services.attempt_enter_paper(
            attempt, user=world.staff, answers=answers, now=_at(day, 11)
        )
        for answer in attempt.answers.filter(points__isnull=True):
            services.answer_mark(
                answer,
                user=world.staff,
                points=round(answer.item.points * share),
                now=_at(day, 15),
            )
    return session


def _vote(world, case, *, passes=True, day):
    """A paper ballot on the statutory roll as it is (other apps' demo data
    may add members): three quarters present; for a pass, more than half of
    all members vote for; for a fail, exactly half of all members — a
    majority of those present, not of all members."""
    roll = ballots.body_roll(Ballot.Body.COMMITTEE)
    users = list(roll.users.order_by("pk"))
    present = min(len(users), roll.size * 3 // 4 + 1)
    for_ = min(present - 1, roll.size // 2 + 2) if passes else roll.size // 2
    ballot = services.case_ballot_create(case, user=world.staff, now=_at(day, 9))
    ballot = ballots.ballot_open(ballot, present=users[:present], user=world.staff)
    ballots.ballot_record_paper_totals(
        ballot,
        totals={"for": for_, "against": present - for_ - 1, "abstain": 1},
        user=world.staff,
    )
    ballot = ballots.ballot_close(ballot, user=world.staff)
    Ballot.objects.filter(pk=ballot.pk).update(closed_at=_at(day, 11))
    ballot.refresh_from_db()
    return services.case_vote_result(case, ballot=ballot, now=_at(day, 11))


def _certify(world, cases, day):
    for case in cases:
        services.certificate_issue(case, user=world.staff, today=day, now=_at(day, 14))


def _batch_june(world) -> None:
    meeting = world.meetings[24]
    day = meeting.start_date
    batch = services.batch_create(
        title="第二十四次会议任免事项", meeting=meeting, user=world.staff
    )
    a = _case(
        world,
        "decide",
        "沈立明",
        ("青禾县教育局", "局长"),
        batch=batch,
        current_post="青禾县教育局副局长",
    )
    b = _case(
        world,
        "decide",
        "韩晓琳",
        ("青禾县卫生健康局", "局长"),
        batch=batch,
        gender="female",
        current_post="青禾县人民医院院长",
    )
    c = _case(
        world,
        "appoint",
        "邓志远",
        ("青禾县人民法院", "副院长"),
        batch=batch,
        nominating=world.court,
        current_post="青禾县人民法院审判委员会委员",
    )
    exam_day = day - datetime.timedelta(days=10)
    for case in (a, b, c):
        _advance_to(world, case, CaseStatus.EXAM, exam_day)
    _exam(
        world,
        [a, b, c],
        exam_day,
        title="2026年第一批任前法律知识考试",
        scores=[0.9, 0.4, 0.8],
    )
    _exam(
        world,
        [b],
        exam_day + datetime.timedelta(days=5),
        title="2026年第一批任前法律知识考试（补考）",
        scores=[0.85],
    )
    for case in (a, b, c):
        _advance_to(world, Case.objects.get(pk=case.pk), CaseStatus.VOTE, day)
    # 21 members; 16 present: 18 and 15 for pass, 10 for is a majority of
    # those present but not of all 21 members.
    a = _vote(world, a, day=day)
    b = _vote(world, b, day=day)
    _vote(world, c, passes=False, day=day)
    _certify(world, [a, b], day)
    services.ceremony_record(
        held_on=day,
        place="县人大常委会会议室",
        meeting=meeting,
        presiding="陈国华",
        oath_leader="沈立明",
        form="collective",
        anthem_sung=True,
        cases=[a, b],
        user=world.staff,
        now=_at(day, 16),
    )


ASSESSOR_NAMES = [
    "方晓燕",
    "石建国",
    "姚春梅",
    "谭文华",
    "廖志刚",
    "邹丽娟",
    "熊海涛",
    "金秀珍",
    "陆振宇",
    "郝玉芳",
    "孔德明",
    "白雪莲",
    "崔永福",
    "康慧敏",
    "毛建华",
    "邱桂兰",
    "秦立新",
    "江美玲",
    "史国栋",
    "顾春霞",
]


def _batch_assessors(world) -> None:
    meeting = world.meetings[25]
    day = meeting.start_date
    batch = services.batch_create(
        title="第二十五次会议任命人民陪审员", meeting=meeting, user=world.staff
    )
    cases = [
        _case(
            world,
            "assessor",
            name,
            ("青禾县人民法院", "人民陪审员"),
            batch=batch,
            nominating=world.court,
            letter="青法〔2026〕21号",
            gender="female" if n % 2 else "male",
        )
        for n, name in enumerate(ASSESSOR_NAMES)
    ]
    cases = [_advance_to(world, case, CaseStatus.VOTE, day) for case in cases]
    cases = [_vote(world, case, day=day) for case in cases]
    _certify(world, cases, day)
    services.ceremony_record(
        held_on=day,
        place="县人民法院审判庭",
        meeting=meeting,
        presiding="陈国华",
        oath_leader="方晓燕",
        form="collective",
        anthem_sung=True,
        cases=cases[:-1],
        absent=cases[-1:],
        user=world.staff,
        now=_at(day, 16),
    )


def _batch_october(world) -> None:
    meeting = world.meetings[26]
    day = meeting.start_date
    batch = services.batch_create(
        title="第二十六次会议任免事项", meeting=meeting, user=world.staff
    )
    holder = Person.objects.create(
        name="冯振东", gender="male", birth_date=datetime.date(1966, 3, 2)
    )
    tenure = Tenure.objects.create(
        person=holder,
        post=world.posts[("青禾县交通运输局", "局长")],
        start_date=datetime.date(2022, 2, 20),
    )
    resign = services.case_create(
        case_type="resign",
        person=holder,
        post=tenure.post,
        nominating_body=world.government,
        letter_number="青政任〔2026〕9号",
        batch=batch,
        ends_tenure=tenure,
        user=world.staff,
        now=_at(day - datetime.timedelta(days=15)),
    )
    resign = _advance_to(world, resign, CaseStatus.VOTE, day)
    _vote(world, resign, day=day)
    late = _case(
        world,
        "appoint",
        "雷鸣",
        ("青禾县人民检察院", "副检察长"),
        batch=batch,
        nominating=world.procuratorate,
    )
    late = _advance_to(world, late, CaseStatus.EXAM, day - datetime.timedelta(days=9))
    _exam(
        world,
        [late],
        day - datetime.timedelta(days=9),
        title="2026年第三批任前法律知识考试",
        scores=[0.95],
    )
    late = _advance_to(world, Case.objects.get(pk=late.pk), CaseStatus.VOTE, day)
    late = _vote(world, late, day=day)
    _certify(world, [late], day)


def _batch_coming(world) -> None:
    meeting = world.meetings[27]
    # Registered 20 days before the meeting; the work so far done since.
    day = meeting.start_date - datetime.timedelta(days=16)
    exam_day = day - datetime.timedelta(days=2)
    batch = services.batch_create(
        title="第二十七次会议任免事项", meeting=meeting, user=world.staff
    )
    _case(world, "appoint", "蒋文涛", ("青禾县监察委员会", "委员"), batch=batch)
    review = _case(
        world,
        "appoint",
        "田思远",
        ("青禾县人民法院", "审判员"),
        batch=batch,
        nominating=world.court,
    )
    services.case_advance(review, user=world.staff)
    introduced = _case(
        world,
        "appoint",
        "范一鸣",
        ("青禾县人民法院", "审判员"),
        batch=batch,
        nominating=world.court,
    )
    _advance_to(world, introduced, CaseStatus.EXAM, day)
    _exam(
        world,
        [introduced],
        exam_day,
        title="2026年第四批任前法律知识考试（范一鸣）",
        scores=[0.9],
    )
    at_exam = _case(
        world,
        "decide",
        "夏雨晴",
        ("青禾县住房和城乡建设局", "局长"),
        batch=batch,
        gender="female",
    )
    _advance_to(world, at_exam, CaseStatus.EXAM, day)
    postponed = _case(
        world, "decide", "贺建伟", ("青禾县农业农村局", "局长"), batch=batch
    )
    _advance_to(world, postponed, CaseStatus.EXAM, day)
    first = _exam(
        world,
        [postponed],
        exam_day,
        title="2026年第四批任前法律知识考试",
        scores=[0.35],
    )
    # The demo candidate's exam: open for the coming week, taken on a phone.
    now = timezone.now()
    session = services.session_create(
        title="2026年第四批任前法律知识考试（网上考试及补考）",
        paper=first.paper,
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(days=7),
        duration_minutes=60,
        user=world.staff,
    )
    services.attempt_assign(session, at_exam, user=world.staff)
    candidate, _created = User.objects.get_or_create(
        username="candidate",
        defaults={"real_name": "夏雨晴", "password": make_password(DEMO_PASSWORD)},
    )
    candidate.groups.add(Role.CANDIDATE.group())
    Person.objects.filter(pk=at_exam.person_id).update(user=candidate)
    statement = _case(
        world,
        "appoint",
        "彭晓光",
        ("青禾县人民检察院", "副检察长"),
        batch=batch,
        nominating=world.procuratorate,
    )
    _advance_to(world, statement, CaseStatus.EXAM, day)
    _exam(
        world,
        [statement],
        exam_day,
        title="2026年第四批任前法律知识考试（彭晓光）",
        scores=[0.8],
    )
    services.case_texts_update(
        Case.objects.get(pk=statement.pk),
        user=world.staff,
        introduction="彭晓光同志长期从事检察工作，业务能力强。",
        statement="",
    )
    services.case_advance(Case.objects.get(pk=statement.pk), user=world.staff)
    ready = _case(
        world,
        "assessor",
        "唐佳音",
        ("青禾县人民法院", "人民陪审员"),
        batch=batch,
        nominating=world.court,
        gender="female",
    )
    ready = _advance_to(world, ready, CaseStatus.VOTE, day)
    services.case_ballot_create(ready, user=world.staff)


VICE_CHAIRS = ["许文军", "蔡慧琴", "潘志明"]


def _appraisals(world) -> None:
    """述职评议: one official satisfied in 2026; another dissatisfied in 2025
    and again in 2026, so staff are prompted to draft an interpellation."""
    from appointments.services import appraisals as svc

    password = make_password(DEMO_PASSWORD)
    for n, name in enumerate(VICE_CHAIRS, start=1):
        chair, _created = User.objects.get_or_create(
            username=f"vc{n:02d}", defaults={"real_name": name, "password": password}
        )
        chair.groups.add(Role.LEADER.group(), Role.MEMBER.group())
    leaders = list(ballots.body_roll(Ballot.Body.CHAIRPERSONS).users)
    post = world.posts[("青禾县人民检察院", "副检察长")]
    court = world.posts[("青禾县人民法院", "副院长")]
    weak = Tenure.objects.create(
        person=Person.objects.create(name="孟庆林", gender="male"),
        post=post,
        start_date=datetime.date(2021, 9, 28),
    )
    good = Tenure.objects.create(
        person=Person.objects.create(name="祁文海", gender="male"),
        post=court,
        start_date=datetime.date(2021, 9, 28),
    )
    deputy = User.objects.filter(username="deputy").first()
    if deputy is not None:
        svc.topic_submit(
            user=deputy,
            year=2026,
            about="县人民检察院副检察长",
            text="公益诉讼案件办理进展缓慢，群众反映的问题如何整改？",
        )
    first = svc.appraisal_propose(tenure=weak, year=2025, user=world.staff)
    _appraisal_vote(
        world,
        svc.appraisal_selection_ballot(first, user=world.staff),
        leaders,
        {"for": len(leaders)},
    )
    _appraise(
        world,
        svc,
        first,
        datetime.date(2025, 9, 25),
        {"satisfied": 3, "basically_satisfied": 5, "dissatisfied": 10},
    )
    _appraise(
        world,
        svc,
        Appraisal.objects.get(year=2026, tenure=weak),
        datetime.date(2026, 9, 24),
        {"satisfied": 2, "basically_satisfied": 6, "dissatisfied": 11},
    )
    ok = svc.appraisal_propose(tenure=good, year=2026, user=world.staff)
    _appraisal_vote(
        world,
        svc.appraisal_selection_ballot(ok, user=world.staff),
        leaders,
        {"for": len(leaders)},
    )
    _appraise(
        world,
        svc,
        ok,
        datetime.date(2026, 9, 24),
        {"satisfied": 14, "basically_satisfied": 4, "dissatisfied": 1},
    )


def _appraisal_vote(world, ballot, present, totals):
    ballot = ballots.ballot_open(ballot, present=present, user=world.staff)
    ballots.ballot_record_paper_totals(ballot, totals=totals, user=world.staff)
    ballot = ballots.ballot_close(ballot, user=world.staff)
    from appointments.services import appraisals as svc

    svc.appraisal_vote_result(Appraisal.objects.get(pk=ballot.object_id), ballot=ballot)


def _appraise(world, svc, appraisal, day, totals):
    appraisal.refresh_from_db()
    svc.appraisal_hold_session(
        appraisal,
        user=world.staff,
        held_on=day,
        now=_at(day, 9),
        report=f"{appraisal.person.name}同志{appraisal.year}年度述职报告：围绕年度目标任务，"
        "依法履职，现将主要工作和存在的问题报告如下……",
    )
    ballot = svc.appraisal_scoring_ballot(appraisal, user=world.staff)
    users = list(ballots.body_roll(Ballot.Body.COMMITTEE).users.order_by("pk"))
    _appraisal_vote(world, ballot, users[: sum(totals.values())], totals)
    appraisal.refresh_from_db()
    svc.appraisal_publish(appraisal, user=world.staff)
