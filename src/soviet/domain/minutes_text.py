"""The minutes of a session written out: as Markdown, or as a standalone HTML page.

Both are written from one outline of plain-text blocks (headings, paragraphs, lists,
quotations), so that they say the same; the HTML escapes every text it is given. A
long list of names may be cut to its first `names` (`and 385 more`), for a screen; the
whole minutes leave `names` None.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from soviet.domain.views import minutes as views

CHOICES = ("yes", "no", "abstain")
_CHANGES = {
    "checked-in": "checked in",
    "left": "left",
    "walked-out": "walked out",
    "returned": "returned",
    "mandate-ended": "left, their mandates having ended",
}


@dataclass(frozen=True)
class Block:
    """One block of the outline: a heading (`level` 1 to 3), a paragraph, a list
    (`ordered` or not) or a quotation."""

    kind: str  # heading | paragraph | list | quote
    texts: tuple[str, ...]
    level: int = 0
    ordered: bool = False


def _heading(level: int, text: str) -> Block:
    return Block("heading", (text,), level=level)


def _paragraph(text: str) -> Block:
    return Block("paragraph", (text,))


def _list(items: Iterable[str], *, ordered: bool = False) -> Block:
    return Block("list", tuple(items), ordered=ordered)


def when(moment: str) -> str:
    """A journal time as a person reads it: `1917-10-25 14:00 UTC`."""
    return f"{moment[:10]} {moment[11:16]} UTC" if len(moment) >= 16 else moment


def _who(named: views.Named) -> str:
    return named.name


def _people(persons: Sequence[views.Named], names: int | None) -> str:
    """Names, separated by semicolons (a name may hold a comma), cut to `names` if given."""
    shown = [_who(p) for p in persons]
    if names is not None and len(shown) > names:
        cut = "; ".join(shown[:names])
        return (cut + "; " if cut else "") + f"and {len(shown) - names} more"
    return "; ".join(shown)


def _fractions(counts: Sequence[views.FractionCount]) -> str:
    return "; ".join(
        f"{_who(c.fraction) if c.fraction else 'no fraction'} {c.count}" for c in counts
    )


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _attendance(minutes: views.Minutes, names: int | None) -> list[Block]:
    attendance = minutes.attendance
    end = "at the close" if minutes.closed_at else "at the last entry"
    present = f"{attendance.present_at_end} present {end}"
    if attendance.present_at_end_by_fraction:
        present += f" ({_fractions(attendance.present_at_end_by_fraction)})"
    blocks = [
        _heading(2, "Attendance"),
        _paragraph(
            f"{_count(len(attendance.attended), 'delegate', 'delegates')} attended; {present}."
        ),
    ]
    lines = []
    for change in attendance.changes:
        who = _count(len(change.persons), "delegate", "delegates")
        if change.fraction is not None:
            who = f"the fraction {_who(change.fraction)} ({who})"
        elif change.by_fraction:
            who += f" ({_fractions(change.by_fraction)})"
        line = f"{when(change.at)}: {who} {_CHANGES.get(change.change, change.change)}"
        lines.append(line + (f": {_people(change.persons, names)}" if change.persons else ""))
    if lines:
        blocks.append(_list(lines))
    return blocks


def _item(item: views.AgendaItem) -> str:
    parts = [f"item {item.number}: {item.title}"]
    if item.is_added:
        parts.append("added by the plenary")
    if item.called_at:
        parts.append("called " + ", ".join(when(t) for t in item.called_at))
    if item.motions:
        parts.append("motions " + ", ".join(item.motions))
    return "; ".join(parts)


def _amendment(amendment: views.AgendaAmendment) -> str:
    if amendment.change == "add":
        where = f" at position {amendment.position}" if amendment.position else " at the end"
        what = f"item {amendment.item} '{amendment.title}' added{where}"
    elif amendment.change == "remove":
        what = f"item {amendment.item} removed"
    else:
        what = f"item {amendment.item} moved to position {amendment.position}"
    return f"{when(amendment.at)}: {what} (motion of order {amendment.motion})"


def _agenda(agenda: views.Agenda) -> list[Block]:
    blocks = [
        _heading(2, "Agenda"),
        _paragraph("As convened:"),
        _list(agenda.convened, ordered=True),
    ]
    if agenda.amendments:
        blocks += [_paragraph("Amended by the plenary:"), _list(map(_amendment, agenda.amendments))]
    unchanged = tuple(item.title for item in agenda.items) == agenda.convened
    if not unchanged or any(item.called_at or item.motions for item in agenda.items):
        blocks += [_paragraph("As it stood at the end:"), _list(map(_item, agenda.items))]
    if agenda.removed:
        blocks += [_paragraph("Removed:"), _list(map(_item, agenda.removed))]
    return blocks


def _speech(speech: views.Speech) -> str:
    fraction = f" ({_who(speech.fraction)})" if speech.fraction else ""
    kind = speech.stance if speech.kind == "speech" else speech.kind.replace("-", " ")
    on = (
        f" on motion {speech.motion}"
        if speech.motion
        else f" on item {speech.item}"
        if speech.item is not None
        else ""
    )
    until = f" to {when(speech.ended_at)[11:]}" if speech.ended_at else ""
    return f"{when(speech.started_at)}{until}: {_who(speech.person)}{fraction}, {kind}{on}"


def _vote(vote: views.Vote, names: int | None) -> list[Block]:
    head = (
        f"Put to the vote {when(vote.opened_at)}, {vote.mode}, "
        f"{vote.present} of {vote.seats} present."
    )
    blocks = [_paragraph(head)]
    if vote.register is not None:
        weights = sum(line.weight for line in vote.register)
        entitled = _count(len(vote.register), "delegate", "delegates")
        blocks.append(
            _paragraph(
                f"Register: {entitled} entitled, {weights} votes: "
                + _people([line.person for line in vote.register], names)
            )
        )
    if vote.closed_at is None:
        blocks.append(_paragraph(f"Still open: {_count(vote.ballots_cast, 'ballot', 'ballots')}."))
        return blocks
    blocks.append(
        _paragraph(
            f"Result ({when(vote.closed_at)}): {vote.yes} yes, {vote.no} no, "
            f"{vote.abstain} abstain: {vote.outcome}."
        )
    )
    if vote.ballots is not None:
        blocks += [
            _paragraph("Roll call, by choice and fraction:"),
            _list(_roll(vote.ballots, names)),
        ]
    elif vote.mode == "secret":
        cast = _count(vote.ballots_cast, "ballot", "ballots")
        blocks.append(_paragraph(f"Secret ballot: {cast} cast."))
    return blocks


def _roll(ballots: Sequence[views.Ballot], names: int | None) -> list[str]:
    """A roll call's lines: one per choice and fraction, largest first, with the names."""
    lines = []
    for choice in CHOICES:
        fractions: dict[str, list[views.Named]] = {}
        for ballot in ballots:
            if ballot.choice == choice:
                fraction = _who(ballot.fraction) if ballot.fraction else "no fraction"
                fractions.setdefault(fraction, []).append(ballot.person)
        for fraction, voted in sorted(fractions.items(), key=lambda f: (-len(f[1]), f[0])):
            lines.append(f"{choice}, {fraction} ({len(voted)}): {_people(voted, names)}")
    return lines


def _motion(motion: views.Motion, names: int | None) -> list[Block]:
    kind = "Amendment" if motion.kind == "amendment" else "Motion"
    title = f"{kind} {motion.motion}: {motion.title}"
    moved = f"Moved {when(motion.moved_at)} by {motion.mover_kind} {motion.mover}"
    if motion.amends:
        moved += f", amending motion {motion.amends}"
    blocks = [_heading(3, title), _paragraph(moved + "."), Block("quote", (motion.text,))]
    if motion.positions:
        blocks.append(
            _list(f"{_who(p.fraction)} binds its members: {p.position}" for p in motion.positions)
        )
    if motion.amended_text is not None:
        blocks += [_paragraph("As amended:"), Block("quote", (motion.amended_text,))]
    if motion.vote is None:
        blocks.append(_paragraph("Not put to the vote."))
    else:
        blocks += _vote(motion.vote, names)
    return blocks


def _resolution(resolution: views.Resolution) -> str:
    parts = [f"No. {resolution.number} (motion {resolution.motion}): {resolution.text}"]
    if resolution.amends:
        parts.append(f"It amends resolution {resolution.amends}: {resolution.new_text}")
    if resolution.annuls:
        parts.append(f"It annuls resolution {resolution.annuls}.")
    if resolution.commission:
        parts.append(f"It creates the commission {resolution.commission}.")
    if resolution.not_carried_out:
        parts.append(f"Not carried out: {resolution.not_carried_out}")
    return " ".join(parts)


def outline(minutes: views.Minutes, *, names: int | None = None) -> list[Block]:
    """The minutes as blocks of plain text."""
    of = _who(minutes.council) + (f", section {minutes.section}" if minutes.section else "")
    blocks = [
        _heading(1, f"Minutes of session {minutes.session} of the {of}"),
        _paragraph(f"Convened {when(minutes.convened_at)}."),
    ]
    blocks += _attendance(minutes, names)
    blocks += _agenda(minutes.agenda)
    blocks.append(_heading(2, "Speakers"))
    if minutes.speeches:
        blocks.append(_list(map(_speech, minutes.speeches), ordered=True))
    else:
        blocks.append(_paragraph("No speaker was given the floor from a list of speakers."))
    blocks.append(_heading(2, "Motions and votes"))
    for motion in minutes.motions:
        blocks += _motion(motion, names)
    if not minutes.motions:
        blocks.append(_paragraph("No motion was moved."))
    blocks.append(_heading(2, "Resolutions"))
    if minutes.resolutions:
        blocks.append(_list(map(_resolution, minutes.resolutions)))
    else:
        blocks.append(_paragraph("No resolution was adopted."))
    blocks.append(_heading(2, "Closing"))
    first, last = minutes.entries
    source = f"Made from journal entries {first} to {last}."
    if minutes.closed_at:
        blocks.append(_paragraph(f"The session closed {when(minutes.closed_at)}. {source}"))
    else:
        blocks.append(_paragraph(f"The session had not closed at entry {last}. {source}"))
    return blocks


def markdown(minutes: views.Minutes, *, names: int | None = None) -> str:
    """The minutes as Markdown."""
    out: list[str] = []
    for block in outline(minutes, names=names):
        if block.kind == "heading":
            out.append("#" * block.level + " " + block.texts[0])
        elif block.kind == "list":
            marks = [f"{n}." if block.ordered else "-" for n in range(1, len(block.texts) + 1)]
            out.append(
                "\n".join(f"{mark} {text}" for mark, text in zip(marks, block.texts, strict=True))
            )
        elif block.kind == "quote":
            out.append("\n".join(f"> {line}" for line in block.texts[0].splitlines() or [""]))
        else:
            out.append(block.texts[0])
    return "\n\n".join(out) + "\n"


_STYLE = (
    "body{font-family:Georgia,serif;max-width:46em;margin:2em auto;padding:0 1em;"
    "line-height:1.45;color:#111}h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px "
    "solid #999;margin-top:1.6em}h3{font-size:1.05em}blockquote{margin:.5em 0 .5em 1em;"
    "padding-left:1em;border-left:3px solid #bbb}"
    "@media print{body{margin:0;max-width:none}h2,h3{break-after:avoid}}"
)


def page(minutes: views.Minutes, *, names: int | None = None) -> str:
    """The minutes as a standalone, printable HTML page, every text escaped."""
    blocks = outline(minutes, names=names)
    body: list[str] = []
    for block in blocks:
        texts = [html.escape(text) for text in block.texts]
        if block.kind == "heading":
            body.append(f"<h{block.level}>{texts[0]}</h{block.level}>")
        elif block.kind == "list":
            tag = "ol" if block.ordered else "ul"
            items = "".join(f"<li>{text}</li>" for text in texts)
            body.append(f"<{tag}>{items}</{tag}>")
        elif block.kind == "quote":
            body.append(f"<blockquote><p>{texts[0]}</p></blockquote>")
        else:
            body.append(f"<p>{texts[0]}</p>")
    title = html.escape(blocks[0].texts[0])
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
