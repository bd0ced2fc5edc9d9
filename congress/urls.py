from django.contrib import admin
from django.urls import path
from django.views.i18n import set_language

from congress import views
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
    *(
        path(
            f"workspace/{role.value}/",
            views.workspace_view(role),
            name=views.workspace_url_name(role),
        )
        for role in Role
    ),
]
