"""Community messaging's addresses: the families' pages at the site's root ("What's on",
leaflets), the staff pages under /community/. One namespace, `community`; each part's
addresses are in a file of its own."""

from __future__ import annotations

from django.urls import include, path

app_name = "community"

urlpatterns = [
    # Families: what's on, each event and booking a place (urls_whats_on.py).
    path("whats-on/", include("littleminds.community.urls_whats_on")),
    # Families: leaflets and other materials in their language (urls_leaflets.py).
    path("leaflets/", include("littleminds.community.urls_leaflets")),
    # The team's materials (urls_materials.py).
    path("community/materials/", include("littleminds.community.urls_materials")),
    # Reach by postcode district and language, beside the self-referrals (urls_reach.py).
    path("community/reach/", include("littleminds.community.urls_reach")),
    # The team's campaigns and events, and their reach (urls_manage.py).
    path("community/", include("littleminds.community.urls_manage")),
]
