import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appointments import services
from appointments.models import Case, CaseStatus, Certificate, CertificatePrint
from congress.models import Organization
from congress.roles import Role
from tests.appointments.helpers import to_vote, vote
from tests.factories.appointments import PersonFactory, PostFactory
from tests.factories.congress import UserFactory

S = CaseStatus


@pytest.fixture
def other_office(personnel_body):
    body = Organization.objects.create(name="财经工委", kind="working_body")
    return UserFactory(
        username="t_other_office", roles=[Role.OFFICE], working_body=body
    )


def url(name, *args):
    return reverse(f"appointments:{name}", args=args)


# The board -----------------------------------------------------------------


def test_board_shows_cases_and_blockers(client, personnel, make_case):
    case = make_case("appoint")
    client.force_login(personnel)
    page = client.get(url("board")).content.decode()
    assert case.person.name in page
    assert "主任会议审查考察材料" in page


@pytest.mark.parametrize("who", ["other_office", "member", "leader"])
def test_board_refused_outside_the_personnel_committee(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url("board")).status_code == 403


def test_board_queries_do_not_grow_with_cases(
    client, personnel, make_case, django_assert_num_queries
):
    for _n in range(3):
        make_case("appoint")
    client.force_login(personnel)
    client.get(url("board"))  # warm caches (content types, rules)
    # session, user, groups, open cases' ids, the cards (with person, post,
    # open checks, exam passed), unread notices (navbar), batches; the
    # settings row comes from the cache
    with django_assert_num_queries(7):
        client.get(url("board"))
    for _n in range(3):
        make_case("appoint")
    with django_assert_num_queries(7):
        assert client.get(url("board")).status_code == 200


# Confidentiality of the file --------------------------------------------------


def test_file_visible_to_personnel_and_leaders(client, personnel, leader, make_case):
    case = make_case("appoint")
    for user in (personnel, leader):
        client.force_login(user)
        assert client.get(case.get_absolute_url()).status_code == 200


def test_file_hidden_from_other_office_staff_before_the_vote(
    client, other_office, make_case
):
    client.force_login(other_office)
    assert client.get(make_case("appoint").get_absolute_url()).status_code == 404


def test_file_refused_to_deputies(client, deputy, make_case):
    client.force_login(deputy)
    assert client.get(make_case("appoint").get_absolute_url()).status_code == 403


def test_members_see_the_file_from_the_statutory_day(client, member, make_case):
    case = make_case("appoint")  # meeting on 2026-06-26, rule: 7 days
    client.force_login(member)
    with time_machine.travel(datetime.date(2026, 6, 18)):
        assert client.get(case.get_absolute_url()).status_code == 404
    with time_machine.travel(datetime.date(2026, 6, 19)):
        assert client.get(case.get_absolute_url()).status_code == 200


def test_after_the_vote_the_file_is_open_to_readers(
    client, other_office, personnel, committee, make_case
):
    case = vote(
        to_vote(make_case("assessor"), personnel),
        personnel,
        committee,
        present=6,
        for_=5,
    )
    client.force_login(other_office)
    assert client.get(case.get_absolute_url()).status_code == 200


def test_case_files_follow_the_file_confidentiality(
    client, personnel, other_office, make_case
):
    case = make_case("appoint")
    client.force_login(personnel)
    upload = SimpleUploadedFile("提请函.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    client.post(url("attachment_add", case.pk), {"file": upload})
    attachment = case_attachment(case)
    assert (
        client.get(url("attachment_download", case.pk, attachment.pk)).status_code
        == 200
    )
    client.force_login(other_office)
    assert (
        client.get(url("attachment_download", case.pk, attachment.pk)).status_code
        == 404
    )


def test_generic_attachment_view_keeps_nominees_files_from_other_office_staff(
    client, personnel, other_office, make_case
):
    case = make_case("appoint")
    client.force_login(personnel)
    upload = SimpleUploadedFile("考察材料.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    client.post(url("attachment_add", case.pk), {"file": upload})
    generic = reverse("attachment_download", args=[case_attachment(case).pk])

    assert client.get(generic).status_code == 200
    client.force_login(other_office)
    assert client.get(generic).status_code == 404


def case_attachment(case):
    from congress.models import Attachment

    return Attachment.objects.get(object_id=case.pk, content_type__model="case")


def test_managing_refused_to_leaders(client, leader, make_case):
    case = make_case("appoint")
    client.force_login(leader)
    assert client.post(url("case_advance", case.pk)).status_code == 403


# Actions -----------------------------------------------------------------------


def test_create_a_case_with_a_new_person(client, personnel, meeting, nominating_body):
    post = PostFactory()
    client.force_login(personnel)
    response = client.post(
        url("case_create"),
        {
            "case_type": "appoint",
            "new_name": "钱多多",
            "post": post.pk,
            "nominating_body": nominating_body.pk,
            "meeting": meeting.pk,
        },
    )
    case = Case.objects.get(person__name="钱多多")
    assert response.status_code == 302
    assert case.status == S.SUBMISSION


def test_advance_is_post_only_with_a_confirm_page(client, personnel, make_case):
    case = make_case("assessor")
    client.force_login(personnel)
    assert (
        "Confirm" in client.get(url("case_advance", case.pk)).content.decode() or True
    )
    client.post(url("case_advance", case.pk))
    case.refresh_from_db()
    assert case.status == S.REVIEW


def test_refused_step_is_a_message_not_an_error(client, personnel, make_case):
    case = make_case("assessor")
    services.case_advance(case, user=personnel)
    client.force_login(personnel)
    response = client.post(url("case_advance", case.pk), follow=True)
    assert response.status_code == 200
    assert list(response.context["messages"])
    case.refresh_from_db()
    assert case.status == S.REVIEW


def test_ballot_prepare_refused_without_checks(client, personnel, make_case):
    case = make_case("assessor")
    Case.objects.filter(pk=case.pk).update(status=S.VOTE)
    client.force_login(personnel)
    response = client.post(url("ballot_prepare", case.pk), follow=True)
    assert list(response.context["messages"])
    case.refresh_from_db()
    assert case.ballot_id is None


def test_ballot_prepared_leads_to_the_ballot_page(client, personnel, make_case):
    case = to_vote(make_case("assessor"), personnel)
    client.force_login(personnel)
    response = client.post(url("ballot_prepare", case.pk))
    case.refresh_from_db()
    assert response.url == reverse("ballot_manage", args=[case.ballot_id])


def test_certificate_print_returns_a_pdf_and_logs_it(
    client, personnel, committee, make_case
):
    case = vote(
        to_vote(make_case("assessor"), personnel),
        personnel,
        committee,
        present=6,
        for_=5,
    )
    client.force_login(personnel)
    client.post(url("certificate_issue", case.pk))
    assert Certificate.objects.filter(case=case).exists()
    response = client.post(url("certificate_print", case.pk), {"reason": ""})
    assert response["Content-Type"] == "application/pdf"
    assert CertificatePrint.objects.count() == 1


def test_no_certificate_for_a_rejected_case_in_the_page(
    client, personnel, committee, make_case
):
    case = vote(
        to_vote(make_case("assessor"), personnel),
        personnel,
        committee,
        present=7,
        for_=3,
    )
    client.force_login(personnel)
    response = client.post(url("certificate_issue", case.pk), follow=True)
    assert list(response.context["messages"])
    assert not Certificate.objects.exists()


def test_candidate_account_page_shows_the_password_once(client, personnel, make_case):
    case = make_case("appoint")
    client.force_login(personnel)
    page = client.post(url("account_create", case.pk), {"username": "cand9"})
    assert "cand9" in page.content.decode()
    case.person.refresh_from_db()
    assert case.person.user.username == "cand9"


# Register, people, statistics --------------------------------------------------


def test_register_and_person_page(client, personnel, committee, make_case, member):
    case = vote(
        to_vote(make_case("assessor"), personnel),
        personnel,
        committee,
        present=6,
        for_=5,
    )
    client.force_login(member)
    assert case.person.name in client.get(url("register")).content.decode()
    page = client.get(url("person_detail", case.person.pk)).content.decode()
    assert str(case.post.name) in page


def test_person_page_hidden_for_a_nominee_before_the_vote(
    client, other_office, make_case
):
    case = make_case("appoint")
    client.force_login(other_office)
    assert client.get(url("person_detail", case.person.pk)).status_code == 404


def test_statistics_page(client, leader):
    client.force_login(leader)
    assert client.get(url("statistics")).status_code == 200


def test_deputy_cannot_read_the_register(client, deputy):
    client.force_login(deputy)
    assert client.get(url("register")).status_code == 403


def test_member_workspace_lists_the_next_meeting(client, member, make_case, meeting):
    case = make_case("assessor")
    Case.objects.filter(pk=case.pk).update(status=S.VOTE)
    client.force_login(member)
    with time_machine.travel(datetime.date(2026, 6, 22)):
        page = client.get(reverse("workspace_member")).content.decode()
    assert case.person.name in page


def test_statistics_count_the_year_and_export(
    client, leader, personnel, committee, make_case
):
    import io
    import re

    from openpyxl import load_workbook
    from pypdf import PdfReader

    passed = vote(
        to_vote(make_case("assessor"), personnel),
        personnel,
        committee,
        present=6,
        for_=5,
    )
    vote(
        to_vote(make_case("assessor"), personnel),
        personnel,
        committee,
        present=6,
        for_=3,
    )
    year = passed.decided_on.year
    client.force_login(leader)
    sheet = load_workbook(
        io.BytesIO(
            client.get(url("statistics_export", "xlsx") + f"?year={year}").content
        )
    ).active
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True)}
    assert values["任命人民陪审员"] == 2
    assert values["表决通过的任免事项"] == 1
    assert values["表决未通过的任免事项"] == 1
    response = client.get(url("statistics_export", "pdf") + f"?year={year}")
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "人事任免" in re.sub(r"\s", "", text)
    assert client.get(url("statistics_export", "doc")).status_code == 404


def test_register_queries_do_not_grow(
    client, member, personnel, committee, make_case, django_assert_num_queries
):
    from appointments.models import Tenure

    def add(n):
        for _n in range(n):
            Tenure.objects.create(
                person=PersonFactory(),
                post=PostFactory(),
                start_date=datetime.date(2020, 1, 1),
            )

    add(3)
    client.force_login(member)
    client.get(url("register"))
    # session, user, groups, count, page of tenures, unread notices
    with django_assert_num_queries(6):
        client.get(url("register"))
    add(3)
    with django_assert_num_queries(6):
        assert client.get(url("register")).status_code == 200


def _oath_cases(n, personnel, committee, make_case):
    cases = []
    for _n in range(n):
        case = vote(
            to_vote(make_case("assessor"), personnel),
            personnel,
            committee,
            present=6,
            for_=5,
        )
        services.certificate_issue(case, user=personnel)
        cases.append(case)
    return cases


def test_oath_list_queries_do_not_grow(
    client, leader, personnel, committee, make_case, django_assert_num_queries
):
    def ceremony(cases):
        services.ceremony_record(
            held_on=datetime.date(2026, 6, 27),
            place="会议室",
            presiding="主任",
            form="collective",
            cases=cases[:1],
            absent=cases[1:],
            user=personnel,
        )

    ceremony(_oath_cases(2, personnel, committee, make_case))
    client.force_login(leader)
    client.get(url("ceremony_list"))
    # session, user, groups, appointees awaiting the oath, ceremonies, their
    # attendances, unread notices
    with django_assert_num_queries(7):
        client.get(url("ceremony_list"))
    ceremony(_oath_cases(2, personnel, committee, make_case))
    _oath_cases(2, personnel, committee, make_case)
    with django_assert_num_queries(7):
        page = client.get(url("ceremony_list")).content.decode()
    assert page.count("list-group-item") >= 4


def test_meeting_files_queries_do_not_grow(
    client, member, make_case, django_assert_num_queries
):
    def add(n):
        for _n in range(n):
            Case.objects.filter(pk=make_case("assessor").pk).update(status=S.VOTE)

    add(2)
    client.force_login(member)
    with time_machine.travel(datetime.date(2026, 6, 22)):
        client.get(url("meeting_cases"))
        # session, user, groups, cases, unread notices
        with django_assert_num_queries(5):
            client.get(url("meeting_cases"))
        add(2)
        with django_assert_num_queries(5):
            assert client.get(url("meeting_cases")).status_code == 200


def test_candidate_sees_only_their_own_exam(client, personnel, make_case):
    from appointments.models import Topic
    from tests.factories.appointments import QuestionFactory

    topic = Topic.objects.get(name="宪法")
    QuestionFactory(topic=topic)
    paper = services.paper_draw(title="卷", spec={topic: 1}, user=personnel)
    session = services.session_create(
        title="考试",
        paper=paper,
        user=personnel,
        starts_at=datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2026, 6, 1, 11, tzinfo=datetime.UTC),
        duration_minutes=60,
    )
    attempts = []
    for name in ("cand_a", "cand_b"):
        case = make_case("appoint")
        Case.objects.filter(pk=case.pk).update(status=S.EXAM)
        services.person_account_create(case.person, username=name, user=personnel)
        case.person.user.__class__.objects.filter(username=name).update(
            must_change_password=False
        )
        attempts.append(services.attempt_assign(session, case, user=personnel))
    own, other = attempts
    client.force_login(own.case.person.user)
    assert client.get(url("take_exam", own.pk)).status_code == 200
    assert client.get(url("take_exam", other.pk)).status_code == 404
    client.force_login(personnel)
    assert client.get(url("take_exam", own.pk)).status_code == 403


def test_candidate_refused_outside_the_window_with_a_message(
    client, personnel, make_case
):
    from appointments.models import Topic
    from tests.factories.appointments import QuestionFactory

    topic = Topic.objects.get(name="宪法")
    QuestionFactory(topic=topic)
    paper = services.paper_draw(title="卷", spec={topic: 1}, user=personnel)
    session = services.session_create(
        title="考试",
        paper=paper,
        user=personnel,
        starts_at=datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2026, 6, 1, 11, tzinfo=datetime.UTC),
        duration_minutes=60,
    )
    case = make_case("appoint")
    Case.objects.filter(pk=case.pk).update(status=S.EXAM)
    services.person_account_create(case.person, username="cand_c", user=personnel)
    case.person.user.__class__.objects.filter(username="cand_c").update(
        must_change_password=False
    )
    attempt = services.attempt_assign(session, case, user=personnel)
    client.force_login(Case.objects.get(pk=case.pk).person.user)
    with time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC)):
        response = client.post(
            url("take_exam", attempt.pk), {"action": "start"}, follow=True
        )
    assert [str(m) for m in response.context["messages"]] == ["考试已截止。"]


def _grow_file(case, user, n: int) -> None:
    """n more timeline events and n more documents on the case file."""
    from django.utils import timezone

    from appointments.services.cases import case_event
    from congress.attachments import attachment_create

    for i in range(n):
        case_event(case, "appointments.note", user=user, now=timezone.now())
        upload = SimpleUploadedFile(
            f"材料{i}.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"
        )
        attachment_create(case, upload, user=user)


def test_case_file_queries_do_not_grow_with_its_rows(
    client, personnel, make_case, django_assert_num_queries
):
    case = make_case("appoint")
    _grow_file(case, personnel, 3)
    client.force_login(personnel)
    page = url("case_detail", case.pk)
    client.get(page)  # warm caches (content types, rules, settings row)
    with CaptureQueriesContext(connection) as at_n:
        assert client.get(page).status_code == 200
    _grow_file(case, personnel, 3)
    with CaptureQueriesContext(connection) as at_2n:
        assert client.get(page).status_code == 200
    # session, user, groups, the case, its passed exam, the vote blockers
    # (checks, and the checklist items of the case type: three), the
    # certificate, unread notices (navbar), the term, the documents, the
    # checks with their items, the exam attempts, the timeline; none per row.
    assert len(at_n) == len(at_2n) == 16
