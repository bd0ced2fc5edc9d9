"""Meeting attendance: office staff record it, deputies sign in by QR code."""

import base64
import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congress.models import Meeting
from deputies import attendance, services
from deputies.models import (
    ActivityKind,
    AttendanceStatus,
    Level,
    MandateStatus,
    MeetingAttendance,
    PerformanceRecord,
)
from tests.factories.congress import MeetingFactory, TermFactory
from tests.factories.deputies import MandateFactory

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture(autouse=True)
def _today():
    # The second day of both meetings below.
    with time_machine.travel(
        datetime.datetime(2026, 6, 2, 9, 0, tzinfo=SHANGHAI), tick=True
    ):
        yield


@pytest.fixture
def term(db):
    return TermFactory()


@pytest.fixture
def session(term):
    return MeetingFactory(
        term=term,
        kind=Meeting.Kind.CONGRESS_SESSION,
        number=5,
        start_date=datetime.date(2026, 6, 1),
        end_date=datetime.date(2026, 6, 3),
        place="县人民会堂",
    )


@pytest.fixture
def committee(term):
    return MeetingFactory(term=term, number=930)


@pytest.fixture
def own_file(deputy, term):
    mandate = MandateFactory(deputy__user=deputy, deputy__name="张三", term=term)
    return mandate.deputy


def serving(term, count: int, **mandate):
    return [MandateFactory(term=term, **mandate).deputy for _ in range(count)]


def edit_url(meeting) -> str:
    return reverse("deputies:attendance_edit", args=[meeting.pk])


def sign_in_url(meeting) -> str:
    return reverse(
        "deputies:attendance_sign_in", args=[attendance.sign_in_token(meeting)]
    )


def statuses(meeting) -> dict:
    return dict(
        MeetingAttendance.objects.filter(meeting=meeting).values_list(
            "deputy__name", "status"
        )
    )


def file_kinds(deputy) -> list[str]:
    return list(deputy.records.values_list("kind", flat=True))


# Staff record attendance ----------------------------------------------------


def test_attendance_edit_saves_statuses_and_files_attended_only(
    client, office, session, term
):
    present, away, absent, unknown = serving(term, 4)
    client.force_login(office)
    response = client.post(
        edit_url(session),
        {
            f"d{present.pk}": AttendanceStatus.ATTENDED,
            f"d{away.pk}": AttendanceStatus.LEAVE,
            f"d{absent.pk}": AttendanceStatus.ABSENT,
            f"d{unknown.pk}": "",
        },
    )
    assert response.status_code == 302
    assert statuses(session) == {
        present.name: AttendanceStatus.ATTENDED,
        away.name: AttendanceStatus.LEAVE,
        absent.name: AttendanceStatus.ABSENT,
    }
    record = PerformanceRecord.objects.get()
    assert (record.deputy, record.kind) == (present, ActivityKind.CONGRESS_SESSION)
    assert record.status == PerformanceRecord.Status.CONFIRMED


def test_attendance_edit_sat_in_at_committee_meeting_enters_file(
    client, office, committee, term
):
    (invited,) = serving(term, 1)
    services.attendance_arrange(committee, deputies=[invited], user=office)
    client.force_login(office)
    client.post(edit_url(committee), {f"d{invited.pk}": AttendanceStatus.SAT_IN})
    assert file_kinds(invited) == [ActivityKind.COMMITTEE_MEETING]
    assert invited.records.get().points == 5


def test_attendance_record_sat_in_needs_the_office_list(office, committee, term):
    (walk_in,) = serving(term, 1)
    with pytest.raises(services.InvalidAttendance):
        services.attendance_record(
            committee, walk_in, status=AttendanceStatus.SAT_IN, user=office
        )
    assert statuses(committee) == {}


def test_attendance_record_committee_member_attends_without_file_entry(
    office, committee, term, member
):
    own = MandateFactory(term=term, deputy__user=member).deputy
    services.attendance_record(
        committee, own, status=AttendanceStatus.ATTENDED, user=office
    )
    assert statuses(committee) == {own.name: AttendanceStatus.ATTENDED}
    assert file_kinds(own) == []


def test_attendance_record_committee_member_cannot_sit_in(
    office, committee, term, member
):
    own = MandateFactory(term=term, deputy__user=member).deputy
    with pytest.raises(services.InvalidAttendance):
        services.attendance_record(
            committee, own, status=AttendanceStatus.SAT_IN, user=office
        )


def test_attendance_record_sitting_in_is_not_a_session_status(office, session, term):
    (deputy,) = serving(term, 1)
    with pytest.raises(services.InvalidAttendance):
        services.attendance_record(
            session, deputy, status=AttendanceStatus.SAT_IN, user=office
        )


def test_attendance_edit_attended_to_leave_removes_filed_record(
    client, office, session, term
):
    (changed,) = serving(term, 1)
    services.attendance_record(
        session, changed, status=AttendanceStatus.ATTENDED, user=office
    )
    client.force_login(office)
    client.post(edit_url(session), {f"d{changed.pk}": AttendanceStatus.LEAVE})
    assert statuses(session) == {changed.name: AttendanceStatus.LEAVE}
    assert file_kinds(changed) == []


def test_attendance_edit_unchanged_rows_are_not_rewritten(
    client, office, session, term
):
    (kept,) = serving(term, 1)
    services.attendance_record(
        session, kept, status=AttendanceStatus.LEAVE, user=office
    )
    client.force_login(office)
    response = client.post(
        edit_url(session), {f"d{kept.pk}": AttendanceStatus.LEAVE}, follow=True
    )
    assert [m.level_tag for m in response.context["messages"]] == ["info"]


def test_attendance_edit_recorded_status_cannot_be_cleared(
    client, office, session, term
):
    (recorded,) = serving(term, 1)
    services.attendance_record(
        session, recorded, status=AttendanceStatus.ATTENDED, user=office
    )
    client.force_login(office)
    response = client.post(edit_url(session), {f"d{recorded.pk}": ""})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert statuses(session) == {recorded.name: AttendanceStatus.ATTENDED}


def test_attendance_edit_ignores_deputies_not_expected(client, office, session, term):
    (township,) = serving(term, 1, level=Level.TOWNSHIP)
    client.force_login(office)
    client.post(edit_url(session), {f"d{township.pk}": AttendanceStatus.ATTENDED})
    assert statuses(session) == {}


def test_attendance_edit_session_lists_serving_county_deputies(
    client, office, session, term
):
    expected = serving(term, 2)
    serving(term, 1, level=Level.TOWNSHIP)
    serving(term, 1, status=MandateStatus.TERMINATED, termination_ground="deceased")
    client.force_login(office)
    response = client.get(edit_url(session))
    assert list(response.context["form"].deputies.values()) == sorted(
        expected, key=lambda deputy: (deputy.name, deputy.pk)
    )


def test_attendance_edit_committee_lists_members_then_arranged_only(
    client, office, committee, term, member
):
    arranged, _not_listed = serving(term, 2)
    services.attendance_arrange(committee, deputies=[arranged], user=office)
    own = MandateFactory(term=term, deputy__user=member, deputy__name="赵六").deputy
    client.force_login(office)
    response = client.get(edit_url(committee))
    assert list(response.context["form"].deputies.values()) == [own, arranged]


def test_attendance_edit_committee_member_choices_have_no_sitting_in(
    client, office, committee, term, member
):
    own = MandateFactory(term=term, deputy__user=member).deputy
    client.force_login(office)
    response = client.get(edit_url(committee))
    choices = [
        value for value, _ in response.context["form"][f"d{own.pk}"].field.choices
    ]
    assert choices == ["", "attended", "leave", "absent"]


def test_attendance_edit_search_filters_rows(client, office, session, term):
    MandateFactory(term=term, deputy__name="王五")
    serving(term, 2)
    client.force_login(office)
    response = client.get(edit_url(session), {"q": "王"})
    names = [deputy.name for deputy in response.context["form"].deputies.values()]
    assert names == ["王五"]


def test_attendance_edit_council_meeting_is_not_found(client, office, term):
    council = MeetingFactory(term=term, kind=Meeting.Kind.COUNCIL_MEETING)
    client.force_login(office)
    assert client.get(edit_url(council)).status_code == 404


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_attendance_edit_makes_a_fixed_number_of_queries(client, office, session, term):
    client.force_login(office)
    for deputy in serving(term, 5):
        services.attendance_record(
            session, deputy, status=AttendanceStatus.ATTENDED, user=office
        )
    at_n = count_queries(client, edit_url(session))
    for deputy in serving(term, 5):
        services.attendance_record(
            session, deputy, status=AttendanceStatus.LEAVE, user=office
        )
    # session, user, the user's groups (roles), the meeting with its term,
    # the deputies with their statuses, the unread-notices badge.
    assert at_n == count_queries(client, edit_url(session)) == 6


def test_attendance_meetings_makes_a_fixed_number_of_queries(
    client, office, session, term
):
    client.force_login(office)
    url = reverse("deputies:attendance_meetings")
    MeetingFactory.create_batch(5, term=term)
    at_n = count_queries(client, url)
    MeetingFactory.create_batch(5, term=term)
    # session, user, the user's groups (roles), the current term, the meetings
    # with their counts, the deputies expected at a session, the notices badge.
    assert at_n == count_queries(client, url) == 7


def test_attendance_meetings_counts_per_status_newest_first(
    client, office, session, committee, term
):
    one, two, three = serving(term, 3)
    for deputy, status in [
        (one, AttendanceStatus.ATTENDED),
        (two, AttendanceStatus.ATTENDED),
        (three, AttendanceStatus.LEAVE),
    ]:
        services.attendance_record(session, deputy, status=status, user=office)
    earlier = MeetingFactory(
        term=term,
        start_date=datetime.date(2026, 3, 1),
        end_date=datetime.date(2026, 3, 1),
    )
    MeetingFactory(term=TermFactory(number=8, is_current=False))
    client.force_login(office)
    response = client.get(reverse("deputies:attendance_meetings"))
    meetings = response.context["meetings"]
    assert meetings == [committee, session, earlier]
    counts = {m.pk: (m.attended, m.sat_in, m.leave, m.absent) for m in meetings}
    assert counts[session.pk] == (2, 0, 1, 0)
    assert counts[committee.pk] == (0, 0, 0, 0)
    assert response.context["session_expected"] == 3


# The QR code ------------------------------------------------------------------


def test_attendance_qr_shows_an_svg_image_of_the_sign_in_url(client, office, session):
    client.force_login(office)
    response = client.get(reverse("deputies:attendance_qr", args=[session.pk]))
    prefix = "data:image/svg+xml;base64,"
    assert f'<img src="{prefix}' in response.content.decode()
    svg = base64.b64decode(response.context["qr_src"].removeprefix(prefix))
    assert svg.startswith(b"<svg")
    assert response.context["sign_in_url"] == f"http://testserver{sign_in_url(session)}"


def test_sign_in_token_is_the_same_each_time(session):
    assert attendance.sign_in_token(session) == attendance.sign_in_token(session)


# Deputies sign in ---------------------------------------------------------------


def test_sign_in_page_shows_the_meeting_and_the_button(
    client, deputy, own_file, session
):
    client.force_login(deputy)
    response = client.get(sign_in_url(session))
    assert response.status_code == 200
    assert response.context["meeting"] == session
    assert 'data-testid="sign-in"' in response.content.decode()


def test_sign_in_at_a_session_records_attendance_in_the_file(
    client, deputy, own_file, session
):
    client.force_login(deputy)
    response = client.post(sign_in_url(session), follow=True)
    assert statuses(session) == {"张三": AttendanceStatus.ATTENDED}
    assert file_kinds(own_file) == [ActivityKind.CONGRESS_SESSION]
    assert response.context["signed_in"] is True
    assert [m.level_tag for m in response.context["messages"]] == ["success"]


def test_sign_in_at_a_committee_meeting_not_arranged_is_refused(
    client, deputy, own_file, committee
):
    client.force_login(deputy)
    response = client.post(sign_in_url(committee))
    assert response.status_code == 403
    assert "不在本次会议的列席名单" in response.content.decode()
    assert statuses(committee) == {}
    assert file_kinds(own_file) == []


def test_sign_in_arranged_to_sit_in_awaits_the_office(
    client, deputy, own_file, committee, office
):
    services.attendance_arrange(committee, deputies=[own_file], user=office)
    client.force_login(deputy)
    response = client.post(sign_in_url(committee), follow=True)
    row = MeetingAttendance.objects.get(meeting=committee)
    assert (row.status, row.signed_in_at is not None) == (
        AttendanceStatus.INVITED,
        True,
    )
    assert file_kinds(own_file) == []
    assert response.context["awaiting_confirmation"] is True


def test_sign_in_committee_member_is_recorded_as_attending(
    client, member, committee, term
):
    own = MandateFactory(term=term, deputy__user=member).deputy
    client.force_login(member)
    assert client.post(sign_in_url(committee)).status_code == 302
    assert statuses(committee) == {own.name: AttendanceStatus.ATTENDED}
    assert file_kinds(own) == []


def test_sign_in_twice_keeps_one_row(client, deputy, own_file, session):
    client.force_login(deputy)
    client.post(sign_in_url(session), follow=True)
    response = client.post(sign_in_url(session), follow=True)
    assert MeetingAttendance.objects.filter(meeting=session).count() == 1
    assert own_file.records.count() == 1
    assert [m.level_tag for m in response.context["messages"]] == ["info"]


def test_sign_in_after_leave_was_entered_records_attendance(
    client, deputy, own_file, session, office
):
    services.attendance_record(
        session, own_file, status=AttendanceStatus.LEAVE, user=office
    )
    client.force_login(deputy)
    client.post(sign_in_url(session))
    assert statuses(session) == {"张三": AttendanceStatus.ATTENDED}


def refused(response, error: type[attendance.InvalidSignIn]) -> bool:
    return response.status_code == 400 and str(response.context["error"]) == str(
        error.default_message
    )


def test_sign_in_is_open_until_the_day_after_the_meeting(
    client, deputy, own_file, session
):
    url = sign_in_url(session)
    with time_machine.travel(datetime.datetime(2026, 6, 4, 23, 59, tzinfo=SHANGHAI)):
        client.force_login(deputy)
        assert client.post(url)["Location"] == url
    assert statuses(session) == {"张三": AttendanceStatus.ATTENDED}


def test_sign_in_with_an_expired_token_is_refused(client, deputy, own_file, session):
    url = sign_in_url(session)
    with time_machine.travel(datetime.datetime(2026, 6, 5, 0, 1, tzinfo=SHANGHAI)):
        client.force_login(deputy)
        assert refused(client.post(url), attendance.SignInExpired)
    assert statuses(session) == {}


def test_sign_in_before_the_meeting_is_refused(client, deputy, own_file, session):
    url = sign_in_url(session)
    with time_machine.travel(datetime.datetime(2026, 5, 31, 20, 0, tzinfo=SHANGHAI)):
        client.force_login(deputy)
        assert refused(client.post(url), attendance.SignInNotOpen)
    assert statuses(session) == {}


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: "9" + token,
        lambda token: "garbage",
    ],
    ids=["signature", "meeting", "garbage"],
)
def test_sign_in_with_a_tampered_token_is_refused(
    client, deputy, own_file, session, tamper
):
    client.force_login(deputy)
    token = tamper(attendance.sign_in_token(session))
    url = reverse("deputies:attendance_sign_in", args=[token])
    assert refused(client.post(url), attendance.InvalidSignIn)
    assert statuses(session) == {}


def test_sign_in_to_a_session_of_another_congress_is_refused(client, deputy, session):
    MandateFactory(deputy__user=deputy, term=session.term, level=Level.TOWNSHIP)
    client.force_login(deputy)
    assert client.post(sign_in_url(session)).status_code == 403
    assert statuses(session) == {}


def test_sign_in_without_a_deputy_file_is_refused(client, deputy, committee):
    client.force_login(deputy)
    assert client.post(sign_in_url(committee)).status_code == 403


# Who may use which page -----------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["attendance_meetings", "attendance_edit", "attendance_qr"]
)
def test_staff_pages_are_forbidden_to_deputies(client, deputy, session, name):
    client.force_login(deputy)
    args = [] if name == "attendance_meetings" else [session.pk]
    assert client.get(reverse(f"deputies:{name}", args=args)).status_code == 403


def test_sign_in_is_forbidden_to_an_organisation_liaison(client, liaison_a, session):
    client.force_login(liaison_a)
    assert client.get(sign_in_url(session)).status_code == 403


def test_sign_in_sends_anonymous_visitors_to_login_and_back(client, session):
    url = sign_in_url(session)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert response["Location"].endswith(f"?next={url}".replace(":", "%3A"))


# The office arranges who sits in ----------------------------------------------


def arrange_url(meeting) -> str:
    return reverse("deputies:attendance_arrange", args=[meeting.pk])


def test_attendance_arrange_puts_ticked_deputies_on_the_list(
    client, office, committee, term, django_capture_on_commit_callbacks
):
    chosen, _other = serving(term, 2)
    client.force_login(office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(arrange_url(committee), {"deputies": [chosen.pk]})
    assert response["Location"] == edit_url(committee)
    assert statuses(committee) == {chosen.name: AttendanceStatus.INVITED}
    assert file_kinds(chosen) == []


def test_attendance_arrange_tells_the_deputy_by_a_notice(
    office, committee, own_file, deputy
):
    services.attendance_arrange(committee, deputies=[own_file], user=office)
    notice = deputy.notifications.get()
    assert notice.kind == "deputies.sitting_in_arranged"


def test_attendance_arrange_lists_neither_members_nor_listed_deputies(
    client, office, committee, term, member
):
    listed, free = serving(term, 2)
    MandateFactory(term=term, deputy__user=member)
    services.attendance_arrange(committee, deputies=[listed], user=office)
    client.force_login(office)
    response = client.get(arrange_url(committee))
    assert response.context["candidates"] == [free]


def test_attendance_arrange_refuses_a_committee_member(
    client, office, committee, term, member
):
    own = MandateFactory(term=term, deputy__user=member).deputy
    with pytest.raises(services.InvalidAttendance):
        services.attendance_arrange(committee, deputies=[own], user=office)


def test_attendance_arrange_without_a_tick_names_the_field(client, office, committee):
    client.force_login(office)
    response = client.post(arrange_url(committee), {})
    assert response.status_code == 200
    assert "请至少勾选一名代表" in response.content.decode()


def test_attendance_arrange_is_not_found_for_a_session(client, office, session):
    client.force_login(office)
    assert client.get(arrange_url(session)).status_code == 404


def test_attendance_arrange_makes_a_fixed_number_of_queries(
    client, office, committee, term
):
    client.force_login(office)
    serving(term, 5)
    at_n = count_queries(client, arrange_url(committee))
    serving(term, 5)
    # session, user, the user's groups (roles), the meeting with its term,
    # the candidates, the notices badge.
    assert at_n == count_queries(client, arrange_url(committee)) == 6


def test_attendance_unarrange_takes_an_unconfirmed_deputy_off(
    client, office, committee, term
):
    (listed,) = serving(term, 1)
    services.attendance_arrange(committee, deputies=[listed], user=office)
    client.force_login(office)
    url = reverse("deputies:attendance_unarrange", args=[committee.pk, listed.pk])
    client.post(url)
    assert statuses(committee) == {}


def test_attendance_unarrange_keeps_a_confirmed_deputy(office, committee, term):
    (listed,) = serving(term, 1)
    services.attendance_arrange(committee, deputies=[listed], user=office)
    services.attendance_record(
        committee, listed, status=AttendanceStatus.SAT_IN, user=office
    )
    with pytest.raises(services.InvalidAttendance):
        services.attendance_unarrange(committee, listed, user=office)
    assert file_kinds(listed) == [ActivityKind.COMMITTEE_MEETING]


def test_attendance_confirm_signed_in_confirms_only_those_who_signed_in(
    client, deputy, own_file, office, committee, term
):
    (absent,) = serving(term, 1)
    services.attendance_arrange(committee, deputies=[own_file, absent], user=office)
    services.attendance_sign_in(committee, deputy=own_file, user=deputy)
    client.force_login(office)
    client.post(reverse("deputies:attendance_confirm_signed_in", args=[committee.pk]))
    assert statuses(committee) == {
        own_file.name: AttendanceStatus.SAT_IN,
        absent.name: AttendanceStatus.INVITED,
    }
    assert file_kinds(own_file) == [ActivityKind.COMMITTEE_MEETING]


@pytest.mark.parametrize("name", ["attendance_arrange", "attendance_confirm_signed_in"])
def test_arrange_pages_are_forbidden_to_deputies(client, deputy, committee, name):
    client.force_login(deputy)
    assert (
        client.post(reverse(f"deputies:{name}", args=[committee.pk])).status_code == 403
    )
