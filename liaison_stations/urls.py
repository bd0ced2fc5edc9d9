from django.urls import path

from liaison_stations import views_deputy, views_issues, views_manage, views_public

app_name = "liaison_stations"

urlpatterns = [
    # Public (no login).
    path("", views_public.directory, name="public_directory"),
    path("<int:pk>/", views_public.station, name="public_station"),
    path("<int:pk>/wall/", views_public.wall, name="public_wall"),
    path("<int:pk>/calendar.ics", views_public.station_ics, name="station_ics"),
    path("<int:pk>/message/", views_public.message, name="public_message"),
    path("book/<int:pk>/", views_public.book, name="public_book"),
    path("deputies/<int:pk>/", views_public.deputy, name="public_deputy"),
    path("deputies/<int:pk>/calendar.ics", views_public.deputy_ics, name="deputy_ics"),
    path("track/", views_public.track, name="track"),
    # Station managers and office staff.
    path("manage/", views_manage.station_list, name="station_list"),
    path("manage/new/", views_manage.station_create, name="station_create"),
    path("manage/<int:pk>/", views_manage.station_detail, name="station"),
    path("manage/<int:pk>/edit/", views_manage.station_edit, name="station_edit"),
    path(
        "manage/<int:pk>/deputies/",
        views_manage.station_deputies,
        name="station_deputies",
    ),
    path("manage/<int:pk>/managers/", views_manage.station_managers, name="managers"),
    path("manage/<int:pk>/photos/", views_manage.station_photo_add, name="photo_add"),
    path("manage/<int:pk>/standard/", views_manage.standard, name="standard"),
    path("manage/<int:pk>/roster/", views_manage.roster, name="roster"),
    path("manage/<int:pk>/roster/rule/", views_manage.rule_create, name="rule_create"),
    path("manage/<int:pk>/roster/slot/", views_manage.slot_create, name="slot_create"),
    path("manage/<int:pk>/roster/publish/", views_manage.publish, name="publish"),
    path("manage/<int:pk>/bookings/", views_manage.bookings, name="bookings"),
    path("manage/<int:pk>/receptions/", views_issues.receptions, name="receptions"),
    path("manage/<int:pk>/activities/", views_issues.activities, name="activities"),
    path(
        "manage/<int:pk>/ledger/<kind>/<fmt>/",
        views_issues.ledger,
        name="ledger",
    ),
    path("slots/<int:pk>/", views_manage.slot_detail, name="slot"),
    path("slots/<int:pk>/cancel/", views_manage.slot_cancel, name="slot_cancel"),
    path("slots/<int:pk>/qr/", views_manage.slot_qr, name="slot_qr"),
    path(
        "duties/<int:pk>/action/",
        views_manage.assignment_action,
        name="assignment_action",
    ),
    path("swaps/<int:pk>/decide/", views_manage.swap_decide, name="swap_decide"),
    path(
        "bookings/<int:pk>/decide/", views_manage.booking_decide, name="booking_decide"
    ),
    path("receptions/<int:pk>/", views_issues.reception_detail, name="reception"),
    path("issues/", views_issues.issue_list, name="issue_list"),
    path("issues/<int:pk>/", views_issues.issue_detail, name="issue_detail"),
    path("issues/<int:pk>/route/", views_issues.issue_route, name="issue_route"),
    path("issues/<int:pk>/answer/", views_issues.issue_answer, name="issue_answer"),
    path(
        "issues/<int:pk>/feedback/", views_issues.issue_feedback, name="issue_feedback"
    ),
    path(
        "issues/<int:pk>/suggestion/",
        views_issues.issue_draft_suggestion,
        name="issue_draft_suggestion",
    ),
    path("activities/<int:pk>/", views_issues.activity_detail, name="activity"),
    path("statistics/", views_issues.statistics, name="statistics"),
    # Deputies.
    path("my/", views_deputy.my_duties, name="my_duties"),
    path("my/profile/", views_deputy.profile, name="profile"),
    path("my/duties/<int:pk>/swap/", views_deputy.swap_create, name="swap_create"),
    path("my/duties/<int:pk>/invite/", views_deputy.invite, name="invite"),
    path(
        "my/swaps/<int:pk>/withdraw/", views_deputy.swap_withdraw, name="swap_withdraw"
    ),
    path("check-in/<token>/", views_deputy.check_in, name="check_in"),
]
