"""``imago eval``: run, compare, validate and track evals of a judge on labelled data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from imago_coach.cli.common import (
    JudgeOpt,
    MaxTokensOpt,
    ModelOpt,
    PromptOpt,
    note,
    progress_bar,
    settings_from,
    write_private,
)
from imago_coach.errors import InputError
from imago_coach.evaluation.budget import (
    DEFAULT_MAX_ERROR_RATE,
    DEFAULT_MAX_FAILURES,
    check_errors,
)
from imago_coach.visible import visible

if TYPE_CHECKING:
    from rich.console import Console

eval_app = typer.Typer(
    help="Measure a judge (local, or a model with a rubric prompt) on labelled cases.",
    no_args_is_help=True,
)

DEFAULT_DATASET = Path("evals/datasets/golden.jsonl")
DatasetOpt = Annotated[
    Path, typer.Option("--dataset", help="JSONL file of labelled cases (see evals/README.md).")
]
ConcurrencyOpt = Annotated[
    int, typer.Option("--concurrency", help="Requests kept in flight to the model.")
]
LimitOpt = Annotated[
    int | None, typer.Option("--limit", help="Only the first N cases.", show_default=False)
]
JsonOutOpt = Annotated[
    Path | None,
    typer.Option(
        "--json", help="Write the JSON report to this file ('-' for stdout).", show_default=False
    ),
]
MarkdownOpt = Annotated[
    Path | None,
    typer.Option("--markdown", help="Write a Markdown report to this file.", show_default=False),
]
NoCacheOpt = Annotated[
    bool, typer.Option("--no-cache", help="Ask the model again instead of reusing cached answers.")
]
SkipInvalidOpt = Annotated[
    bool, typer.Option("--skip-invalid", help="Skip invalid dataset lines (and list them).")
]
PricesOpt = Annotated[
    Path | None,
    typer.Option(
        "--prices",
        help="Price table (TOML) to use; default <IMAGO_HOME>/prices.toml over the packaged one.",
        show_default=False,
    ),
]


def _console(stderr: bool = False) -> Console:
    """rich is imported only when a command renders, to keep ``imago --help`` fast."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def _out(json_out: Path | None) -> Console:
    """Tables go to stderr when the JSON report goes to stdout."""
    return _console(stderr=json_out is not None and str(json_out) == "-")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _write(path: Path, text: str) -> None:
    if str(path) == "-":
        typer.echo(text, nl=False)
        return
    write_private(path, text)


def _outputs(
    data: dict[str, object], markdown_text: str | None, json_out: Path | None, markdown: Path | None
) -> None:
    if json_out is not None:
        _write(json_out, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    if markdown is not None and markdown_text is not None:
        _write(markdown, visible(markdown_text))


@eval_app.command("run")
def run(
    dataset: DatasetOpt = DEFAULT_DATASET,
    judge: JudgeOpt = None,
    model: ModelOpt = None,
    prompt: PromptOpt = None,
    concurrency: ConcurrencyOpt = 8,
    limit: LimitOpt = None,
    json_out: JsonOutOpt = None,
    markdown: MarkdownOpt = None,
    min_f1: Annotated[
        list[str] | None,
        typer.Option(
            "--min-f1",
            help='Fail (exit 1) below this F1: "0.8" for every flag, or '
            '"solution=0.85"; repeatable.',
            show_default=False,
        ),
    ] = None,
    no_cache: NoCacheOpt = False,
    batch: Annotated[
        bool, typer.Option("--batch", help="Send the cases through the OpenAI Batch API.")
    ] = False,
    repeat: Annotated[
        int, typer.Option("--repeat", help="Judge each case K times and report consistency.")
    ] = 1,
    skip_invalid: SkipInvalidOpt = False,
    prices: PricesOpt = None,
    max_input_tokens: MaxTokensOpt = None,
    poll: Annotated[
        float, typer.Option("--poll", help="Seconds between Batch API status checks.")
    ] = 10.0,
    max_error_rate: Annotated[
        float,
        typer.Option(
            "--max-error-rate",
            min=0.0,
            max=1.0,
            help="Exit 3 when more than this share of cases fail; a run that "
            "can no longer stay under it stops sending.",
        ),
    ] = DEFAULT_MAX_ERROR_RATE,
    max_failures: Annotated[
        int,
        typer.Option(
            "--max-failures",
            min=0,
            help="Stop sending after this many model failures in a row "
            "(0: never); the answers so far are kept, and the same command "
            "resumes.",
        ),
    ] = DEFAULT_MAX_FAILURES,
) -> None:
    """Run every case through the judge and print per-flag metrics and the worst misses."""
    from imago_coach.evaluation.gate import check_gate, parse_thresholds
    from imago_coach.evaluation.runner import EvalOptions, run_eval
    from imago_coach.render.eval_report import report_markdown, report_renderable

    thresholds = parse_thresholds(min_f1 or [])
    settings = settings_from(judge, model, prompt, max_input_tokens)
    if settings.resolved_judge == "openai":
        settings.require_key()
        note(f"The cases are sent to {settings.endpoint_host} (model {settings.model}).")
    options = EvalOptions(
        concurrency=concurrency,
        limit=limit,
        use_cache=not no_cache,
        repeat=repeat,
        skip_invalid=skip_invalid,
        batch=batch,
        prices=prices,
        poll_s=poll,
        max_failures=max_failures,
        max_error_rate=max_error_rate,
    )
    with progress_bar("judging", eta=True) as progress:
        report = run_eval(dataset, settings, options, progress=progress)
    for problem in report.skipped:
        note(f"skipped {problem}")
    if report.batch_id:
        note(f"batch {report.batch_id}")
    _out(json_out).print(report_renderable(report))
    _outputs(report.contract(), report_markdown(report), json_out, markdown)
    check_errors(report, max_error_rate)
    failures = check_gate(report, thresholds)
    if failures:
        for line in failures:
            typer.echo(f"imago: gate failed: {visible(line)}", err=True)
        raise typer.Exit(code=1)


@eval_app.command("compare")
def compare(
    reports: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Two JSON reports (from eval run --json) to compare instead of running.",
            show_default=False,
        ),
    ] = None,
    dataset: DatasetOpt = DEFAULT_DATASET,
    judge: Annotated[
        list[str] | None,
        typer.Option("--judge", help="local | openai; twice to compare them.", show_default=False),
    ] = None,
    model: Annotated[
        list[str] | None,
        typer.Option("--model", help="Model; twice to compare two.", show_default=False),
    ] = None,
    prompt: Annotated[
        list[Path] | None,
        typer.Option("--prompt", help="Prompt file; twice to compare two.", show_default=False),
    ] = None,
    concurrency: ConcurrencyOpt = 8,
    limit: LimitOpt = None,
    no_cache: NoCacheOpt = False,
    skip_invalid: SkipInvalidOpt = False,
    json_out: JsonOutOpt = None,
    markdown: MarkdownOpt = None,
    max_input_tokens: MaxTokensOpt = None,
    show: Annotated[int, typer.Option("--show", help="Flipped cases shown on screen.")] = 20,
) -> None:
    """Two prompts, two models, or local against a model: F1 side by side, and flipped cases."""
    from imago_coach.evaluation.compare import compare as compare_reports
    from imago_coach.evaluation.compare import load_report, run_comparison, sides
    from imago_coach.evaluation.runner import EvalOptions
    from imago_coach.render.eval_report import comparison_markdown, comparison_renderable

    if reports:
        if len(reports) != 2:
            raise InputError("Pass exactly two report files to compare (A.json B.json).")
        a, b = load_report(reports[0]), load_report(reports[1])
        result = compare_reports(a, b, a_label=reports[0].name, b_label=reports[1].name)
    else:
        side_a, side_b = sides(judge or [], model or [], prompt or [])
        options = EvalOptions(
            concurrency=concurrency, limit=limit, use_cache=not no_cache, skip_invalid=skip_invalid
        )
        with progress_bar("judging", eta=True) as progress:
            result = run_comparison(
                dataset,
                side_a,
                side_b,
                options,
                settings=settings_from(max_input_tokens=max_input_tokens),
                progress=lambda _label: progress,
                notify=note,
            )
    _out(json_out).print(comparison_renderable(result, flips=show))
    _outputs(result.contract(), comparison_markdown(result), json_out, markdown)
    if not reports:  # a side the model failed too often on makes the comparison meaningless
        for side in (result.a, result.b):
            check_errors(side, DEFAULT_MAX_ERROR_RATE)


@eval_app.command("validate")
def validate(
    file: Annotated[Path, typer.Argument(help="The JSONL dataset to check.")],
) -> None:
    """Check a dataset and list every problem with its line number (exit 2 if any)."""
    from imago_coach.evaluation.dataset import read_dataset

    digest, cases, problems = read_dataset(file, option=None)
    for problem in problems:
        typer.echo(visible(str(problem)))
    valid = _plural(len(cases), "valid case")
    if problems:
        raise InputError(f"{file}: {_plural(len(problems), 'problem')}, {valid}.")
    stages: dict[str, int] = {}
    for case in cases:
        stages[case.stage.value] = stages.get(case.stage.value, 0) + 1
    by_stage = ", ".join(f"{stage} {n}" for stage, n in stages.items())
    typer.echo(visible(f"{file}: {valid} ({by_stage}); sha256 {digest[:16]}"))


@eval_app.command("history")
def history(
    dataset: Annotated[
        str | None,
        typer.Option(
            "--dataset",
            help="Only runs on this dataset (path or sha256 prefix).",
            show_default=False,
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="How many runs to show.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print the runs as JSON.")] = False,
    wide: Annotated[
        bool, typer.Option("--wide", help="Every flag's F1 in its own column, full dates.")
    ] = False,
) -> None:
    """Past runs: when, dataset hash, judge / model / prompt, per-flag F1 and cost."""
    from imago_coach.evaluation.store import EvalStore
    from imago_coach.render.eval_report import history_renderable

    with EvalStore.open() as store:
        rows = store.history(limit=limit, dataset=dataset)
    if as_json:
        data = [
            {
                "run": r.id,
                "status": r.status,
                "when": r.started_at,
                "dataset": r.dataset,
                "dataset_sha256": r.dataset_sha256,
                "judge": r.judge,
                "model": r.model,
                "prompt": r.prompt,
                "batch_id": r.batch_id,
                "report": r.report,
            }
            for r in rows
        ]
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    if not rows:
        note("no eval runs yet: try imago eval run --judge local --dataset FILE")
        return
    _console().print(history_renderable(rows, wide=wide))
