"""The review as one self-contained HTML file: inline CSS, an inline SVG timeline, no scripts.

Nothing is loaded from elsewhere (no scripts, stylesheets or fonts), so the file can be mailed or
opened offline. The chart draws one mark per turn along the conversation, in the lane of its
stage, coloured by what was found (flags, protocol notes, clean, not judged), over bands that
show the rounds; each mark links to its turn below. The layout is a single column that reads on
a phone; a long chart scrolls sideways rather than shrinking its marks to nothing.
"""

from __future__ import annotations

from html import escape

from imago_coach.flags import flag_names, same_words
from imago_coach.render.review_md import (
    STAGE_LABEL,
    STATUS_COLOUR,
    STATUS_TEXT,
    judge_label,
    other_legend,
    speaker_cells,
    speaker_legend,
    turn_label,
)
from imago_coach.transcript.report import ReviewReport, ReviewTurn

COLOURS = STATUS_COLOUR
LANES = ("sender", "mirror", "validate", "empathize", "request", "other")
LANE_LABEL = {"sender": "Sender", **STAGE_LABEL}
_STEP, _LANE, _TOP = 10, 22, 20
_FONT, _CHAR = 12, 7  # the chart's text size and the width of one of its characters, in px

_CSS = """
:root{--fg:#1d232a;--muted:#5b6470;--bg:#fff;--card:#f6f7f9;--line:#dde1e6}
@media (prefers-color-scheme:dark){:root{--fg:#e8eaed;--muted:#a9b0b8;--bg:#16191d;
--card:#20242a;--line:#343a42}}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:var(--fg);background:var(--bg)}
main{max-width:56rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;margin:.2rem 0}h2{font-size:1.15rem;margin:1.6rem 0 .5rem}
.meta,.muted{color:var(--muted)}.note{border-left:4px solid #E69F00;padding:.3rem .7rem;
background:var(--card)}
ol.tips li{margin:.3rem 0}
.table{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.9rem}
td,th{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
.chart{display:flex;border:1px solid var(--line);border-radius:8px;padding:.3rem}
.lanes{flex:none;padding-right:.5rem;font-size:12px;line-height:1}
.lanes span{display:flex;align-items:center}
.scroll{overflow-x:auto;flex:1 1 auto}.scroll svg{display:block}
.legend span{display:inline-block;margin-right:1rem;font-size:.85rem}
.legend i{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin-right:.3rem;
vertical-align:-1px}
.turn{border-left:5px solid var(--line);background:var(--card);border-radius:6px;
padding:.5rem .8rem;margin:.6rem 0}
.turn header{font-size:.85rem;color:var(--muted)}.turn p{margin:.3rem 0}
.turn.s-flagged{border-color:#D55E00}.turn.s-noted{border-color:#CC79A7}
.turn.s-clean{border-color:#0072B2}
.chip{display:inline-block;font-size:.75rem;padding:0 .4rem;border-radius:1rem;
background:#a84300;color:#fff;margin-left:.3rem}
.turn ul{margin:.3rem 0;padding-left:1.2rem}
@media (max-width:480px){body{font-size:15px}main{padding:.6rem}}
"""


def _esc(text: object) -> str:
    return escape(str(text), quote=True)


def _lane(turn: ReviewTurn) -> str:
    if turn.role == "sender":
        return "request" if turn.stage == "request" else "sender"
    return turn.stage if turn.role == "receiver" else "other"


def _lane_labels() -> str:
    """The lane names beside the chart, in HTML so they stay put while a long chart scrolls."""
    rows = "".join(f'<span style="height:{_LANE}px">{LANE_LABEL[lane]}</span>' for lane in LANES)
    return f'<div class="lanes" style="padding-top:{_TOP}px">{rows}</div>'


def timeline_svg(report: ReviewReport) -> str:
    """The conversation as an inline SVG: one ``rect.mark`` per turn, in its stage's lane.

    It is drawn at its natural size (never scaled to the page), so its text stays at a readable
    size on a phone and a desktop alike; a long conversation scrolls sideways."""
    n = len(report.turns)
    width = n * _STEP + 4
    height = _TOP + len(LANES) * _LANE + 6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" '
        f'aria-label="Timeline of {n} turns, by stage, coloured by what was found">',
        "<title>Conversation timeline</title>",
    ]
    start: dict[int, int] = {}
    end: dict[int, int] = {}
    for pos, turn in enumerate(report.turns):
        if turn.round is not None:
            start.setdefault(turn.round, pos)
            end[turn.round] = pos
    for number in sorted(start):
        x = start[number] * _STEP
        w = (end[number] - start[number] + 1) * _STEP
        fill = "#8884" if number % 2 else "#8882"
        sender = next(
            (t.speaker for t in report.turns if t.round == number and t.role == "sender"), ""
        )
        label = f"R{number} {sender[:10]}"
        if len(label) * _CHAR > w:  # a short round: its number only, the sender in the tooltip
            label = f"R{number}"
        parts.append(
            f'<rect class="band" x="{x}" y="{_TOP - 4}" width="{w}" '
            f'height="{len(LANES) * _LANE + 4}" fill="{fill}">'
            f"<title>Round {number}: {_esc(sender)} sends</title></rect>"
        )
        parts.append(
            f'<text x="{x + 2}" y="13" font-size="{_FONT}" fill="currentColor">{_esc(label)}</text>'
        )
    for pos, turn in enumerate(report.turns):
        row = LANES.index(_lane(turn))
        x = pos * _STEP + 1
        y = _TOP + row * _LANE + 2
        tip = f"#{turn.number} {turn.speaker} · {turn_label(turn)} · {STATUS_TEXT[turn.status]}"
        if turn.flags:
            tip += ": " + ", ".join(turn.flags)
        parts.append(
            f'<a href="#t{turn.index}"><rect class="mark s-{turn.status}" '
            f'data-index="{turn.index}" '
            f'data-stage="{turn.stage}" x="{x}" y="{y}" width="{_STEP - 2}" height="{_LANE - 4}" '
            f'rx="2" fill="{COLOURS[turn.status]}"><title>{_esc(tip)}</title></rect></a>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _turn_html(turn: ReviewTurn) -> str:
    chips = "".join(f'<span class="chip">{_esc(f.replace("_", " "))}</span>' for f in turn.flags)
    items = [
        f"<li><b>{_esc(flag_names(group))}</b>: “{_esc(group[0].evidence)}” — "
        f"{_esc(group[0].explanation)} <i>Try:</i> {_esc(group[0].suggestion)}</li>"
        for group in same_words(turn.findings)  # one explanation for words raising two flags
    ]
    items += [f"<li><i>{_esc(n.message)}</i></li>" for n in turn.protocol_notes]
    if turn.mirror_accuracy is not None and turn.stage == "mirror" and turn.step != "check":
        items.append(f"<li class=muted>mirror accuracy {round(turn.mirror_accuracy * 100)}%</li>")
    if turn.error:
        items.append(f"<li class=muted>not judged: {_esc(turn.error)}</li>")
    items += [f"<li class=muted>note: {_esc(n)}</li>" for n in turn.notes]
    if turn.rewrite:
        items.append(f"<li>You could say: “{_esc(turn.rewrite)}”</li>")
    body = f"<ul>{''.join(items)}</ul>" if items else ""
    stamp = f" · {_esc(turn.start)}" if turn.start else ""
    return (
        f'<article class="turn s-{turn.status}" id="t{turn.index}"><header>#{turn.number}{stamp} · '
        f"<b>{_esc(turn.speaker)}</b> · {_esc(turn_label(turn))}{chips}</header>"
        f"<p>{_esc(turn.text)}</p>{body}</article>"
    )


def _speaker_rows(report: ReviewReport) -> str:
    rows = []
    for name, s in report.summary.per_speaker.items():
        cells = speaker_cells(name, s)
        rows.append("<tr>" + "".join(f"<td>{_esc(c)}</td>" for c in cells) + "</tr>")
    head = (
        "Person",
        "sent",
        "received",
        "clean",
        "clean by stage",
        "mirror accuracy",
        "flags",
        "protocol notes",
    )
    legend = speaker_legend(report)
    return (
        "<table><thead><tr>"
        + "".join(f"<th>{h}</th>" for h in head)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
        + (f'<p class="muted">{_esc(legend)}</p>' if legend else "")
    )


def render_html(report: ReviewReport) -> str:
    """The whole review as one self-contained HTML page."""
    s = report.summary
    title = "Imago Dialogue review" + (f": {report.source}" if report.source else "")
    notes = "".join(f'<p class="note">{_esc(n)}</p>' for n in report.notes)
    if s.failed_turns:
        notes += f'<p class="note">{s.failed_turns} turn(s) could not be judged.</p>'
    legend = "".join(
        f'<span><i style="background:{COLOURS[k]}"></i>{STATUS_TEXT[k]}</span>' for k in COLOURS
    )
    tips = "".join(f"<li>{_esc(t)}</li>" for t in s.practice_next)
    other_line = other_legend([turn_label(t) for t in report.turns])
    other = f'<p class="muted">{_esc(other_line)}</p>' if other_line else ""
    meta = (
        f"{_esc(report.speakers[0])} and {_esc(report.speakers[1])} · {len(report.turns)} "
        f"turns · {s.rounds} round{'s' if s.rounds != 1 else ''} · "
        f"judge: {_esc(judge_label(report))}"
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_esc(title)}</title><style>{_CSS}</style></head><body><main>"
        f'<h1>{_esc(title)}</h1><p class="meta">{meta}</p>{notes}'
        f'<h2>Practise next</h2><ol class="tips">{tips}</ol>'
        f'<h2>Timeline</h2><div class="legend">{legend}</div>'
        f'<div class="chart">{_lane_labels()}<div class="scroll">{timeline_svg(report)}</div></div>'
        f'<h2>Per person</h2><div class="table">{_speaker_rows(report)}</div>'
        f"<h2>Turns</h2>{other}{''.join(_turn_html(t) for t in report.turns)}"
        "</main></body></html>\n"
    )
