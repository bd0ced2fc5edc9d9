"""Demo supervision of the fictional county (青禾县): the current year's plan
with items in every state, each step taken through supervision.services at a
plausible moment of the year.

The county education bureau (县教育局, the demo account "liaison") answers
its 审议意见书 late, is reminded before and after the deadline, and its
handling report fails the satisfaction vote: it is rectifying now. The
health bureau's item failed its first vote and passed the second (再审制);
the transport bureau's failed twice and waits for the chairpersons' meeting.
A satisfaction vote is open for the demo members ("member", "leader").
Every name and number is invented.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone, translation

from congress import ballots, reminders
from congress.models import Ballot, Meeting, Organization, Term, User
from congress.roles import Role
from supervision import services
from supervision.models import Form, Item, Plan

# Committee members besides the demo accounts "leader" and "member", so that
# votes have a realistic roll (15 members).
MEMBERS = [
    ("cm01", "王建平"),
    ("cm02", "刘淑芬"),
    ("cm03", "张国强"),
    ("cm04", "杨秀兰"),
    ("cm05", "黄志明"),
    ("cm06", "吴丽华"),
    ("cm07", "徐卫东"),
    ("cm08", "孙晓燕"),
    ("cm09", "马德胜"),
    ("cm10", "朱红梅"),
    ("cm11", "胡永刚"),
    ("cm12", "郭玉兰"),
    ("cm13", "何振华"),
]
STAFF = ("jkw", "李明哲", "教育科学文化卫生工作委员会")
LIAISONS = [
    ("wjj", "钱思远", "青禾县卫生健康局"),
    ("jtj", "冯海涛", "青禾县交通运输局"),
    ("zjj", "韩秀梅", "青禾县住房和城乡建设局"),
    ("nyj", "曹德明", "青禾县农业农村局"),
    ("fy", "邓立群", "青禾县人民法院"),
    ("jcy", "彭晓光", "青禾县人民检察院"),
    ("zf", "袁志诚", "青禾县人民政府办公室"),
]
# (number, month, day) of committee and chairpersons' meetings the plan needs.
COMMITTEE_MEETINGS = [(21, 2, 27), (22, 4, 28), (24, 6, 26), (25, 8, 28), (26, 10, 29)]
COUNCIL_MEETINGS = [(33, 3, 5), (36, 7, 3), (39, 9, 4), (41, 11, 5)]

TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)
PASS = {"satisfied": 8, "basically_satisfied": 3, "dissatisfied": 1}
FAIL = {"satisfied": 3, "basically_satisfied": 3, "dissatisfied": 6}


@dataclass
class Story:
    form: str
    topic: str
    org: str
    body: str
    month: int
    steps: list
    law: str = ""


EDU = "青禾县教育局"


def _stories(year: int) -> list[Story]:
    return [
        Story(
            Form.WORK_REPORT,
            "关于全县义务教育优质均衡发展情况的报告",
            EDU,
            "教育科学文化卫生工作委员会",
            6,
            ["heard:24", "sent:7-6", "answer_late", "vote:26:fail"],
        ),
        Story(
            Form.WORK_REPORT,
            "关于基层医疗卫生服务体系建设情况的报告",
            "青禾县卫生健康局",
            "教育科学文化卫生工作委员会",
            2,
            [
                "heard:21",
                "sent:3-6",
                "report:4-20",
                "vote:22:fail",
                "rectify:6-15",
                "vote:24:pass",
            ],
        ),
        Story(
            Form.WORK_REPORT,
            "关于农村客运班线通达情况的报告",
            "青禾县交通运输局",
            "财政经济工作委员会",
            2,
            [
                "heard:21",
                "sent:3-6",
                "report:4-20",
                "vote:22:fail",
                "rectify:6-15",
                "vote:24:fail",
            ],
        ),
        Story(
            Form.WORK_REPORT,
            "关于全县农村公路建设养护情况的报告",
            "青禾县交通运输局",
            "财政经济工作委员会",
            8,
            ["heard:25", "sent:9-7", "report:10-20", "vote:26:pass"],
        ),
        Story(
            Form.WORK_REPORT,
            "关于县人民法院执行工作情况的报告",
            "青禾县人民法院",
            "法制工作委员会",
            8,
            ["heard:25", "sent:9-7", "report:11-2"],
        ),
        Story(
            Form.WORK_REPORT,
            "关于县人民检察院公益诉讼工作情况的报告",
            "青禾县人民检察院",
            "法制工作委员会",
            8,
            ["heard:25", "sent:9-7", "report:10-30", "open_vote"],
        ),
        Story(
            Form.WORK_REPORT,
            "关于城镇老旧小区改造工作情况的报告",
            "青禾县住房和城乡建设局",
            "财政经济工作委员会",
            10,
            ["heard:26", "sent:11-6", "answer_some"],
        ),
        Story(
            Form.WORK_REPORT,
            "关于高标准农田建设情况的报告",
            "青禾县农业农村局",
            "农业农村工作委员会",
            10,
            ["heard:26", "draft"],
        ),
        Story(
            Form.LAW_INSPECTION,
            "《中华人民共和国食品安全法》执法检查",
            "青禾县卫生健康局",
            "教育科学文化卫生工作委员会",
            8,
            ["visit", "heard:25", "close"],
            law="中华人民共和国食品安全法",
        ),
        Story(
            Form.WORK_REPORT,
            f"关于{year}年度环境状况和环境保护目标完成情况的报告",
            "青禾县人民政府办公室",
            "财政经济工作委员会",
            12,
            ["preparing"],
        ),
        Story(
            Form.AUDIT_RECTIFICATION,
            f"关于{year - 1}年度县级预算执行和其他财政收支审计查出问题整改情况的报告",
            "青禾县人民政府办公室",
            "财政经济工作委员会",
            12,
            [],
        ),
        Story(
            Form.INSPECTION_TOUR,
            "全县重点项目建设情况视察",
            "青禾县人民政府办公室",
            "财政经济工作委员会",
            5,
            ["cancel"],
        ),
    ]


def _at(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 10, tzinfo=TZ)


def _on(date: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(date, datetime.time(hour), tzinfo=TZ)


def _account(username, name, roles, **links) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"real_name": name, "password": make_password(None), **links},
    )
    if created:
        user.groups.add(*(role.group() for role in roles))
    return user


class _Seeder:
    def __init__(self, year: int, term: Term):
        from congress.demo import DEMO_PASSWORD

        self.year = year
        self.plan = services.plan_ensure(year=year, user=None)
        Plan.objects.filter(pk=self.plan.pk).update(
            title=f"青禾县人大常委会{year}年度监督工作计划",
            adopted_on=datetime.date(year, 1, 20),
        )
        self.meetings = {
            number: self._meeting(term, Meeting.Kind.COMMITTEE_MEETING, number, m, d)
            for number, m, d in COMMITTEE_MEETINGS
        }
        self.councils = {
            (m, d): self._meeting(term, Meeting.Kind.COUNCIL_MEETING, number, m, d)
            for number, m, d in COUNCIL_MEETINGS
        }
        upcoming = timezone.localdate() + datetime.timedelta(days=17)
        self.meetings[27] = self._meeting(
            term,
            Meeting.Kind.COMMITTEE_MEETING,
            27,
            upcoming.month,
            upcoming.day,
            year=upcoming.year,
        )
        for username, name in MEMBERS:
            _account(username, name, [Role.MEMBER])
        body = Organization.objects.get(name=STAFF[2])
        self.staff = _account(STAFF[0], STAFF[1], [Role.OFFICE], working_body=body)
        if self.staff.password.startswith("!"):
            self.staff.password = make_password(DEMO_PASSWORD)
            self.staff.save(update_fields=["password"])
        # A liaison for each supervised body that has none from other demos.
        for username, name, org in LIAISONS:
            organization = Organization.objects.get(name=org)
            if not User.objects.filter(organization=organization).with_role(
                Role.ORG_LIAISON
            ):
                _account(username, name, [Role.ORG_LIAISON], organization=organization)
        self.members = list(
            User.objects.with_role(Role.MEMBER).distinct().order_by("pk")
        )

    def _meeting(self, term, kind, number, month, day, *, year=None) -> Meeting:
        date = datetime.date(year or self.year, month, day)
        meeting, _created = Meeting.objects.get_or_create(
            term=term,
            kind=kind,
            number=number,
            defaults={
                "start_date": date,
                "end_date": date,
                "place": "县人大常委会会议室",
            },
        )
        return meeting

    def org_user(self, item: Item) -> User:
        return (
            User.objects.filter(organization=item.organization)
            .with_role(Role.ORG_LIAISON)
            .order_by("pk")
            .first()
        )

    def run(self, story: Story) -> None:
        item = services.item_create(
            self.plan,
            user=self.staff,
            form=story.form,
            topic=story.topic,
            working_body=Organization.objects.get(name=story.body),
            organization=Organization.objects.get(name=story.org),
            law=story.law,
            planned_month=story.month,
            members=self.members[:3],
            now=_at(self.year, 1, 20),
        )
        for step in story.steps:
            name, *args = step.split(":")
            getattr(self, f"step_{name}")(item, *args)
            item.refresh_from_db()

    # Steps ------------------------------------------------------------------

    def step_preparing(self, item):
        meeting = self.meetings[27]
        start = meeting.start_date - datetime.timedelta(days=25)
        services.item_prepare(
            item,
            user=self.staff,
            meeting=meeting,
            now=_on(start, 10),
        )
        item.refresh_from_db()
        received = item.report_due_on - datetime.timedelta(days=1)
        services.item_report_receive(
            item,
            user=self.org_user(item),
            revised=False,
            now=_on(received, 9),
        )

    def step_visit(self, item):
        """Two visits with deputies; they enter the deputies' files."""
        from deputies.models import Deputy

        demo = Deputy.objects.filter(user__username="deputy")
        item.deputies.set([*demo, *Deputy.objects.order_by("pk")[:3]])
        for day, place, findings in (
            (6, "城区农贸市场", ["部分摊位索证索票不全", "冷链运输温度记录缺失"]),
            (7, "禾丰镇中心学校食堂", ["食品留样记录不规范"]),
        ):
            services.visit_record(
                item,
                user=self.staff,
                date=datetime.date(self.year, 7, day),
                place=place,
                note="听取汇报，现场察看，随机抽查",
                findings=findings,
                now=_at(self.year, 7, day),
            )

    def step_heard(self, item, number):
        meeting = self.meetings[int(number)]
        day = meeting.start_date
        prepare = _at(day.year, day.month, day.day) - datetime.timedelta(days=35)
        services.item_prepare(item, user=self.staff, meeting=meeting, now=prepare)
        item.refresh_from_db()
        org_user = self.org_user(item)
        late = 2 if item.organization.name == EDU else -1
        for revised, due in ((False, item.report_due_on), (True, item.revised_due_on)):
            when = _on(due + datetime.timedelta(days=late), 16)
            services.item_report_receive(item, user=org_user, revised=revised, now=when)
        services.item_circulate(
            item,
            user=self.staff,
            now=_on(item.circulate_on, 11),
        )
        services.item_deliberate(
            item,
            user=self.staff,
            deliberation=(
                "常委会组成人员认为，报告内容全面，措施有力，成效明显。"
                "同时指出，工作中仍存在投入不足、发展不平衡、长效机制不健全等问题，"
                "建议进一步压实责任，补齐短板。"
            ),
            now=_at(day.year, day.month, day.day) + datetime.timedelta(hours=5),
        )

    def _opinion(self, item, when):
        return services.opinion_save(
            item,
            user=self.staff,
            title=f"关于《{item.topic}》的审议意见",
            doc_number=f"青人常审〔{self.year}〕{item.pk}号",
            preamble=(
                f"县人大常委会第{item.meeting.number}次会议听取和审议了"
                f"{item.organization.name}《{item.topic.removeprefix('关于')}》。"
                "现将常委会组成人员的审议意见归纳如下，请认真研究处理。"
            ),
            points=[
                "进一步提高思想认识，把该项工作摆在更加突出的位置，压实工作责任。",
                "加大资金投入，建立稳定增长的保障机制，确保各项任务落到实处。",
                "聚焦群众反映强烈的突出问题，列出问题清单，逐项整改销号。",
                "健全长效机制，加强督促检查，定期向县人大常委会报告工作进展。",
            ],
            now=when,
        )

    def step_draft(self, item):
        self._opinion(item, _at(self.year, 11, 3))

    def step_sent(self, item, month_day):
        month, day = (int(part) for part in month_day.split("-"))
        sent = _at(self.year, month, day)
        opinion = self._opinion(item, sent - datetime.timedelta(days=5))
        council = max(
            (c for (m, d), c in self.councils.items() if (m, d) < (month, day)),
            key=lambda c: c.start_date,
        )
        services.opinion_agree(
            opinion,
            user=self.staff,
            council_meeting=council,
            now=_at(self.year, council.start_date.month, council.start_date.day),
        )
        opinion.refresh_from_db()
        services.opinion_send(opinion, user=self.staff, now=sent)

    def _answer_all(self, item, when):
        for n, point in enumerate(item.opinion.points.exclude(status="closed")):
            services.point_answer(
                point,
                user=self.org_user(item),
                answer=(
                    "已召开专题会议研究部署，制定整改方案，明确责任单位和完成时限；"
                    "目前已完成阶段性任务。"
                ),
                evidence="整改方案、会议纪要、资金拨付文件",
                now=when + datetime.timedelta(hours=n),
            )

    def _report(self, item, when, text="研究处理情况报告"):
        self._answer_all(item, when - datetime.timedelta(days=2))
        services.handling_report_submit(
            item, user=self.org_user(item), summary=text, now=when
        )

    def step_report(self, item, month_day):
        month, day = (int(part) for part in month_day.split("-"))
        self._report(item, _at(self.year, month, day))

    def step_rectify(self, item, month_day):
        month, day = (int(part) for part in month_day.split("-"))
        self._report(item, _at(self.year, month, day), "整改情况报告")

    def step_answer_late(self, item):
        """The education bureau is reminded before and after the deadline
        (the reminder engine's sweeps on those days), then answers late."""
        due = item.opinion.handling_due_on
        keys = ["supervision.handling_due"]
        for days in (14, 3, -1, -14):
            reminders.scan(due - datetime.timedelta(days=days), keys=keys)
        when = _on(due + datetime.timedelta(days=15), 15)
        self._report(item, when)

    def step_answer_some(self, item):
        points = list(item.opinion.points.all()[:2])
        for point in points:
            services.point_answer(
                point,
                user=self.org_user(item),
                answer="已纳入年度改造计划，正在组织实施。",
                now=_at(self.year, 11, 20),
            )

    def _ballot(self, item, meeting) -> tuple[Ballot, datetime.datetime]:
        """The item's ballot opened at `meeting` with 12 of the 15 present."""
        when = _on(meeting.start_date, 10)
        vote = services.item_vote_create(
            item,
            user=self.staff,
            mode=Ballot.Mode.ONLINE,
            meeting=meeting,
            now=when - datetime.timedelta(days=1),
        )
        ballot = ballots.ballot_open(
            vote.ballot, present=self.members[:12], user=self.staff
        )
        return ballot, when

    def step_vote(self, item, number, outcome):
        meeting = self.meetings[int(number)]
        totals = PASS if outcome == "pass" else FAIL
        ballot, when = self._ballot(item, meeting)
        voters = iter(ballot.voters.filter(present=True).order_by("user_id"))
        for option, count in totals.items():
            for _n in range(count):
                ballots.ballot_cast(ballot, voter=next(voters).user, option=option)
        with transaction.atomic():
            ballot = ballots.ballot_close(ballot, user=self.staff)
            services.item_vote_settle(ballot, now=when + datetime.timedelta(hours=3))
        ballots.ballot_publish(ballot, user=self.staff)
        Ballot.objects.filter(pk=ballot.pk).update(
            opened_at=when, closed_at=when + datetime.timedelta(hours=3)
        )

    def step_open_vote(self, item):
        """An open vote: the demo accounts "member" and "leader" may still vote."""
        meeting = self.meetings[27]
        ballot, _when = self._ballot(item, meeting)
        demo = {"member", "leader"}
        present = ballot.voters.filter(present=True).select_related("user")
        for voter in present.exclude(user__username__in=demo)[:6]:
            ballots.ballot_cast(ballot, voter=voter.user, option="satisfied")

    def step_close(self, item):
        services.item_close(
            item,
            user=self.staff,
            comment="执法检查报告已印发，检查发现的问题纳入跟踪监督。",
            now=_at(self.year, 9, 5),
        )

    def step_cancel(self, item):
        services.item_cancel(
            item,
            user=self.staff,
            reason="经主任会议研究，并入下半年重点项目专项视察。",
            now=_at(self.year, 4, 10),
        )


PROJECTS = [
    ("城区学校“课后服务”全覆盖", "青禾县教育局", "public"),
    ("新建乡镇卫生院发热门诊3个", "青禾县卫生健康局", "government"),
    ("农村公路危桥改造20座", "青禾县交通运输局", "deputies"),
    ("老旧小区加装电梯50部", "青禾县住房和城乡建设局", "public"),
    ("高标准农田建设2万亩", "青禾县农业农村局", "government"),
    ("城区新增公共停车位1000个", "青禾县住房和城乡建设局", "deputies"),
    ("农村学校食堂提质改造", "青禾县教育局", "deputies"),
    ("城乡公交一体化延伸线路5条", "青禾县交通运输局", "public"),
    ("村卫生室标准化建设30个", "青禾县卫生健康局", "public"),
    ("农村饮水安全巩固提升工程", "青禾县农业农村局", "government"),
]
# Ticks per candidate on the paper ballots (of 140 cast, 5 ticks at most each).
TICKS = [128, 121, 110, 92, 85, 62, 44, 30, 18, 10]


def _seed_livelihood(seeder: "_Seeder") -> None:
    """Ten candidates voted down to five at the session (paper ballots); the
    government's progress, a problem list, and the published year-end vote."""
    from supervision import livelihood

    year = seeder.year
    if not ballots.body_roll(Ballot.Body.CONGRESS).size:
        return
    session = Meeting.objects.filter(
        kind=Meeting.Kind.CONGRESS_SESSION, start_date__year=year
    ).first()
    projects = [
        livelihood.project_propose(
            year=year,
            title=title,
            source=source,
            department=Organization.objects.get(name=org),
            user=seeder.staff,
        )
        for title, org, source in PROJECTS
    ]
    vote = livelihood.selection_create(
        year=year, seats=5, meeting=session, user=seeder.staff
    )
    roll = ballots.body_roll(Ballot.Body.CONGRESS)
    when = _on(session.start_date if session else datetime.date(year, 1, 8), 15)
    present = max(roll.size * 9 // 10, 1)
    vote = livelihood.selection_open(
        vote, present_count=present, user=seeder.staff, now=when
    )
    cast = min(140, present)
    livelihood.selection_record_paper(
        vote,
        ballots_cast=cast,
        totals={p.pk: n * cast // 140 for p, n in zip(projects, TICKS, strict=True)},
        user=seeder.staff,
    )
    selected = livelihood.selection_close(
        vote, user=seeder.staff, now=when + datetime.timedelta(hours=1)
    )
    for n, project in enumerate(selected):
        department_user = (
            User.objects.filter(organization=project.department)
            .with_role(Role.ORG_LIAISON)
            .order_by("pk")
            .first()
        )
        for month, percent in ((6, 40 + 10 * n), (11, 100 if n < 3 else 85)):
            livelihood.project_progress_report(
                project,
                user=department_user,
                percent=percent,
                text="项目按计划推进，资金已拨付到位。"
                if percent < 100
                else "项目已全部完工并投入使用。",
                now=_at(year, month, 15),
            )
    livelihood.issue_add(
        selected[3],
        user=seeder.staff,
        text="部分小区居民意见不统一，加装电梯进度滞后",
        responsible="县住建局、所在街道",
        due_on=datetime.date(year, 12, 31),
    )
    done = selected[0]
    ballot = livelihood.project_evaluation_create(
        done, user=seeder.staff, meeting=seeder.meetings[26]
    )
    ballot = ballots.ballot_open(ballot, present=seeder.members[:12], user=seeder.staff)
    ballots.ballot_record_paper_totals(
        ballot,
        totals={"satisfied": 9, "basically_satisfied": 2, "dissatisfied": 1},
        user=seeder.staff,
    )
    with transaction.atomic():
        ballot = ballots.ballot_close(ballot, user=seeder.staff)
        livelihood.project_evaluation_settle(ballot)
    ballots.ballot_publish(ballot, user=seeder.staff)


def _seed_interpellation(seeder: "_Seeder") -> None:
    """The transport bureau's item failed twice: two members have signed a
    draft interpellation; one more signature is needed."""
    from supervision import interpellations

    item = Item.objects.filter(plan=seeder.plan, status="escalated").first()
    if item is None:
        return
    draft = interpellations.interpellation_draft(
        organization=item.organization,
        subject=f"关于{item.topic.removeprefix('关于').removesuffix('的报告')}的质询案",
        reason=(
            "县人大常委会对该单位审议意见研究处理情况和整改情况两次进行满意度测评，"
            "满意率均未达到规定比例。请该单位就整改不力的原因、责任落实和下一步措施"
            "作出答复。"
        ),
        item=item,
        user=seeder.staff,
        now=_at(seeder.year, 7, 2),
    )
    for member in seeder.members[2:4]:
        interpellations.interpellation_sign(
            draft, member=member, now=_at(seeder.year, 7, 3)
        )
    _seed_investigation(seeder, item)


def _seed_investigation(seeder: "_Seeder", item: Item) -> None:
    """The chairpersons' meeting proposed a special investigation of the
    same item; the standing committee has not decided yet."""
    from supervision import investigations

    investigations.investigation_propose(
        subject=f"关于{item.topic.removeprefix('关于').removesuffix('的报告')}"
        "的特定问题调查",
        organization=item.organization,
        reason="审议意见研究处理情况两次满意度测评未通过，主任会议建议提请常委会"
        "会议决定组织特定问题调查委员会。",
        council_meeting=seeder.councils.get((9, 4)),
        item=item,
        user=seeder.staff,
    )


DOCUMENTS = [
    # (title, issuer, month, day, days to file, outcome)
    (
        "县加快首创之区建设促进重点产业发展扶持办法",
        "青禾县人民政府办公室",
        1,
        15,
        20,
        "no_issue",
    ),
    ("县大力开放招商工作实施方案", "青禾县人民政府办公室", 2, 20, 25, "no_issue"),
    (
        "县全面治理拖欠农民工工资问题的实施办法",
        "青禾县人民政府办公室",
        3,
        2,
        38,
        "corrected",
    ),
    ("县义务教育阶段学生入学管理办法", "青禾县教育局", 4, 10, 15, "no_issue"),
    ("县城镇老旧小区改造资金管理办法", "青禾县住房和城乡建设局", 6, 1, 29, "revoked"),
    ("县农村公路养护管理办法", "青禾县交通运输局", 8, 18, 12, "review"),
    ("县基层医疗卫生机构绩效考核办法", "青禾县卫生健康局", 10, 9, 26, "filed"),
    ("县高标准农田建设项目管理办法", "青禾县农业农村局", 11, 3, None, None),
]


def _seed_filings(seeder: "_Seeder") -> None:
    """A year of normative documents in every state; one filed late and
    corrected, one awaiting filing past its deadline."""
    from supervision import filings

    year = seeder.year
    for title, issuer, month, day, days, outcome in DOCUMENTS:
        organization = Organization.objects.get(name=issuer)
        published = datetime.date(year, month, day)
        document = filings.document_register(
            title=title,
            doc_number=f"青政规〔{year}〕{month}号",
            issuer=organization,
            published_on=published,
            user=seeder.staff,
        )
        if days is None:
            continue
        filed = published + datetime.timedelta(days=days)
        user = (
            User.objects.filter(organization=organization)
            .with_role(Role.ORG_LIAISON)
            .order_by("pk")
            .first()
        )
        filings.document_file(document, user=user, today=filed)
        if outcome == "filed":
            continue
        filings.document_review_start(
            document, user=seeder.staff, reviewers="法制工作委员会、律师代表"
        )
        if outcome == "review":
            continue
        reviewed = filed + datetime.timedelta(days=14)
        correction = outcome != "no_issue"
        filings.document_conclude(
            document,
            user=seeder.staff,
            outcome="correction" if correction else "no_issue",
            findings="个别条款与上位法不一致，建议修改" if correction else "",
            today=reviewed,
        )
        if correction:
            filings.document_correction(
                document,
                user=seeder.staff,
                outcome=outcome,
                today=reviewed + datetime.timedelta(days=20),
            )


SESSION_REPORTS = [
    ("县人民代表大会常务委员会工作报告", "青禾县人大常委会办公室"),
    ("县人民政府工作报告", "青禾县人民政府"),
    ("县人民法院工作报告", "青禾县人民法院"),
    ("县人民检察院工作报告", "青禾县人民检察院"),
]


def _seed_cards(seeder: "_Seeder") -> None:
    """The session's work reports open for opinion cards; the demo deputy
    has filled one."""
    from supervision import cards
    from supervision.models import SessionReport

    session = Meeting.objects.filter(
        kind=Meeting.Kind.CONGRESS_SESSION, start_date__year=seeder.year
    ).first()
    deputy = User.objects.filter(username="deputy").first()
    if session is None:
        return
    for title, org in SESSION_REPORTS:
        report = SessionReport.objects.create(
            meeting=session,
            title=title,
            organization=Organization.objects.get(name=org),
        )
        if deputy and org == "青禾县人民政府":
            cards.card_submit(
                report,
                deputy=deputy,
                rating="basically_satisfied",
                opinion="建议加快城区停车设施建设，缓解老城区停车难问题。",
            )


APPRAISAL_CANDIDATES = [
    # (department, paper votes for, stage reached)
    ("青禾县教育局", 12, "rectification"),
    ("青禾县卫生健康局", 11, "closed"),
    ("青禾县农业农村局", 10, "investigation"),
    ("青禾县交通运输局", 5, None),
    ("青禾县住房和城乡建设局", 4, None),
]


def _paper_vote(seeder: "_Seeder", ballot: Ballot, totals: dict) -> Ballot:
    ballot = ballots.ballot_open(ballot, present=seeder.members[:13], user=seeder.staff)
    ballots.ballot_record_paper_totals(ballot, totals=totals, user=seeder.staff)
    return ballots.ballot_close(ballot, user=seeder.staff)


def _seed_appraisals(seeder: "_Seeder") -> None:
    """Five candidates put to the committee's vote at the February meeting,
    three selected: the education bureau (the demo "liaison") is rectifying,
    the health bureau's rectification passed its vote, the agriculture
    bureau is under investigation; the transport bureau was appraised the
    year before (coverage)."""
    from supervision import appraisals

    year, staff = seeder.year, seeder.staff
    body = staff.working_body
    if len(seeder.members) < 13:
        return
    appraisals.appraisal_propose(
        year=year - 1,
        department=Organization.objects.get(name="青禾县交通运输局"),
        working_body=body,
        user=staff,
        now=_at(year - 1, 2, 1),
    )
    [ballot] = appraisals.appraisal_vote_create(
        year=year - 1, user=staff, mode=Ballot.Mode.PAPER, now=_at(year - 1, 2, 27)
    )
    _settle_paper(seeder, ballot, 12)
    stages = {}
    for name, _for, _stage in APPRAISAL_CANDIDATES:
        stages[name] = appraisals.appraisal_propose(
            year=year,
            department=Organization.objects.get(name=name),
            working_body=body,
            user=staff,
            now=_at(year, 1, 25),
        )
    made = appraisals.appraisal_vote_create(
        year=year,
        user=staff,
        mode=Ballot.Mode.PAPER,
        meeting=seeder.meetings[21],
        now=_at(year, 2, 27),
    )
    for (name, votes_for, stage), ballot in zip(
        APPRAISAL_CANDIDATES, made, strict=True
    ):
        _settle_paper(seeder, ballot, votes_for)
        appraisal = stages[name]
        appraisal.refresh_from_db()
        if stage:
            _appraisal_to(seeder, appraisal, stage)


def _settle_paper(seeder: "_Seeder", ballot: Ballot, votes_for: int) -> None:
    from supervision import appraisals

    others = 13 - votes_for
    ballot = _paper_vote(
        seeder,
        ballot,
        {"for": votes_for, "against": others - others // 2, "abstain": others // 2},
    )
    appraisals.appraisal_ballot_settle(ballot)
    ballots.ballot_publish(ballot, user=seeder.staff)


def _appraisal_to(seeder: "_Seeder", appraisal, stage: str) -> None:
    from supervision import appraisals

    year, staff = seeder.year, seeder.staff
    appraisal = appraisals.appraisal_prepare(
        appraisal,
        user=staff,
        work_plan=f"{appraisal.department.name}工作评议实施方案：按照准备、调查、"
        "审议、整改四个阶段，为期六个月。",
        team="评议调查组：常委会副主任任组长，教科文卫工委主任任副组长",
        announced_on=datetime.date(year, 3, 6),
        now=_at(year, 3, 6),
    )
    appraisal = appraisals.appraisal_investigate(
        appraisal, user=staff, now=_at(year, 3, 20)
    )
    if stage == "investigation":
        return
    appraisal = appraisals.appraisal_deliberate(
        appraisal,
        user=staff,
        investigation="走访座谈16次，查阅资料120余份，现场察看基层站所9个，"
        "发放问卷300份。",
        opinions_collected=86,
        problems_found=12,
        meeting=seeder.meetings[24],
        now=_at(year, 5, 30),
    )
    appraisal = appraisals.appraisal_opinion_send(
        appraisal,
        user=staff,
        opinion="一、进一步提高服务效能；二、加强队伍建设；三、健全制度机制。"
        "请于规定期限内书面报告整改情况。",
        now=_at(year, 6, 27),
    )
    if stage == "rectification":
        return
    liaison = (
        User.objects.filter(organization=appraisal.department)
        .with_role(Role.ORG_LIAISON)
        .order_by("pk")
        .first()
    )
    appraisal = appraisals.appraisal_rectification_report(
        appraisal,
        user=liaison or staff,
        report="针对审议意见提出的12个问题，逐条制定整改措施，已全部整改到位。",
        now=_at(year, 8, 20),
    )
    ballot = appraisals.appraisal_satisfaction_create(
        appraisal, user=staff, mode=Ballot.Mode.PAPER, meeting=seeder.meetings[25]
    )
    ballot = _paper_vote(
        seeder,
        ballot,
        {"satisfied": 9, "basically_satisfied": 3, "dissatisfied": 1},
    )
    appraisals.appraisal_ballot_settle(ballot)
    ballots.ballot_publish(ballot, user=staff)
    appraisal.refresh_from_db()
    appraisals.appraisal_feedback(
        appraisal,
        user=staff,
        feedback="评议结果已书面报告县委，并在县人大网站公示。",
        now=_at(year, 9, 10),
    )


PUBLIC_QUESTIONS = [
    ("李女士", "13900001111", "城区老旧小区电动车充电难，消防隐患怎么解决？", True),
    ("", "13900002222", "危化品运输车辆夜间经过村庄，有没有监管？", None),
    ("王先生", "13900003333", "广告：代办各类证件。", False),
]


def _seed_public_questions(seeder: "_Seeder") -> None:
    """The coming meeting's TV inquiry on work safety takes the public's
    questions: one accepted, one awaiting moderation, one not accepted."""
    from supervision import public

    item = services.item_create(
        seeder.plan,
        user=seeder.staff,
        form=Form.INQUIRY,
        topic="电视网络问政：全县安全生产工作",
        working_body=Organization.objects.get(name="财政经济工作委员会"),
        organization=Organization.objects.get(name="青禾县人民政府"),
        meeting=seeder.meetings[27],
        planned_month=seeder.meetings[27].start_date.month,
        public_questions=True,
    )
    for name, phone, text, accept in PUBLIC_QUESTIONS:
        entry = public.public_question_submit(
            item,
            citizen_name=name,
            citizen_phone=phone,
            question=text,
            client=f"demo-{phone}",
        )
        if accept is not None:
            public.public_question_moderate(
                entry,
                user=seeder.staff,
                accept=accept,
                moderation_note="" if accept else "与问政主题无关",
            )


MATTERS = [
    # (title, quarter, last step)
    ("县城市总体规划实施评估报告", 1, "decide"),
    ("城区供水PPP项目纳入财政预算", 2, "submit"),
    ("县级政府债务限额调整方案", 3, "research"),
    ("县国有资产管理情况综合报告", 4, None),
]


def _seed_matters(seeder: "_Seeder") -> None:
    """The year's list of major matters the county government must bring to
    the committee: one decided, one submitted, one researched, one listed."""
    from supervision import matters

    government = Organization.objects.get(name="青禾县人民政府")
    year, staff = seeder.year, seeder.staff
    for title, quarter, last in MATTERS:
        matter = matters.matter_list_add(
            year=year,
            title=title,
            organization=government,
            planned_quarter=quarter,
            user=staff,
        )
        if last is None:
            continue
        matter = matters.matter_research(
            matter,
            user=staff,
            research="财政经济工作委员会会同财政、审计部门和专家进行了前期调研论证。",
        )
        if last == "research":
            continue
        matter = matters.matter_submit(
            matter, user=staff, submitted_on=datetime.date(year, quarter * 3 - 1, 10)
        )
        if last == "decide":
            matters.matter_decide(
                matter,
                user=staff,
                decision="会议审议通过，作出批准的决定。",
                decided_on=datetime.date(year, 2, 27),
                meeting=seeder.meetings[21],
            )


def seed_supervision() -> None:
    """The current year's plan in every state; does nothing when the year has
    a plan already or the demo structure is missing."""
    year = timezone.localdate().year
    term = Term.objects.filter(is_current=True).first()
    if term is None or Plan.objects.filter(year=year).exists():
        return
    if not User.objects.filter(username="liaison").exists():
        return
    # Titles the services store (ballots, the plan) are written in the
    # installation's language; management commands run untranslated.
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        seeder = _Seeder(year, term)
        for story in _stories(year):
            seeder.run(story)
        _seed_livelihood(seeder)
        _seed_interpellation(seeder)
        _seed_filings(seeder)
        _seed_cards(seeder)
        _seed_appraisals(seeder)
        _seed_public_questions(seeder)
        _seed_matters(seeder)
