from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from congress import views, views_notifications
from congress.access import public
from congress.roles import Role

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("i18n/setlang/", public(set_language), name="set_language"),
    path(
        "attachments/<int:pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("admin/", admin.site.urls),
    path("deputies/", include("deputies.urls")),
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
    *(
        path(
            f"workspace/{role.value}/",
            views.workspace_view(role),
            name=views.workspace_url_name(role),
        )
        for role in Role
    ),
]
