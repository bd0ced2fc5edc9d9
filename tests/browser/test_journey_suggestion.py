"""The life of a recess suggestion, as the issue checks it (issue 5):

a deputy writes a suggestion on a phone with a co-signer; office staff review
and classify (审查分类), number and assign it (交办) to a lead and a
co-handling organisation; both accept (签收) and their liaisons draft, their
heads sign (签发); the deputy is dissatisfied with the result (不满意), the
lead organisation handles it again (重新办理) and replies a second time; the
deputy is satisfied (满意); staff close it (办结); the statistics show it; an
organisation it was not assigned to gets 404.
"""

import datetime
import re
from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from congress.roles import Role
from proposals.models import Assignment, AssignmentRole, AssignmentStatus, Proposal
from tests.factories.congress import PASSWORD, OrganizationFactory, UserFactory
from tests.factories.deputies import MandateFactory
from tests.factories.proposals import CategoryFactory, DeputyWithLoginFactory

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "关于硬化禾丰镇至青石村道路的建议"
BODY = "禾丰镇至青石村道路为泥结石路面，雨天泥泞，群众出行和农产品运输不便。"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


# People and base data -----------------------------------------------------------


@pytest.fixture
def people(transactional_db):
    """Two deputies serving in the current term, office staff, two assigned
    organisations (liaison and head each) and a third one's liaison."""
    lin = DeputyWithLoginFactory(name="林晓舟", user__username="lin")
    wang = DeputyWithLoginFactory(name="王建国", user__username="wang")
    for deputy in (lin, wang):
        MandateFactory(deputy=deputy)
    UserFactory(username="zhou", real_name="周文静", roles=[Role.OFFICE])
    transport = OrganizationFactory(name="县交通运输局")
    finance = OrganizationFactory(name="县财政局")
    education = OrganizationFactory(name="县教育局")
    for prefix, org, liaison, head in (
        ("jt", transport, "李明", "张建华"),
        ("cz", finance, "赵丽", "孙国强"),
    ):
        UserFactory(
            username=f"{prefix}_liaison",
            real_name=liaison,
            roles=[Role.ORG_LIAISON],
            organization=org,
        )
        UserFactory(
            username=f"{prefix}_head",
            real_name=head,
            roles=[Role.ORG_HEAD],
            organization=org,
        )
    UserFactory(
        username="jy_liaison",
        real_name="钱芳",
        roles=[Role.ORG_LIAISON],
        organization=education,
    )
    category = CategoryFactory(name="交通建设")
    return {
        "lin": lin,
        "wang": wang,
        "transport": transport,
        "finance": finance,
        "category": category,
    }


# Browser sessions: one context per person ----------------------------------------


@dataclass
class Session:
    name: str
    page: Page
    errors: list = field(default_factory=list)

    def watch(self):
        def console(message):
            if message.type == "error":
                self.errors.append(f"{message.text} [{message.location.get('url')}]")

        self.page.on("console", console)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))


@pytest.fixture
def sign_in(browser: Browser, live_server):
    """sign_in(username, phone=False) → a logged-in Session in its own context."""
    contexts = []

    def open_session(username: str, *, phone: bool = False) -> Session:
        context = browser.new_context(
            locale="zh-CN",
            extra_http_headers={"Accept-Language": "zh-CN"},
            **(PHONE if phone else DESKTOP),
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        session = Session(username, page)
        session.watch()
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("main form button[type=submit]")
        expect(page).not_to_have_url(re.compile(r"/login/"))
        return session

    yield open_session
    for context in contexts:
        context.close()


def url(live_server, name: str, *args) -> str:
    return f"{live_server.url}{reverse(name, args=args)}"


def expect_message(page: Page, text: str) -> None:
    """A success message (Django's messages come first in <main>)."""
    expect(page.locator(".alert-success").filter(has_text=text)).to_be_visible()


def proposal_of() -> Proposal:
    return Proposal.objects.get(title=TITLE)


def assignment_of(organization) -> Assignment:
    return Assignment.objects.get(proposal__title=TITLE, organization=organization)


# Deputy steps (on a phone) --------------------------------------------------------


def deputy_drafts_with_cosigner(page: Page, live_server, cosigner) -> int:
    page.goto(url(live_server, "proposals:deputy_list"))
    page.get_by_test_id("new-proposal").click()
    expect(page.locator("#id_kind_1")).to_be_checked()  # 建议 by default
    expect(page.locator("#id_period_1")).to_be_checked()  # 闭会期间
    page.fill("#id_title", TITLE)
    page.fill("#id_body", BODY)
    page.select_option("#id_cosigners", str(cosigner.pk))
    page.get_by_test_id("save").click()
    expect_message(page, "草稿已保存")
    expect(page).to_have_url(re.compile(r"/proposals/\d+/$"))
    expect(page.get_by_test_id("proposal-status")).to_have_text("草稿")
    return int(re.search(r"/proposals/(\d+)/$", page.url).group(1))


def cosigner_confirms(page: Page, live_server, pk: int) -> None:
    page.goto(url(live_server, "proposals:deputy_list"))
    request = page.get_by_test_id(f"cosign-{pk}")
    expect(request).to_contain_text(TITLE)
    request.get_by_test_id("cosign-confirm").click()
    expect_message(page, "您已同意联名。")
    expect(page.get_by_test_id(f"cosign-{pk}")).to_have_count(0)


def deputy_submits(page: Page, live_server, pk: int) -> None:
    page.goto(url(live_server, "proposals:detail", pk))
    expect(page.get_by_test_id("lead-deputy")).to_have_text("林晓舟")
    expect(page.get_by_test_id("signers")).to_contain_text("王建国")
    page.get_by_test_id("deputy-submit").click()
    page.get_by_test_id("confirm-submit").click()
    expect_message(page, "已提交")
    expect(page.get_by_test_id("proposal-status")).to_have_text("已提交，审查中")


def deputy_rates(page: Page, live_server, *, result: str) -> None:
    page.goto(url(live_server, "proposals:deputy_list"))
    to_rate = page.get_by_test_id("to-rate")
    expect(to_rate).to_contain_text(TITLE)
    to_rate.get_by_role("link", name="测评", exact=True).click()
    expect(page.get_by_test_id("reply")).to_be_visible()
    page.get_by_test_id("choices-attitude").get_by_text("满意", exact=True).click()
    page.get_by_test_id("choices-result").get_by_text(result, exact=True).click()
    page.fill("#id_comment", f"办理结果{result}。")
    page.get_by_test_id("submit-rating").click()
    expect_message(page, "感谢您的测评，已记录。")


# Office steps (on a desktop) ------------------------------------------------------


def office_reviews_and_classifies(page: Page, live_server, pk: int, category) -> None:
    page.goto(url(live_server, "proposals:office_queue"))
    row = page.get_by_test_id("queue-row").filter(has_text=TITLE)
    row.locator(f"#category-{pk}").select_option(str(category.pk))
    row.get_by_role("button", name="分类", exact=True).click()
    expect_message(page, "已审查分类1件，类别：交通建设。")


def office_numbers(page: Page, live_server, pk: int) -> None:
    page.goto(url(live_server, "proposals:office_number"))
    page.locator(f"input[name=proposals][value='{pk}']").check()
    page.get_by_test_id("number-selected").click()
    expect_message(page, "已编号1件。")


def office_assigns(page: Page, live_server, pk: int, *, lead, co) -> None:
    page.goto(url(live_server, "proposals:detail", pk))
    page.get_by_test_id("office-actions").get_by_role(
        "link", name="交办", exact=True
    ).click()
    form = page.get_by_test_id("assign-form")
    expect(form.locator(f"#item-{pk}")).to_be_checked()
    form.locator("#id_lead").select_option(str(lead.pk))
    form.locator("#id_co").select_option([str(co.pk)])
    form.get_by_role("button", name="交办", exact=True).click()
    expect_message(page, "已交办1件。")


def office_closes(page: Page, live_server, pk: int) -> None:
    page.goto(url(live_server, "proposals:detail", pk))
    page.get_by_test_id("office-actions").get_by_role(
        "link", name="办结", exact=True
    ).click()
    page.locator("main form").get_by_role("button", name="办结", exact=True).click()
    expect_message(page, f"《{TITLE}》已办结。")
    expect(page.get_by_test_id("proposal-status")).to_have_text("已办结")


def statistics_show_it(page: Page, live_server, *, lead, co) -> None:
    page.goto(url(live_server, "proposals:reports_statistics"))
    summary = page.get_by_test_id("stats-summary")
    expect(summary).to_contain_text("主办/分办件数")
    by_org = page.get_by_test_id("stats-by_organization")
    expect(by_org).to_be_visible()
    headers = [h.strip() for h in by_org.locator("thead th").all_inner_texts()]
    lead_row = by_org.locator("tbody tr").filter(has_text=lead.name)
    co_row = by_org.locator("tbody tr").filter(has_text=co.name)
    expect(lead_row).to_have_count(1)
    expect(co_row).to_have_count(1)

    def cell(row, header):
        return row.locator("th, td").nth(headers.index(header)).inner_text().strip()

    # The lead organisation: one item, replied on time with category B, closed,
    # the lead deputy's final rating 满意; the co-handling one counts apart.
    lead_figures = {
        "主办/分办件数": "1",
        "已答复": "1",
        "按期答复率(%)": "100.0",
        "办结率(%)": "100.0",
        "B类": "1",
        "满意": "1",
        "未反馈": "0",
        "满意率(%)": "100.0",
        "当前超期": "0",
    }
    assert {h: cell(lead_row, h) for h in lead_figures} == lead_figures
    assert (cell(co_row, "主办/分办件数"), cell(co_row, "协办件数")) == ("0", "1")


# Organisation steps ---------------------------------------------------------------


def open_assignment(page: Page, live_server) -> None:
    page.goto(url(live_server, "proposals:org_assignments"))
    page.get_by_test_id("org-assignment-row").filter(has_text=TITLE).click()
    expect(page.get_by_test_id("proposal-title")).to_have_text(TITLE)


def liaison_accepts(page: Page, live_server) -> None:
    # The liaison's workspace says what waits: one assignment to accept.
    page.goto(url(live_server, "workspace_org_liaison"))
    panel = page.locator("[data-panel='proposals.to_accept']")
    expect(panel.get_by_test_id("panel-count")).to_have_text("1")
    panel.get_by_role("link").click()
    expect(
        page.get_by_test_id("org-assignment-row").filter(has_text=TITLE)
    ).to_be_visible()
    open_assignment(page, live_server)
    page.get_by_test_id("org-steps").get_by_role(
        "link", name="签收", exact=True
    ).click()
    page.locator("main form").get_by_role("button", name="签收", exact=True).click()
    expect_message(page, "已签收，请在答复期限内办理。")


def liaison_drafts_reply(
    page: Page,
    live_server,
    *,
    step: str,
    text: str,
    reference: str,
    promised: datetime.date,
    signer: str,
) -> None:
    """Category B: being solved, with the promised completion date."""
    open_assignment(page, live_server)
    page.get_by_test_id("org-steps").get_by_role("link", name=step, exact=True).click()
    page.fill("#id_text", text)
    page.fill("#id_reference_number", reference)
    page.locator("input[name=category][value=B]").check()
    page.fill("#id_promised_date", promised.isoformat())
    expect(page.locator("#id_signer")).to_have_value(signer)  # the head, offered
    page.fill("#id_contact", "李明 13907410000")
    page.locator("main form").get_by_role("button", name="保存草稿").click()
    expect_message(page, "答复草稿已保存，已提请单位负责人签发。")


def head_signs(page: Page, live_server) -> None:
    open_assignment(page, live_server)
    page.get_by_test_id("org-steps").get_by_role(
        "link", name="签发答复", exact=True
    ).click()
    expect(page.get_by_test_id("draft-to-sign")).to_be_visible()
    page.locator("main form").get_by_role("button", name="签发", exact=True).click()
    expect_message(page, "答复已签发。")


def not_found_for_other_organisation(
    page: Page, live_server, pk: int, assignment: Assignment
) -> list[str]:
    """The proposal page and the assignment page are 404 and show nothing of
    it; its list does not name it. Returns the two URLs refused."""
    refused = [
        url(live_server, "proposals:detail", pk),
        url(live_server, "proposals:org_assignment", assignment.pk),
    ]
    for address in refused:
        response = page.goto(address)
        assert response.status == 404, address
        expect(page.get_by_text(TITLE)).to_have_count(0)
    page.goto(url(live_server, "proposals:org_assignments"))
    expect(page.get_by_test_id("org-count")).to_be_visible()
    expect(page.get_by_text(TITLE)).to_have_count(0)
    return refused


def only_expected_404s(errors: list[str], refused: list[str]) -> list[str]:
    """Chromium logs a refused page as a failed resource: anything else counts."""
    expected = {
        f"Failed to load resource: the server responded with a status of 404 "
        f"(Not Found) [{address}]"
        for address in refused
    }
    return [error for error in errors if error not in expected]


# The journey ----------------------------------------------------------------------


def test_suggestion_from_phone_to_closing_with_rehandling(sign_in, live_server, people):
    transport, finance = people["transport"], people["finance"]
    promised = timezone.localdate() + datetime.timedelta(days=120)

    lin = sign_in("lin", phone=True)
    wang = sign_in("wang", phone=True)
    office = sign_in("zhou")

    # A deputy writes a recess suggestion and a co-signer joins it.
    pk = deputy_drafts_with_cosigner(lin.page, live_server, people["wang"])
    cosigner_confirms(wang.page, live_server, pk)
    deputy_submits(lin.page, live_server, pk)

    # Staff review and classify, number and assign it to two organisations.
    office_reviews_and_classifies(office.page, live_server, pk, people["category"])
    office_numbers(office.page, live_server, pk)
    assert proposal_of().number == 1
    office_assigns(office.page, live_server, pk, lead=transport, co=finance)
    lead, co = assignment_of(transport), assignment_of(finance)
    assert (lead.role, co.role) == (AssignmentRole.LEAD, AssignmentRole.CO)

    # Both accept; the co-handling organisation sends its opinion to the lead.
    jt_liaison, jt_head = sign_in("jt_liaison"), sign_in("jt_head")
    cz_liaison, cz_head = sign_in("cz_liaison"), sign_in("cz_head")
    liaison_accepts(jt_liaison.page, live_server)
    liaison_accepts(cz_liaison.page, live_server)
    liaison_drafts_reply(
        cz_liaison.page,
        live_server,
        step="起草协办意见",
        text="我局将把该路段硬化资金列入明年预算。",
        reference="县财函〔2026〕8号",
        promised=promised,
        signer="孙国强",
    )
    head_signs(cz_head.page, live_server)

    # The lead organisation replies with category B; its head signs.
    liaison_drafts_reply(
        jt_liaison.page,
        live_server,
        step="起草答复",
        text="该路段已列入农村公路提升计划，预计年内完成硬化。",
        reference="县交函〔2026〕12号",
        promised=promised,
        signer="张建华",
    )
    head_signs(jt_head.page, live_server)
    lead.refresh_from_db()
    assert lead.status == AssignmentStatus.REPLIED

    # Dissatisfied with the result: the lead organisation handles it again.
    deputy_rates(lin.page, live_server, result="不满意")
    lead.refresh_from_db()
    assert (lead.status, lead.round) == (AssignmentStatus.RE_HANDLING, 2)
    open_assignment(jt_liaison.page, live_server)
    expect(jt_liaison.page.get_by_test_id("our-assignment")).to_contain_text("重新办理")

    liaison_drafts_reply(
        jt_liaison.page,
        live_server,
        step="起草答复",
        text="经实地会商，已落实资金，硬化工程下月开工。",
        reference="县交函〔2026〕20号",
        promised=promised,
        signer="张建华",
    )
    head_signs(jt_head.page, live_server)

    # The second reply satisfies; both assignments are done and staff close it.
    deputy_rates(lin.page, live_server, result="满意")
    lead.refresh_from_db()
    co.refresh_from_db()
    assert (lead.status, co.status) == (AssignmentStatus.DONE, AssignmentStatus.DONE)
    office_closes(office.page, live_server, pk)

    # The statistics reflect it.
    statistics_show_it(office.page, live_server, lead=transport, co=finance)

    # An organisation it was not assigned to cannot see it.
    jy_liaison = sign_in("jy_liaison")
    refused = not_found_for_other_organisation(jy_liaison.page, live_server, pk, lead)

    # No console error or uncaught exception on any page of anyone.
    for session in (lin, wang, office, jt_liaison, jt_head, cz_liaison, cz_head):
        assert session.errors == [], session.name
    assert only_expected_404s(jy_liaison.errors, refused) == [], jy_liaison.name
