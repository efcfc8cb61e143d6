"""Benchmark: 600 cases against an OpenAI-compatible endpoint answering in ~150 ms.

Starts its own loopback endpoint (a separate process, so it does not share the client's GIL),
then times `imago eval run --judge openai --concurrency 16 --no-cache` as a fresh process,
start-up included, and prints the ratio against the ideal 600 x 0.15 s / 16 = 5.6 s
(target: within 1.2x).

    python evals/bench_eval_remote.py [--cases 600] [--concurrency 16] [--delay 0.15]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_eval_local import imago_command, make_dataset  # noqa: E402

RUBRIC = {
    "findings": [],
    "mirror_accuracy": 0.8,
    "missed": [],
    "added": [],
    "checks": {"did_i_get_it": True, "is_there_more": False},
    "strengths": ["warm"],
    "reminders": [],
    "rewrite": None,
    "feedback": "Nicely done.",
}


def _completion() -> bytes:
    return json.dumps(
        {
            "id": "chatcmpl-bench",
            "object": "chat.completion",
            "created": 1,
            "model": "bench",
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "message": {"role": "assistant", "content": json.dumps(RUBRIC)},
                }
            ],
            "usage": {"prompt_tokens": 900, "completion_tokens": 80, "total_tokens": 980},
        }
    ).encode()


async def _serve(port: int, delay: float) -> None:
    body = _completion()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                if length:
                    await reader.readexactly(length)
                await asyncio.sleep(delay)
                writer.write(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                    b"content-length: " + str(len(body)).encode() + b"\r\n\r\n" + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=512)
    async with server:
        await server.serve_forever()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--serve":
        asyncio.run(_serve(int(sys.argv[2]), float(sys.argv[3])))
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=600)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--delay", type=float, default=0.15)
    args = parser.parse_args()
    port = _free_port()
    server = subprocess.Popen([sys.executable, __file__, "--serve", str(port), str(args.delay)])
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.1)
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "bench.jsonl"
            make_dataset(data, args.cases)
            # As installed for a user: bytecode caches on (this sandbox turns them off).
            env = dict(
                os.environ,
                PYTHONDONTWRITEBYTECODE="",
                OPENAI_API_KEY="bench",
                IMAGO_HOME=str(Path(tmp) / "home"),
                OPENAI_BASE_URL=f"http://127.0.0.1:{port}/v1",
            )
            out = Path(tmp) / "r.json"
            started = time.perf_counter()
            subprocess.run(
                [
                    imago_command(),
                    "eval",
                    "run",
                    "--judge",
                    "openai",
                    "--no-cache",
                    "--concurrency",
                    str(args.concurrency),
                    "--dataset",
                    str(data),
                    "--json",
                    str(out),
                    "--max-input-tokens",
                    "100000",
                ],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            elapsed = time.perf_counter() - started
            report = json.loads(out.read_text())
    finally:
        server.terminate()
        server.wait()
    ideal = args.cases * args.delay / args.concurrency
    print(
        f"{args.cases} cases, concurrency {args.concurrency}, {args.delay * 1000:.0f} ms "
        f"endpoint: {elapsed:.2f} s (in-process {report['wall_s']:.2f} s), ideal {ideal:.2f} s, "
        f"ratio {elapsed / ideal:.2f} (target <= 1.2); {report['errors']} errors, "
        f"p50 {report['latency_ms']['p50']:.0f} ms"
    )


if __name__ == "__main__":
    main()
