"""Who sees which teams' insights, and how (issue 16, DOMAIN.md §4 and §9):

- service managers and clinicians see the teams in which they hold `insights.view`,
  exactly, marked as not for sharing;
- analysts and commissioners (`insights.commissioned`) see the teams their commissioning
  bodies fund, with small numbers suppressed (`tables.disclose`);
- anyone else, researchers and practitioners included, gets 404.

Someone who is both sees exact figures for their own teams only when those are all they
asked for; as soon as the view includes a team outside theirs, everything is suppressed."""

from __future__ import annotations

from dataclasses import dataclass

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Permission


@dataclass(frozen=True)
class Viewer:
    user: User
    own: tuple[Team, ...]  # exact figures
    commissioned: tuple[Team, ...]  # suppressed figures

    @property
    def teams(self) -> list[Team]:
        """Every team this person may see, by name."""
        seen = {team.pk: team for team in (*self.own, *self.commissioned)}
        return sorted(seen.values(), key=lambda team: (team.name, team.pk))

    @property
    def allowed(self) -> bool:
        return bool(self.own or self.commissioned)

    def suppressed_for(self, teams: list[Team]) -> bool:
        """Whether figures of these teams are shown suppressed to this person."""
        own = {team.pk for team in self.own}
        return any(team.pk not in own for team in teams)


def viewer(user: User) -> Viewer:
    own = tuple(user.teams_with(Permission.INSIGHTS_VIEW))
    commissioned: tuple[Team, ...] = ()
    if user.has_perm(Permission.INSIGHTS_COMMISSIONED):
        commissioned = tuple(
            Team.objects.filter(commissioners__members=user).distinct().order_by("name", "pk")
        )
    return Viewer(user=user, own=own, commissioned=commissioned)
