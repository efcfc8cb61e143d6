"""Eval reports as rich tables (terminal) and as Markdown files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich import box
from rich.console import Group, RenderableType
from rich.text import Text

from imago_coach.evaluation.compare import Comparison
from imago_coach.evaluation.report import EvalReport, FlagMetrics
from imago_coach.evaluation.store import RunRow
from imago_coach.flags import FLAG_INFO
from imago_coach.models import Flag
from imago_coach.render.safe import plain
from imago_coach.render.tables import FitTable


def _cost(value: float | None, digits: int = 4) -> str:
    return "unknown" if value is None else f"${value:.{digits}f}"


def _flags(flags: Sequence[Flag] | None) -> str:
    if flags is None:
        return "error"
    return ", ".join(f.value for f in flags) or "clean"


def _expected(expected: dict[Flag, bool]) -> str:
    return ", ".join(f.value for f, v in expected.items() if v) or "clean"


def _who(report: EvalReport) -> str:
    parts: list[str] = [report.judge]
    if report.model:
        parts.append(report.model)
    if report.prompt:
        parts.append(report.prompt)
    return " / ".join(parts)


def summary_line(report: EvalReport) -> str:
    extra = []
    if report.cached:
        extra.append(f"{report.cached} cached")
    if report.resumed:
        extra.append(f"{report.resumed} resumed")
    more = f" ({', '.join(extra)})" if extra else ""
    return (
        f"{report.dataset} [{report.dataset_sha256[:8]}] · {_who(report)} · {report.cases} cases, "
        f"{report.scored} scored, {report.errors} errors{more}"
    )


METRIC_HEADERS = ("flag", "tp", "fp", "fn", "tn", "precision", "recall", "F1", "kappa", "support")


def metrics_table(metrics: dict[Flag, FlagMetrics], title: str | None = None) -> FitTable:
    table = FitTable(
        METRIC_HEADERS, title=title, right=frozenset(METRIC_HEADERS[1:]), box=box.SIMPLE_HEAD
    )
    for flag, m in metrics.items():
        table.add_row(
            flag.value,
            str(m.tp),
            str(m.fp),
            str(m.fn),
            str(m.tn),
            f"{m.precision:.3f}",
            f"{m.recall:.3f}",
            f"{m.f1:.3f}",
            f"{m.kappa:.3f}",
            str(m.support),
        )
    return table


def report_renderable(report: EvalReport, misses: int = 10) -> RenderableType:
    parts: list[RenderableType] = [plain(summary_line(report), style="bold")]
    parts.append(metrics_table(report.metrics))
    cost = _cost(report.cost_usd)
    if report.batch_id:
        cost += " (batch price)"
    parts.append(
        Text(
            f"macro-F1 {report.macro_f1:.3f} · latency p50 {report.latency_ms.p50:.0f} ms, "
            f"p95 {report.latency_ms.p95:.0f} ms · tokens {report.tokens.prompt} prompt + "
            f"{report.tokens.completion} completion · cost {cost} · {report.wall_s:.1f} s"
        )
    )
    if report.by_stage:
        shown = list(report.metrics)
        heads = ("stage", "cases", *(flag.value for flag in shown))
        stages = FitTable(
            heads, title="F1 by stage", right=frozenset(heads[1:]), box=box.SIMPLE_HEAD
        )
        for stage, sm in report.by_stage.items():
            cells = [f"{sm.flags[f].f1:.3f}" if f in sm.flags else "-" for f in shown]
            stages.add_row(stage.value, str(sm.cases), *cells)
        parts.append(stages)
    ma = report.mirror_accuracy
    if ma is not None and ma.n:
        parts.append(
            Text(
                f"mirror accuracy vs gold: {ma.n} cases, mean abs. error {ma.mae:.2f}, "
                f"{(ma.within_0_2 or 0) * 100:.0f}% within 0.2"
            )
        )
    if report.consistency is not None:
        c = report.consistency
        agree = "n/a" if c.agreement is None else f"{c.agreement * 100:.0f}%"
        parts.append(
            Text(
                f"consistency over {c.repeat} runs: {agree} of {c.cases} cases gave the same flags"
            )
        )
    worst = report.misses(misses)
    if worst:
        table = FitTable(
            ("id", "stage", "expected", "got", "wrong"),
            title=f"Worst misses ({len(worst)})",
            box=box.SIMPLE_HEAD,
        )
        for r in worst:
            table.add_row(
                r.id,
                r.stage.value,
                *(
                    cell.replace(", ", ",\n")
                    for cell in (
                        _expected(r.expected),
                        _flags(r.predicted),
                        ", ".join(f.value for f in r.wrong()),
                    )
                ),
            )
        parts.append(table)
    errored = [r for r in report.results if r.error]
    if errored:
        lines = [f"  {r.id}: {r.error}" for r in errored[:5]]
        if len(errored) > 5:
            lines.append(f"  ... and {len(errored) - 5} more")
        parts.append(plain("Errors (not scored):\n" + "\n".join(lines), style="yellow"))
    return Group(*parts)


def comparison_renderable(cmp: Comparison, flips: int = 20) -> RenderableType:
    table = FitTable(
        ("F1", "A", "B", "delta"),
        title=f"A: {cmp.a_label}   B: {cmp.b_label}",
        right=frozenset(("A", "B", "delta")),
        box=box.SIMPLE_HEAD,
    )
    rows = [(flag.value, d) for flag, d in cmp.f1.items()] + [("macro", cmp.macro_f1)]
    for name, d in rows:
        style = "green" if d.delta > 0 else "red" if d.delta < 0 else ""
        table.add_row(name, f"{d.a:.3f}", f"{d.b:.3f}", Text(f"{d.delta:+.3f}", style=style))
    errors = cmp.b.errors - cmp.a.errors
    table.add_row("errors", str(cmp.a.errors), str(cmp.b.errors), f"{errors:+d}")
    table.add_row("cost", _cost(cmp.a.cost_usd), _cost(cmp.b.cost_usd), "")
    flipped = f"{len(cmp.flips)} case{'' if len(cmp.flips) == 1 else 's'} flipped"
    parts: list[RenderableType] = [table, Text(flipped, style="bold")]
    for flip in cmp.flips[:flips]:
        parts.append(
            plain(
                f"{flip.id} ({flip.stage.value}) expected {_expected(flip.expected)}; "
                f"A {_flags(flip.a)}; B {_flags(flip.b)}; better: {flip.better}",
                style="bold",
            )
        )
        if flip.speaker:
            parts.append(plain(f"  sender:   {flip.speaker}"))
        if flip.response:
            parts.append(plain(f"  response: {flip.response}"))
    if len(cmp.flips) > flips:
        parts.append(Text(f"... and {len(cmp.flips) - flips} more (see --json / --markdown)"))
    return Group(*parts)


_COMPACT_FLAGS = (Flag.JUDGEMENT, Flag.SOLUTION, Flag.TOPIC_CHANGE)


def _f1(metrics: dict[str, dict[str, float]], flag: Flag) -> str:
    return f"{metrics[flag.value]['f1']:.2f}" if flag.value in metrics else "-"


def history_renderable(rows: Sequence[RunRow], *, wide: bool = False) -> RenderableType:
    """Past runs, newest first. Compact by default (fits 80 columns: short headers, the F1 of
    judgement / solution / topic_change in one column); ``wide`` gives every flag its column,
    the full date and the dataset's sha256 prefix on the same line."""
    title = "Eval runs, newest first, times in UTC" + ("" if wide else "; F1 judg/sol/topic")
    heads = ["#", "when", "dataset", "judge / model / prompt" if wide else "judge"]
    heads += [FLAG_INFO[flag].abbreviation for flag in Flag] if wide else ["F1"]
    heads += ["macro", "cost"]
    right = {"#", "macro", "cost", *(FLAG_INFO[flag].abbreviation for flag in Flag)}
    table = FitTable(
        heads,
        title=title,
        right=frozenset(right),
        fold=frozenset(heads[3:4]),
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    for row in rows:
        report = row.report or {}
        metrics = report.get("metrics", {})
        if wide:
            f1 = [_f1(metrics, flag) for flag in Flag]
        else:
            f1 = ["/".join(_f1(metrics, flag) for flag in _COMPACT_FLAGS)]
        who = (" / " if wide else "\n").join(p for p in (row.judge, row.model, row.prompt) if p)
        macro = report.get("macro_f1")
        shown = "-" if macro is None else f"{macro:.3f}"
        when = row.started_at.replace("T", " ")
        sep = " " if wide else "\n"
        table.add_row(
            str(row.id),
            when[:16] if wide else when[5:16],  # FitTable shows strings as text
            f"{Path(row.dataset).name}{sep}{row.dataset_sha256[:8]}",
            who,
            *f1,
            "stopped" if row.status == "stopped" else shown,
            _cost(report.get("cost_usd"), 3),
        )
    return table


def _md_metrics(metrics: dict[Flag, FlagMetrics]) -> list[str]:
    lines = [
        "| flag | tp | fp | fn | tn | precision | recall | F1 | kappa | support |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for flag, m in metrics.items():
        lines.append(
            f"| {flag.value} | {m.tp} | {m.fp} | {m.fn} | {m.tn} | {m.precision:.3f} | "
            f"{m.recall:.3f} | {m.f1:.3f} | {m.kappa:.3f} | {m.support} |"
        )
    return lines


def report_markdown(report: EvalReport) -> str:
    """The report as Markdown (timings left out, so committed results diff on quality only)."""
    lines = [
        f"# Eval: {Path(report.dataset).name}",
        "",
        f"- dataset: `{report.dataset}` (sha256 `{report.dataset_sha256[:16]}`)",
        f"- judge: {_who(report)}",
        f"- cases: {report.cases}, scored: {report.scored}, errors: {report.errors}",
        f"- macro-F1: {report.macro_f1:.3f}",
        f"- tokens: {report.tokens.prompt} prompt + {report.tokens.completion} completion; "
        f"cost: {_cost(report.cost_usd)}",
        "",
        "## Per flag",
        "",
        *_md_metrics(report.metrics),
    ]
    for stage, sm in report.by_stage.items():
        lines += ["", f"## Stage {stage.value} ({sm.cases} cases)", "", *_md_metrics(sm.flags)]
    ma = report.mirror_accuracy
    if ma is not None and ma.n:
        lines += [
            "",
            "## Mirror accuracy",
            "",
            f"{ma.n} cases with a gold value: mean absolute error {ma.mae:.3f}, "
            f"{(ma.within_0_2 or 0) * 100:.0f}% within 0.2.",
        ]
    misses = report.misses(len(report.results))
    if misses:
        lines += [
            "",
            f"## Misses ({len(misses)})",
            "",
            "| id | stage | expected | got |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {r.id} | {r.stage.value} | {_expected(r.expected)} | {_flags(r.predicted)} |"
            for r in misses
        ]
    return "\n".join(lines) + "\n"


def comparison_markdown(cmp: Comparison) -> str:
    lines = [f"# Compare: A {cmp.a_label} / B {cmp.b_label}", ""]
    if cmp.notes:
        lines += [*(f"> {line}" for line in cmp.notes), ""]
    lines += ["| F1 | A | B | delta |", "|---|--:|--:|--:|"]
    for flag, d in cmp.f1.items():
        lines.append(f"| {flag.value} | {d.a:.3f} | {d.b:.3f} | {d.delta:+.3f} |")
    d = cmp.macro_f1
    lines += [
        f"| macro | {d.a:.3f} | {d.b:.3f} | {d.delta:+.3f} |",
        "",
        f"## Flipped cases ({len(cmp.flips)})",
        "",
    ]
    for flip in cmp.flips:
        lines.append(f"### {flip.id} ({flip.stage.value}): better {flip.better}")
        lines.append("")
        lines.append(
            f"- expected: {_expected(flip.expected)}; A: {_flags(flip.a)}; B: {_flags(flip.b)}"
        )
        if flip.speaker:
            lines.append(f"- sender: {flip.speaker}")
        if flip.response:
            lines.append(f"- response: {flip.response}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
