"""The demo county's appointments: every step, the issue's walk-through."""

import pytest

from appointments.models import (
    Appraisal,
    Attempt,
    Case,
    CaseStatus,
    Certificate,
    OathAttendance,
)
from appointments.services import unsworn

pytestmark = pytest.mark.django_db


def test_demo_has_a_case_at_every_open_step(demo_db):
    statuses = set(Case.objects.values_list("status", flat=True))
    for status in (
        CaseStatus.SUBMISSION,
        CaseStatus.REVIEW,
        CaseStatus.EXAM,
        CaseStatus.POSTPONED,
        CaseStatus.INTRODUCTION,
        CaseStatus.STATEMENT,
        CaseStatus.VOTE,
        CaseStatus.OATH,
        CaseStatus.COMPLETED,
        CaseStatus.REJECTED,
    ):
        assert status in statuses, status


def test_demo_failed_exam_then_makeup_then_appointed(demo_db):
    case = Case.objects.get(person__name="韩晓琳")
    attempts = list(case.attempts.order_by("pk"))
    assert [(a.makeup, a.passed) for a in attempts] == [(False, False), (True, True)]
    assert case.status == CaseStatus.COMPLETED


def test_demo_failed_vote_had_a_majority_of_those_present(demo_db):
    case = Case.objects.get(person__name="邓志远")
    result = case.ballot.result
    assert case.status == CaseStatus.REJECTED
    assert result["for"] * 2 > result["present"]
    assert result["for"] * 2 <= result["electorate"]
    assert not Certificate.objects.filter(case=case).exists()


def test_demo_certificates_oaths_and_the_unsworn(demo_db):
    assert Certificate.objects.count() >= 23
    assert OathAttendance.objects.filter(sworn=False).count() == 1
    assert unsworn().count() == 2
    assert Attempt.objects.filter(case__person__user__username="candidate").exists()


def test_demo_appraisal_failed_twice_prompts_an_interpellation(demo_db):
    appraisal = Appraisal.objects.get(escalated=True)
    assert appraisal.carried_from.outcome == "dissatisfied"
    assert not appraisal.interpellation_drafted
