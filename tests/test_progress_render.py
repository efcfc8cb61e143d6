"""The ``imago progress`` chart: it fits an 80-column terminal."""

from __future__ import annotations

from rich.console import Console

from imago_coach.render.progress import render_progress


def test_progress_fits_80_columns() -> None:
    from imago_coach.dialogue.progress import Progress, StageProgress

    report = Progress(
        sessions=12,
        answers=30,
        stages=[
            StageProgress(
                stage=s,
                answers=10,
                clean_share=0.5,
                mirror_accuracy=0.61,
                top_flag=f,
                trend=[0.5] * 12,
            )
            for s, f in (
                ("mirror", "topic_change"),
                ("summary", "defensiveness"),
                ("request", "not time-limited"),
            )
        ],
    )
    console = Console(width=80, record=True, color_system=None)
    render_progress(report, console)
    text = console.export_text()
    assert "\u2026" not in text
    assert "not time-limited" in text and "defensiveness" in text
