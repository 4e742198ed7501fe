from __future__ import annotations

from django.urls import include, path, re_path

from littleminds.api import api
from littleminds.core.api import not_found

urlpatterns = [
    path("", include("littleminds.core.urls")),
    path("", include("littleminds.accounts.urls")),
    path("audit/", include("littleminds.audit.urls")),
    path("directory/", include("littleminds.directory.urls")),
    path("navigator/", include("littleminds.pathway.urls")),
    path("referrals/", include("littleminds.referrals.referrer.urls")),
    path("triage/", include("littleminds.referrals.triage.urls")),
    path("intakes/", include("littleminds.referrals.intakes.urls")),
    path("self-referral/", include("littleminds.referrals.self_referral.urls")),
    path("notifications/", include("littleminds.notifications.urls")),
    path("cases/", include("littleminds.casework.urls")),
    path("questionnaire/", include("littleminds.casework.urls_public_link")),
    path("consultations/", include("littleminds.consultations.urls")),
    path("training/", include("littleminds.training.urls")),
    path("", include("littleminds.community.urls")),
    path("insights/", include("littleminds.insights.urls")),
    path("evaluation/", include("littleminds.evaluation.urls")),
    path("openreferral/", include("littleminds.directory.openreferral.urls")),
    re_path(r"^openreferral/", not_found),  # and under /openreferral/, as its API's 404
    path("api/", api.urls),
    re_path(r"^api/", not_found),  # every other address under /api/ is a JSON 404
    # Django's `set_language` (POST): the language switch on the public pages.
    path("language/", include("django.conf.urls.i18n")),
]

handler400 = "littleminds.core.views.bad_request"
handler403 = "littleminds.core.views.permission_denied"
handler404 = "littleminds.core.views.page_not_found"
handler500 = "littleminds.core.views.server_error"
