from django.urls import path

from appointments import (
    views_appraisals,
    views_cases,
    views_ceremonies,
    views_exams,
)

app_name = "appointments"

urlpatterns = [
    path("", views_cases.board, name="board"),
    path("cases/new/", views_cases.case_create, name="case_create"),
    path("cases/<int:pk>/", views_cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/advance/", views_cases.case_advance, name="case_advance"),
    path("cases/<int:pk>/withdraw/", views_cases.case_withdraw, name="case_withdraw"),
    path("cases/<int:pk>/texts/", views_cases.case_texts, name="case_texts"),
    path(
        "cases/<int:pk>/checks/<int:check_pk>/",
        views_cases.check_record,
        name="check_record",
    ),
    path("cases/<int:pk>/files/", views_cases.attachment_add, name="attachment_add"),
    path(
        "cases/<int:pk>/files/<int:attachment_pk>/",
        views_cases.attachment_download,
        name="attachment_download",
    ),
    path("cases/<int:pk>/account/", views_cases.account_create, name="account_create"),
    path(
        "cases/<int:pk>/ballot/", views_ceremonies.ballot_prepare, name="ballot_prepare"
    ),
    path(
        "cases/<int:pk>/certificate/",
        views_ceremonies.certificate_issue,
        name="certificate_issue",
    ),
    path(
        "cases/<int:pk>/certificate/print/",
        views_ceremonies.certificate_print,
        name="certificate_print",
    ),
    path("batches/", views_cases.batch_list, name="batch_list"),
    path("batches/<int:pk>/", views_cases.batch_detail, name="batch_detail"),
    path(
        "batches/<int:pk>/certificates/",
        views_ceremonies.batch_certificates,
        name="batch_certificates",
    ),
    path("register/", views_cases.register, name="register"),
    path("people/<int:pk>/", views_cases.person_detail, name="person_detail"),
    path("meeting-files/", views_cases.meeting_cases, name="meeting_cases"),
    path("exam/questions/", views_exams.question_list, name="question_list"),
    path("exam/papers/", views_exams.paper_create, name="paper_create"),
    path("exam/papers/<int:pk>/", views_exams.paper_detail, name="paper_detail"),
    path("exam/sessions/", views_exams.session_list, name="session_list"),
    path("exam/sessions/<int:pk>/", views_exams.session_detail, name="session_detail"),
    path("exam/attempts/<int:pk>/", views_exams.attempt_mark, name="attempt_mark"),
    path("my-exams/", views_exams.my_exams, name="my_exams"),
    path("my-exams/<int:pk>/", views_exams.take_exam, name="take_exam"),
    path("oaths/", views_ceremonies.ceremony_list, name="ceremony_list"),
    path("oaths/new/", views_ceremonies.ceremony_create, name="ceremony_create"),
    path("oaths/<int:pk>/", views_ceremonies.ceremony_detail, name="ceremony_detail"),
    path("statistics/", views_ceremonies.statistics, name="statistics"),
    path("appraisals/", views_appraisals.appraisal_list, name="appraisal_list"),
    path(
        "appraisals/<int:pk>/",
        views_appraisals.appraisal_detail,
        name="appraisal_detail",
    ),
    path(
        "appraisals/<int:pk>/<str:action>/",
        views_appraisals.appraisal_action,
        name="appraisal_action",
    ),
    path("appraisal-questions/", views_appraisals.topic_create, name="topic_create"),
    path(
        "statistics.<str:fmt>",
        views_ceremonies.statistics_export,
        name="statistics_export",
    ),
]
