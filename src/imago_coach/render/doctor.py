"""Render ``imago doctor``'s report as a small table."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from imago_coach.doctor import DoctorReport
from imago_coach.render.safe import escape


def render_doctor(report: DoctorReport, console: Console | None = None) -> None:
    console = console or Console()
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    table.add_row("judge", f"{report.judge}  [dim]from {escape(report.judge_source)}[/dim]")
    if report.words_leave_machine:
        table.add_row("model", escape(report.model or ""))
        host = escape(report.endpoint_host or "")
        table.add_row("endpoint", f"{host}  [yellow](your words are sent here)[/yellow]")
    else:
        table.add_row("privacy", "offline: nothing you type leaves this machine")
    table.add_row(
        "transcription",
        f"{escape(report.transcribe_model)}  [dim]from {report.transcribe_model_source}[/dim]",
    )
    audio = (
        f"{escape(report.transcribe_endpoint_host)}  [yellow](recordings are sent here, "
        "only when you transcribe or review one)[/yellow]"
    )
    if not report.transcribe_ready:
        audio = (
            f"{escape(report.transcribe_endpoint_host)}  [dim](not usable yet: set "
            "OPENAI_API_KEY, or OPENAI_BASE_URL for a local Whisper server)[/dim]"
        )
    table.add_row("audio endpoint", audio)
    key = f"set ({report.key_source})" if report.key_set else "not set"
    table.add_row("API key", key)
    for prompt in report.prompts:
        table.add_row(
            escape(f"prompt {prompt.name}"), escape(f"version {prompt.version}, {prompt.id}")
        )
    for error in report.prompt_errors:
        table.add_row("prompt error", f"[red]{escape(error)}[/red]")
    mark = {True: "[green]ok[/green]", False: "[yellow]estimate[/yellow]", None: "-"}
    table.add_row("tokenizer", f"{mark[report.tokenizer_ok]} {escape(report.tokenizer)}")
    mode = report.store_mode or "not created yet"
    table.add_row("store", f"{escape(report.store)}  [dim]{mode}[/dim]")
    table.add_row("openai SDK", report.openai_sdk or "not installed")
    console.print(table)
