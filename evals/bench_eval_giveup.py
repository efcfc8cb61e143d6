"""Failure-budget benchmark: how long ``imago eval run`` keeps sending to a failing endpoint.

Target (issue 11, item 7): against an always-429 endpoint (Retry-After 1 s, and 30 s) a 100-case
``eval run --concurrency 8`` gives up within 60 s, keeps what was answered, and exits non-zero
(3); a run whose errors pass ``--max-error-rate`` exits 3 too. The endpoint is a loopback HTTP
server in this process; ``imago`` runs as a subprocess. Run: ``python evals/bench_eval_giveup.py``
(add ``--timeout S`` to bound a run that never gives up; exit 1 when a target is missed).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

IMAGO = [sys.executable, "-c", "from imago_coach.cli.main import main; main()"]
GOLDEN = Path(__file__).parent / "datasets" / "golden.jsonl"


def _server(retry_after: str, delay: float = 0.0) -> tuple[ThreadingHTTPServer, list[float]]:
    seen: list[float] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            seen.append(time.monotonic())
            time.sleep(delay)
            body = json.dumps({"error": {"message": "Rate limit reached"}}).encode()
            try:
                self.send_response(429)
                self.send_header("Retry-After", retry_after)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:  # the client gave up waiting (a timeout): nothing to answer
                pass

        def log_message(self, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, seen


def run(
    retry_after: str, timeout: float, delay: float = 0.0, model_timeout: float = 30.0
) -> tuple[float, int | None, int]:
    """Seconds until ``imago`` exits (or the timeout), its exit code, requests received."""
    server, seen = _server(retry_after, delay)
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "IMAGO_HOME": home,
            "OPENAI_API_KEY": "sk-bench",
            "OPENAI_BASE_URL": f"http://127.0.0.1:{server.server_address[1]}/v1",
            "IMAGO_TIMEOUT": str(model_timeout),
        }
        start = time.monotonic()
        try:
            done = subprocess.run(
                [
                    *IMAGO,
                    "eval",
                    "run",
                    "--judge",
                    "openai",
                    "--dataset",
                    str(GOLDEN),
                    "--limit",
                    "100",
                    "--concurrency",
                    "8",
                ],
                env=env,
                capture_output=True,
                timeout=timeout,
                check=False,
            )
            code: int | None = done.returncode
            print("   ", done.stderr.decode().strip().splitlines()[-1:])
        except subprocess.TimeoutExpired:
            code = None
        elapsed = time.monotonic() - start
    server.shutdown()
    return elapsed, code, len(seen)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args()
    ok = True
    for retry_after in ("1", "30"):
        elapsed, code, requests = run(retry_after, args.timeout)
        gave_up = code is not None and code != 0 and elapsed < 60
        ok = ok and gave_up
        shown = "still running (killed)" if code is None else f"exit {code}"
        print(
            f"always 429, Retry-After {retry_after:>2} s: {elapsed:6.1f} s, {shown}, "
            f"{requests} requests: {'ok' if gave_up else 'MISSED'}"
        )
    # An endpoint slower than the timeout (IMAGO_TIMEOUT 3 s, answers after 4 s): every call
    # times out. Scaled down from the audit's 30 s so that the benchmark stays short.
    elapsed, code, requests = run("1", args.timeout, delay=4.0, model_timeout=3.0)
    gave_up = code is not None and code != 0 and elapsed < 20 * 3.0
    ok = ok and gave_up
    shown = "still running (killed)" if code is None else f"exit {code}"
    print(
        f"answers after 4 s, timeout 3 s:    {elapsed:6.1f} s, {shown}, {requests} requests: "
        f"{'ok' if gave_up else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
