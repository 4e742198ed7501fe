"""Writes of the coding part: the codebook (add, change, move, merge, remove a code), codings
(apply codes to a passage, remove one) and memos (on a transcript, a passage or a code).

Every write here takes a study the caller has already reached through
`selectors.study_for_researcher`, so only the study's researchers get here. A coding is its
coder's: only they remove it. A memo is seen by every researcher of the study and changed or
removed by its author only. Messages in `ValidationError`s are read by people: the views
show them as they are.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from littleminds.accounts.models import User
from littleminds.audit.services import audit_record
from littleminds.evaluation.models import Code, Coding, Memo, Segment, Study, Transcript

COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


def descendant_ids(node: Code) -> set[int]:
    """The ids of `node`'s sub-codes, their sub-codes, and so on (one query)."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in Code.objects.filter(study_id=node.study_id).values_list("pk", "parent_id"):
        children[parent_id].append(pk)
    found: set[int] = set()
    waiting = list(children[node.pk])
    while waiting:
        pk = waiting.pop()
        if pk not in found:
            found.add(pk)
            waiting.extend(children[pk])
    return found


def _check_name(study: Study, name: str, parent: Code | None, *, not_pk: int | None) -> str:
    cleaned = name.strip()
    if not cleaned:
        raise ValidationError({"name": _("Enter the code's name")})
    siblings = Code.objects.filter(study=study, parent=parent, name__iexact=cleaned)
    if not_pk is not None:
        siblings = siblings.exclude(pk=not_pk)
    if siblings.exists():
        where = _("under “%(theme)s”") % {"theme": parent.name} if parent else _("among the themes")
        raise ValidationError(
            {
                "name": _("There is already a code called “%(name)s” %(where)s")
                % {"name": cleaned, "where": where}
            }
        )
    return cleaned


def _check_colour(colour: str) -> str:
    if not COLOUR.match(colour or ""):
        raise ValidationError(
            {"colour": _("Enter the colour as # and six hexadecimal digits, like #005EB8")}
        )
    return colour.upper()


def _check_parent(study: Study, node: Code | None, parent: Code | None) -> None:
    if parent is None:
        return
    if parent.study_id != study.pk:
        raise ValidationError({"parent": _("Choose a theme of this study's codebook")})
    if node is not None and (parent.pk == node.pk or parent.pk in descendant_ids(node)):
        raise ValidationError(
            {"parent": _("A code cannot go under itself or under one of its own sub-codes")}
        )


def _next_position(study: Study, parent: Code | None) -> int:
    last = (
        Code.objects.filter(study=study, parent=parent)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
    )
    return 0 if last is None else last + 1


def code_create(
    *,
    by: User,
    study: Study,
    name: str,
    description: str = "",
    colour: str = "#005EB8",
    parent: Code | None = None,
    guid: uuid.UUID | None = None,
) -> Code:
    """Add a code to the study's codebook, last under its parent (or last of the themes).
    `guid` keeps the identity a code had in another tool (REFI-QDA import)."""
    with transaction.atomic():
        _check_parent(study, None, parent)
        node = Code(
            study=study,
            guid=guid or uuid.uuid4(),
            parent=parent,
            name=_check_name(study, name, parent, not_pk=None),
            description=description.strip(),
            colour=_check_colour(colour),
            position=_next_position(study, parent),
        )
        node.full_clean()
        node.save()
        audit_record(
            by=by,
            action="code.created",
            target=node,
            team=study.team,
            detail={"name": node.name, "parent": parent.name if parent else ""},
        )
    return node


def code_change(
    *,
    by: User,
    node: Code,
    name: str,
    description: str,
    colour: str,
    parent: Code | None,
) -> Code:
    """Change a code's name, description, colour or theme. Its codings stay with it; a code
    moved to another theme goes last there. A code cannot go under itself or its sub-codes."""
    study = node.study
    with transaction.atomic():
        _check_parent(study, node, parent)
        moved = node.parent_id != (parent.pk if parent else None)
        node.name = _check_name(study, name, parent, not_pk=node.pk)
        node.description = description.strip()
        node.colour = _check_colour(colour)
        if moved:
            node.parent = parent
            node.position = _next_position(study, parent)
        node.full_clean()
        node.save()
        audit_record(
            by=by,
            action="code.changed",
            target=node,
            team=study.team,
            detail={
                "name": node.name,
                "parent": parent.name if parent else "",
                "moved": moved,
            },
        )
    return node


def code_move(*, by: User, node: Code, up: bool) -> bool:
    """Move a code one place up or down among its siblings. False when it is already first
    (or last) and nothing moved."""
    with transaction.atomic():
        siblings = list(
            Code.objects.select_for_update()
            .filter(study_id=node.study_id, parent_id=node.parent_id)
            .order_by("position", "name")
        )
        at = next(i for i, sibling in enumerate(siblings) if sibling.pk == node.pk)
        to = at - 1 if up else at + 1
        if not 0 <= to < len(siblings):
            return False
        siblings[at], siblings[to] = siblings[to], siblings[at]
        for position, sibling in enumerate(siblings):
            sibling.position = position
        Code.objects.bulk_update(siblings, ["position"])
        audit_record(
            by=by,
            action="code.moved",
            target=node,
            team=node.study.team,
            detail={"name": node.name, "position": to},
        )
    return True


@dataclass(frozen=True)
class Merged:
    codings_moved: int
    codings_dropped: int
    sub_codes_moved: int
    memos_moved: int


def code_merge(*, by: User, source: Code, into: Code) -> Merged:
    """Merge `source` into `into`: its codings become `into`'s (a coding `into` already has
    for the same coder and passage is dropped, not doubled), its sub-codes and memos move to
    `into`, and `source` is removed. All or nothing."""
    if source.study_id != into.study_id:
        raise ValidationError(_("Choose a code of this study's codebook"))
    if source.pk == into.pk:
        raise ValidationError(_("Choose another code to merge into"))
    if into.pk in descendant_ids(source):
        raise ValidationError(
            _("“%(into)s” is one of “%(source)s”'s own sub-codes: move it out first")
            % {"into": into.name, "source": source.name}
        )
    with transaction.atomic():
        clashes = sorted(
            set(Code.objects.filter(parent=source).values_list("name", flat=True))
            & set(Code.objects.filter(parent=into).values_list("name", flat=True))
        )
        if clashes:
            raise ValidationError(
                _("“%(into)s” already has sub-codes called %(names)s: rename or merge them first")
                % {"into": into.name, "names": ", ".join(f"“{name}”" for name in clashes)}
            )
        held = set(
            Coding.objects.filter(code=into).values_list(
                "transcript_id", "coder_id", "start", "end"
            )
        )
        moving: list[int] = []
        dropping: list[int] = []
        for pk, transcript_id, coder_id, start, end in Coding.objects.filter(
            code=source
        ).values_list("pk", "transcript_id", "coder_id", "start", "end"):
            (dropping if (transcript_id, coder_id, start, end) in held else moving).append(pk)
        Coding.objects.filter(pk__in=dropping).delete()
        Coding.objects.filter(pk__in=moving).update(code=into)
        last = _next_position(into.study, into)
        children = list(Code.objects.filter(parent=source).order_by("position", "name"))
        for offset, child in enumerate(children):
            child.parent = into
            child.position = last + offset
        Code.objects.bulk_update(children, ["parent", "position"])
        memos = Memo.objects.filter(on_code=source).update(on_code=into)
        merged = Merged(len(moving), len(dropping), len(children), memos)
        audit_record(
            by=by,
            action="code.merged",
            target=into,
            team=into.study.team,
            detail={
                "from": source.name,
                "from_code": str(source.code),
                "into": into.name,
                "codings_moved": merged.codings_moved,
                "codings_dropped": merged.codings_dropped,
                "sub_codes_moved": merged.sub_codes_moved,
                "memos_moved": merged.memos_moved,
            },
        )
        source.delete()
    return merged


def code_remove(*, by: User, node: Code) -> None:
    """Remove a code that has no codings and no sub-codes (a code in use is merged into
    another instead, so no coding is lost). Its memos go with it."""
    with transaction.atomic():
        if node.codings.exists():
            raise ValidationError(
                _("“%(name)s” has codings: merge it into another code instead")
                % {"name": node.name}
            )
        if node.children.exists():
            raise ValidationError(
                _("“%(name)s” has sub-codes: move them or merge it into another code instead")
                % {"name": node.name}
            )
        audit_record(
            by=by,
            action="code.removed",
            target=node,
            team=node.study.team,
            detail={"name": node.name, "memos": node.memos.count()},
        )
        node.delete()


def check_passage(transcript: Transcript, start: int, end: int) -> None:
    """A passage that may be coded: within the text, not empty, and touching no segment a
    withdrawn participant spoke."""
    if transcript.status != Transcript.Status.READY:
        raise ValidationError(_("This transcript is not ready to code yet"))
    if not 0 <= start < end <= len(transcript.text):
        raise ValidationError(_("Choose a passage within the transcript"))
    if Segment.objects.filter(
        transcript=transcript,
        participant__withdrawn_at__isnull=False,
        start__lt=end,
        end__gt=start,
    ).exists():
        raise ValidationError(
            _("The passage includes words of a participant who withdrew: they cannot be coded")
        )


def coding_apply(
    *, by: User, transcript: Transcript, start: int, end: int, codes: list[Code]
) -> list[Coding]:
    """Code the passage `start`..`end` (code points of the transcript's text) with each of
    `codes`, as `by`. A code `by` has already put on exactly this passage is refused."""
    if not codes:
        raise ValidationError(_("Choose at least one code"))
    if any(node.study_id != transcript.study_id for node in codes):
        raise ValidationError(_("Choose codes of this study's codebook"))
    check_passage(transcript, start, end)
    # No savepoint of its own when `passage_code` holds the transaction: a failure undoes
    # both, and two round trips are saved on every application.
    with transaction.atomic(savepoint=False):
        already = set(
            Coding.objects.filter(
                transcript=transcript, coder=by, start=start, end=end, code__in=codes
            ).values_list("code_id", flat=True)
        )
        if already:
            names = ", ".join(f"“{node.name}”" for node in codes if node.pk in already)
            raise ValidationError(
                _("You have already coded this passage with %(names)s") % {"names": names}
            )
        made = Coding.objects.bulk_create(
            Coding(code=node, transcript=transcript, coder=by, start=start, end=end)
            for node in dict.fromkeys(codes)
        )
        audit_record(
            by=by,
            action="coding.applied",
            target=transcript,
            team=transcript.study.team,
            detail={"start": start, "end": end, "codes": [str(node.code) for node in codes]},
        )
    return made


def coding_remove(*, by: User, coding: Coding) -> None:
    """Remove one of `by`'s own codings."""
    if coding.coder_id != by.pk:
        raise PermissionDenied
    with transaction.atomic():
        audit_record(
            by=by,
            action="coding.removed",
            target=coding.transcript,
            team=coding.transcript.study.team,
            detail={"code": str(coding.code.code), "start": coding.start, "end": coding.end},
        )
        coding.delete()


def memo_add(
    *,
    by: User,
    study: Study,
    text: str,
    transcript: Transcript | None = None,
    start: int | None = None,
    end: int | None = None,
    on_code: Code | None = None,
) -> Memo:
    """A memo on a transcript (wholly, or the passage `start`..`end` of it) or on a code."""
    if (transcript is None) == (on_code is None):
        raise ValueError("a memo is on a transcript or on a code")
    if transcript is not None and transcript.study_id != study.pk:
        raise ValueError("the transcript is not the study's")
    if on_code is not None and on_code.study_id != study.pk:
        raise ValueError("the code is not the study's")
    if (start is None) != (end is None):
        raise ValueError("a passage has a start and an end")
    if transcript is not None and start is not None and end is not None:
        check_passage(transcript, start, end)
    cleaned = text.strip()
    if not cleaned:
        raise ValidationError({"text": _("Write the memo")})
    with transaction.atomic(savepoint=False):
        memo = Memo(
            study=study,
            author=by,
            text=cleaned,
            transcript=transcript,
            start=start,
            end=end,
            on_code=on_code,
        )
        memo.full_clean()
        memo.save()
        audit_record(
            by=by,
            action="memo.added",
            target=memo,
            team=study.team,
            detail={
                "on": "code" if on_code else ("passage" if start is not None else "transcript")
            },
        )
    return memo


def memo_change(*, by: User, memo: Memo, text: str) -> Memo:
    if memo.author_id != by.pk:
        raise PermissionDenied
    cleaned = text.strip()
    if not cleaned:
        raise ValidationError({"text": _("Write the memo")})
    with transaction.atomic():
        memo.text = cleaned
        memo.updated_at = timezone.now()
        memo.full_clean()
        memo.save()
        audit_record(by=by, action="memo.changed", target=memo, team=memo.study.team)
    return memo


def memo_remove(*, by: User, memo: Memo) -> None:
    if memo.author_id != by.pk:
        raise PermissionDenied
    with transaction.atomic():
        audit_record(by=by, action="memo.removed", target=memo, team=memo.study.team)
        memo.delete()


def passage_code(
    *, by: User, transcript: Transcript, start: int, end: int, codes: list[Code], memo: str = ""
) -> tuple[list[Coding], Memo | None]:
    """What the coding page's form does: apply the codes to the passage and, when a memo is
    written, keep it on the passage; both or neither."""
    with transaction.atomic():
        made = (
            coding_apply(by=by, transcript=transcript, start=start, end=end, codes=codes)
            if codes
            else []
        )
        kept = (
            memo_add(
                by=by,
                study=transcript.study,
                text=memo,
                transcript=transcript,
                start=start,
                end=end,
            )
            if memo.strip()
            else None
        )
    return made, kept
