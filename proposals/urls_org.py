"""URLs of the org pages (proposals.views_org), under /proposals/org/."""

from django.urls import path

from proposals import views_org

urlpatterns = [
    path("", views_org.org_assignments, name="org_assignments"),
    path("<int:pk>/", views_org.org_assignment, name="org_assignment"),
    path("<int:pk>/accept/", views_org.org_assignment_accept, name="org_accept"),
    path("<int:pk>/contest/", views_org.org_assignment_contest, name="org_contest"),
    path("<int:pk>/extension/", views_org.org_extension_request, name="org_extension"),
    path("<int:pk>/contact/", views_org.org_contact_record, name="org_contact"),
    path("<int:pk>/reply/", views_org.org_reply_draft, name="org_reply"),
    path("<int:pk>/reply/sign/", views_org.org_reply_approve, name="org_reply_sign"),
    path(
        "<int:pk>/implementation/",
        views_org.org_implementation_update,
        name="org_implementation",
    ),
    path(
        "<int:pk>/reply-template.docx",
        views_org.org_reply_template,
        name="org_reply_template",
    ),
]
