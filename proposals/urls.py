"""Every URL of proposals, one section per audience; paths and names are
stable (other apps, templates and tests reverse them)."""

from django.urls import path

from proposals.views import (
    assignment_details,
    deputy,
    detail,
    evaluations,
    follow_up,
    merge,
    motions,
    office,
    org,
    reports,
    scores,
)

app_name = "proposals"

urlpatterns = [
    path("<int:pk>/", detail.proposal_detail, name="detail"),
    # The deputy (/proposals/my/)
    path("my/", deputy.deputy_list, name="deputy_list"),
    path("my/new/", deputy.deputy_create, name="deputy_create"),
    path("my/<int:pk>/edit/", deputy.deputy_edit, name="deputy_edit"),
    path("my/<int:pk>/submit/", deputy.deputy_submit, name="deputy_submit"),
    path("my/<int:pk>/withdraw/", deputy.deputy_withdraw, name="deputy_withdraw"),
    path("my/<int:pk>/cosign/", deputy.deputy_cosign, name="deputy_cosign"),
    path("my/assignments/<int:pk>/rate/", deputy.deputy_rate, name="deputy_rate"),
    path("my/assignments/<int:pk>/urge/", deputy.deputy_urge, name="deputy_urge"),
    path("my/rate/<token>/", deputy.deputy_rate_link, name="deputy_rate_link"),
    # The handling organisation (/proposals/org/)
    path("org/", org.org_assignments, name="org_assignments"),
    path("org/<int:pk>/", org.org_assignment, name="org_assignment"),
    path("org/<int:pk>/accept/", org.org_assignment_accept, name="org_accept"),
    path("org/<int:pk>/contest/", org.org_assignment_contest, name="org_contest"),
    path("org/<int:pk>/extension/", org.org_extension_request, name="org_extension"),
    path("org/<int:pk>/contact/", org.org_contact_record, name="org_contact"),
    path("org/<int:pk>/reply/", org.org_reply_draft, name="org_reply"),
    path("org/<int:pk>/reply/sign/", org.org_reply_approve, name="org_reply_sign"),
    path("org/<int:pk>/reply/return/", org.org_reply_return, name="org_reply_return"),
    path(
        "org/<int:pk>/implementation/",
        org.org_implementation_update,
        name="org_implementation",
    ),
    path(
        "org/<int:pk>/reply-template.docx",
        org.org_reply_template,
        name="org_reply_template",
    ),
    # Office staff and leaders (/proposals/office/)
    path("office/", office.office_queue, name="office_queue"),
    path("office/register/", office.office_register, name="office_register"),
    path(
        "office/<int:pk>/register/",
        office.office_register_one,
        name="office_register_one",
    ),
    path("office/<int:pk>/return/", office.office_return, name="office_return"),
    path("office/number/", office.office_number, name="office_number"),
    path(
        "office/<int:pk>/decide/",
        office.office_motion_decide,
        name="office_motion_decide",
    ),
    path("office/<int:pk>/merge/", merge.office_merge, name="office_merge"),
    path(
        "office/<int:pk>/follow-up/",
        follow_up.office_follow_up,
        name="office_follow_up",
    ),
    path(
        "office/assignments/<int:pk>/details/",
        assignment_details.office_assignment_details,
        name="office_assignment_details",
    ),
    path("office/motions/", motions.office_motions, name="office_motions"),
    path(
        "office/<int:pk>/motion/refer/",
        motions.office_motion_refer,
        name="office_motion_refer",
    ),
    path(
        "office/motions/<int:pk>/report/",
        motions.office_motion_report,
        name="office_motion_report",
    ),
    path(
        "office/motions/<int:pk>/resolve/",
        motions.office_motion_resolve,
        name="office_motion_resolve",
    ),
    path("office/paper/", office.office_paper_entry, name="office_paper_entry"),
    path(
        "office/paper/upload/", office.office_paper_upload, name="office_paper_upload"
    ),
    path(
        "office/paper/template.csv",
        office.office_paper_template,
        name="office_paper_template",
    ),
    path("office/assign/", office.office_assign, name="office_assign"),
    path("office/<int:pk>/key/", office.office_mark_key, name="office_mark_key"),
    path("office/board/", office.office_board, name="office_board"),
    path("office/extensions/", office.office_extensions, name="office_extensions"),
    path(
        "office/extensions/<int:pk>/",
        office.office_extension_decide,
        name="office_extension_decide",
    ),
    path(
        "office/assignments/<int:pk>/relieve/",
        office.office_relieve,
        name="office_relieve",
    ),
    path(
        "office/assignments/<int:pk>/supervision/",
        office.office_finish_supervision,
        name="office_finish_supervision",
    ),
    path("office/assignments/<int:pk>/urge/", office.office_urge, name="office_urge"),
    path(
        "office/replies/<int:pk>/send-back/",
        office.office_reply_send_back,
        name="office_reply_send_back",
    ),
    path("office/<int:pk>/close/", office.office_close, name="office_close"),
    path("office/<int:pk>/publish/", office.office_publish, name="office_publish"),
    path("office/look-back/", office.office_look_back, name="office_look_back"),
    path("office/key/", office.office_key_suggestions, name="office_key_suggestions"),
    # Reports, letters and the public pages (/proposals/reports/)
    path("reports/search/", reports.search, name="reports_search"),
    path("reports/statistics/", reports.statistics, name="reports_statistics"),
    path(
        "reports/statistics.xlsx",
        reports.statistics_xlsx,
        name="reports_statistics_xlsx",
    ),
    path(
        "reports/summary.pdf", reports.meeting_summary, name="reports_meeting_summary"
    ),
    path(
        "reports/assignments/<int:pk>/letter.pdf",
        reports.assignment_letter,
        name="reports_assignment_letter",
    ),
    path(
        "reports/sessions/<int:pk>/compilation.pdf",
        reports.compilation,
        name="reports_compilation",
    ),
    path("reports/published/", reports.published, name="reports_published"),
    # The yearly assessment (/proposals/scores/)
    path("scores/", scores.scores_ranking, name="scores_ranking"),
    path(
        "scores/<int:year>/organizations/<int:organization>/",
        scores.scores_edit,
        name="scores_edit",
    ),
    path("scores/<int:year>/publish/", scores.scores_publish, name="scores_publish"),
    path("scores/public/", scores.scores_public, name="scores_public"),
    # The handling evaluation form (/proposals/evaluations/)
    path(
        "evaluations/<int:pk>/", evaluations.evaluation_submit, name="evaluation_submit"
    ),
    path(
        "evaluations/<int:pk>/summary/",
        evaluations.evaluation_summary,
        name="evaluation_summary",
    ),
]
