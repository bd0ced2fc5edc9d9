from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from congress import (
    views,
    views_account,
    views_audit,
    views_ballots,
    views_dashboard,
    views_notifications,
    views_pdf_jobs,
    views_personal_data,
    views_phone_login,
    views_second_factor,
    views_security,
)
from congress.access import public
from congress.roles import Role
from deputies import urls as deputy_urls  # the root URLconf mounts every app

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login, name="login"),
    path("login/phone/", views_phone_login.login_phone, name="login_phone"),
    path("logout/", views.logout, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("account/", views_account.account_security, name="account_security"),
    path(
        "account/sessions/<slug:session_id>/end/",
        views_account.account_session_end,
        name="account_session_end",
    ),
    path(
        "second-factor/",
        views_second_factor.second_factor_verify,
        name="second_factor_verify",
    ),
    path(
        "second-factor/setup/",
        views_second_factor.second_factor_setup,
        name="second_factor_setup",
    ),
    path(
        "second-factor/backup-codes/",
        views_second_factor.second_factor_backup_codes,
        name="second_factor_backup_codes",
    ),
    path("audit/", views_audit.audit_trail, name="audit_trail"),
    path("personal-data/", views_personal_data.personal_data, name="personal_data"),
    path(
        "security/accounts/",
        views_security.security_accounts,
        name="security_accounts",
    ),
    path(
        "security/accounts/<int:pk>/",
        views_security.security_account,
        name="security_account",
    ),
    path("i18n/setlang/", public(set_language), name="set_language"),
    path(
        "attachments/<int:pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("admin/", admin.site.urls),
    path("dashboard/", views_dashboard.dashboard_page, name="dashboard"),
    path(
        "dashboard/annual-report.pdf",
        views_dashboard.annual_report_pdf,
        name="dashboard_report_pdf",
    ),
    path(
        "dashboard/annual-report.xlsx",
        views_dashboard.annual_report_xlsx,
        name="dashboard_report_xlsx",
    ),
    path("pdf-jobs/<uuid:job_id>/", views_pdf_jobs.pdf_job, name="pdf_job"),
    path(
        "pdf-jobs/<uuid:job_id>/download/",
        views_pdf_jobs.pdf_job_download,
        name="pdf_job_download",
    ),
    path(
        "deputies/report/",
        include((deputy_urls.report_urlpatterns, "deputy_reports")),
    ),
    path("deputies/", include("deputies.urls")),
    path("proposals/", include("proposals.urls")),
    path("supervision/", include("supervision.urls")),
    path("stations/", include("liaison_stations.urls")),
    path("appointments/", include("appointments.urls")),
    path("notices/", views_notifications.notification_inbox, name="notification_inbox"),
    path(
        "notices/<int:pk>/read/",
        views_notifications.notification_read,
        name="notification_read",
    ),
    path(
        "notices/read-all/",
        views_notifications.notification_read_all,
        name="notification_read_all",
    ),
    path(
        "notices/unread/",
        views_notifications.notification_unread_count,
        name="notification_unread_count",
    ),
    path(
        "notices/settings/",
        views_notifications.notification_preferences,
        name="notification_preferences",
    ),
    # Ballots: staff pages, members' votes, results.
    path("ballots/", views_ballots.ballot_list, name="ballot_list"),
    path("ballots/new/", views_ballots.ballot_create, name="ballot_create"),
    path("ballots/<int:pk>/", views_ballots.ballot_manage, name="ballot_manage"),
    path("ballots/<int:pk>/open/", views_ballots.ballot_open, name="ballot_open"),
    path("ballots/<int:pk>/totals/", views_ballots.ballot_totals, name="ballot_totals"),
    path("ballots/<int:pk>/close/", views_ballots.ballot_close, name="ballot_close"),
    path(
        "ballots/<int:pk>/publish/", views_ballots.ballot_publish, name="ballot_publish"
    ),
    path("ballots/<int:pk>/result/", views_ballots.ballot_result, name="ballot_result"),
    path("votes/", views_ballots.ballot_vote_list, name="ballot_vote_list"),
    path("votes/<int:pk>/", views_ballots.ballot_vote, name="ballot_vote"),
    *(
        path(
            f"workspace/{role.value}/",
            views.workspace_view(role),
            name=views.workspace_url_name(role),
        )
        for role in Role
    ),
]
