from django.urls import path

from supervision import views
from supervision import views_appraisals as va
from supervision import views_cards as vc
from supervision import views_filings as vf
from supervision import views_interpellations as vi
from supervision import views_investigations as vs
from supervision import views_livelihood as lv
from supervision import views_matters as vm
from supervision import views_public as vp

app_name = "supervision"

urlpatterns = [
    path("", views.plan_board, name="board"),
    path("plan/<int:year>/", views.plan_board, name="board_year"),
    path("items/new/", views.item_create, name="item_create"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/step/<step>/", views.item_step, name="item_step"),
    path("items/<int:pk>/visit/", views.visit_record, name="visit_record"),
    path("items/<int:pk>/question/", views.question_record, name="question_record"),
    path("items/<int:pk>/opinion/", views.opinion_edit, name="opinion_edit"),
    path(
        "items/<int:pk>/opinion/<step>/",
        views.opinion_step,
        name="opinion_step",
    ),
    path("items/<int:pk>/opinion.pdf", views.opinion_pdf, name="opinion_pdf"),
    path("points/", views.open_points, name="open_points"),
    path("summary/<int:year>/", views.year_summary, name="summary"),
    path("summary/<int:year>/xlsx/", views.year_summary_xlsx, name="summary_xlsx"),
    path("summary/<int:year>/pdf/", views.year_summary_pdf, name="summary_pdf"),
    path("coverage/", views.coverage, name="coverage"),
    path("points/<int:pk>/close/", views.point_close, name="point_close"),
    path("org/", views.org_items, name="org_items"),
    path("org/items/<int:pk>/report/", views.org_report_upload, name="org_report"),
    path("org/items/<int:pk>/handling/", views.handling_report, name="handling_report"),
    path("org/points/<int:pk>/answer/", views.point_answer, name="point_answer"),
    # Livelihood projects (民生实事).
    path("livelihood/", lv.project_list, name="projects"),
    path("livelihood/<int:year>/", lv.project_list, name="projects_year"),
    path("livelihood/new/", lv.project_create, name="project_create"),
    path("livelihood/vote/new/", lv.selection_create, name="selection_create"),
    path("livelihood/vote/<int:pk>/cast/", lv.selection_cast, name="selection_cast"),
    path("livelihood/vote/<int:pk>/<step>/", lv.selection_step, name="selection_step"),
    path("livelihood/projects/<int:pk>/", lv.project_detail, name="project_detail"),
    path(
        "livelihood/projects/<int:pk>/progress/",
        lv.project_progress,
        name="project_progress",
    ),
    path("livelihood/projects/<int:pk>/issue/", lv.issue_add, name="issue_add"),
    path(
        "livelihood/projects/<int:pk>/rate/",
        lv.project_evaluate,
        name="project_evaluate",
    ),
    path("livelihood/issues/<int:pk>/", lv.issue_resolve, name="issue_resolve"),
    # Interpellations (质询案).
    path("interpellations/", vi.interpellation_list, name="interpellations"),
    path(
        "interpellations/new/",
        vi.interpellation_create,
        name="interpellation_create",
    ),
    path(
        "interpellations/<int:pk>/",
        vi.interpellation_detail,
        name="interpellation_detail",
    ),
    path(
        "interpellations/<int:pk>/sign/",
        vi.interpellation_sign,
        name="interpellation_sign",
    ),
    path(
        "interpellations/<int:pk>/<step>/",
        vi.interpellation_step,
        name="interpellation_step",
    ),
    # TV and online questioning (电视网络问政).
    path("public/inquiries/", vp.public_inquiries, name="public_inquiries"),
    path(
        "items/<int:pk>/public-questions/",
        vp.public_questions,
        name="public_questions",
    ),
    path(
        "public-questions/<int:pk>/moderate/",
        vp.public_question_moderate,
        name="public_question_moderate",
    ),
    path(
        "public-questions/<int:pk>/ask/",
        vp.public_question_ask,
        name="public_question_ask",
    ),
    path("items/<int:pk>/onsite-vote/", vp.onsite_vote, name="onsite_vote"),
    # Major matters and their yearly list (重大事项 / 年度清单).
    path("matters/", vm.matter_list, name="matters"),
    path("matters/<int:year>/", vm.matter_list, name="matters_year"),
    path("matters/<int:year>/new/", vm.matter_create, name="matter_create"),
    path("matters/item/<int:pk>/", vm.matter_detail, name="matter_detail"),
    path("matters/item/<int:pk>/<step>/", vm.matter_step, name="matter_step"),
    # Special investigations (特定问题调查).
    path("investigations/", vs.investigation_list, name="investigations"),
    path(
        "investigations/new/",
        vs.investigation_create,
        name="investigation_create",
    ),
    path(
        "investigations/<int:pk>/",
        vs.investigation_detail,
        name="investigation_detail",
    ),
    path(
        "investigations/<int:pk>/<step>/",
        vs.investigation_step,
        name="investigation_step",
    ),
    # Work appraisals (工作评议).
    path("appraisals/", va.appraisal_list, name="appraisals"),
    path("appraisals/<int:year>/", va.appraisal_list, name="appraisals_year"),
    path("appraisals/<int:year>/new/", va.appraisal_create, name="appraisal_create"),
    path("appraisals/<int:year>/vote/", va.appraisal_vote, name="appraisal_vote"),
    path("appraisals/item/<int:pk>/", va.appraisal_detail, name="appraisal_detail"),
    path(
        "appraisals/item/<int:pk>/<step>/",
        va.appraisal_step,
        name="appraisal_step",
    ),
    # Filing review (备案审查).
    path("filings/", vf.filing_list, name="filings"),
    path("filings/new/", vf.filing_create, name="filing_create"),
    path("filings/<int:pk>/", vf.filing_detail, name="filing_detail"),
    path("filings/<int:pk>/<step>/", vf.filing_step, name="filing_step"),
    # Opinion cards at the congress session (审议意见卡).
    path("cards/", vc.session_reports, name="session_reports"),
    path("cards/new/", vc.session_report_create, name="session_report_create"),
    path("cards/<int:pk>/", vc.session_report, name="session_report"),
]
