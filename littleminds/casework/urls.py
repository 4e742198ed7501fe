from __future__ import annotations

from django.urls import include, path

from littleminds.casework import views
from littleminds.casework.urls_care import urlpatterns as care_urlpatterns
from littleminds.casework.urls_closure import urlpatterns as closure_urls
from littleminds.casework.urls_link import urlpatterns as link_urls
from littleminds.casework.urls_records import urlpatterns as records_urls

app_name = "casework"

urlpatterns = [
    path("", views.caseload_mine, name="mine"),
    path("", include("littleminds.casework.urls_week")),
    path("team/", views.caseload_team, name="team"),
    path("from-referral/<str:reference>/", views.from_referral, name="from-referral"),
    path("<uuid:code>/", views.case, name="case"),
    path("<uuid:code>/contacts/", views.case_contacts, name="case-contacts"),
    path("<uuid:code>/notes/", views.case_notes, name="case-notes"),
    path("<uuid:code>/history/", views.case_history, name="case-history"),
    path("<uuid:code>/contacts/new/", views.contact_plan, name="contact-plan"),
    path("<uuid:code>/contacts/<uuid:contact>/", views.contact_record, name="contact-record"),
    path("<uuid:code>/notes/new/", views.note_add, name="note-add"),
    path("<uuid:code>/notes/<uuid:note>/addendum/", views.addendum_add, name="addendum-add"),
    path("<uuid:code>/allocation/", views.allocation, name="allocation"),
    path("<uuid:code>/babies/<uuid:baby>/born/", views.baby_born, name="baby-born"),
    *closure_urls,
    *care_urlpatterns,
    *records_urls,
    *link_urls,
]
