"""URLs of the office pages (proposals.views_office), under /proposals/office/."""

from django.urls import path

from proposals import views_office as views

urlpatterns = [
    path("", views.office_queue, name="office_queue"),
    path("register/", views.office_register, name="office_register"),
    path("<int:pk>/register/", views.office_register_one, name="office_register_one"),
    path("<int:pk>/return/", views.office_return, name="office_return"),
    path("number/", views.office_number, name="office_number"),
    path("<int:pk>/decide/", views.office_motion_decide, name="office_motion_decide"),
    path("paper/", views.office_paper_entry, name="office_paper_entry"),
    path("paper/upload/", views.office_paper_upload, name="office_paper_upload"),
    path(
        "paper/template.csv",
        views.office_paper_template,
        name="office_paper_template",
    ),
    path("assign/", views.office_assign, name="office_assign"),
    path("<int:pk>/key/", views.office_mark_key, name="office_mark_key"),
    path("board/", views.office_board, name="office_board"),
    path("extensions/", views.office_extensions, name="office_extensions"),
    path(
        "extensions/<int:pk>/",
        views.office_extension_decide,
        name="office_extension_decide",
    ),
    path("assignments/<int:pk>/relieve/", views.office_relieve, name="office_relieve"),
    path(
        "assignments/<int:pk>/supervision/",
        views.office_finish_supervision,
        name="office_finish_supervision",
    ),
    path("assignments/<int:pk>/urge/", views.office_urge, name="office_urge"),
    path(
        "replies/<int:pk>/send-back/",
        views.office_reply_send_back,
        name="office_reply_send_back",
    ),
    path("<int:pk>/close/", views.office_close, name="office_close"),
    path("<int:pk>/publish/", views.office_publish, name="office_publish"),
    path("look-back/", views.office_look_back, name="office_look_back"),
    path("key/", views.office_key_suggestions, name="office_key_suggestions"),
]
