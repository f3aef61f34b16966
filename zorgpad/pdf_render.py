"""PDF renders within a time budget, so a document that still lays out too long is stopped with a clear
message instead of holding a web worker until the server kills it (issue 14: a 1,000,000-character question
made the agenda PDF take 35 s, past gunicorn's 30 s timeout, and every such request killed a worker).

- In a web request: `render_within_budget()` runs the render in a forked child process and waits at most
  `PDF_REQUEST_TIME_LIMIT` seconds; past that the child is killed and `RenderTimeLimitExceeded` is raised
  (the view answers 503 with a page that says what to do). WeasyPrint cannot be interrupted inside a thread,
  hence a process: nothing keeps burning CPU after the answer.
- In a Celery task: the task's soft time limit (`PDF_TASK_SOFT_TIME_LIMIT`) raises `SoftTimeLimitExceeded`
  inside the render; the service marks the job failed with `time_limit_message()`. (A Celery pool process is
  daemonic and may not fork a child of its own, so there the render runs in-process.)
"""

import multiprocessing
from collections.abc import Callable

from django.conf import settings
from django.utils.translation import gettext as _


class RenderTimeLimitExceeded(Exception):
    """The render took longer than its budget and was stopped."""


def time_limit_message(seconds: float) -> str:
    return _("Creating the PDF took longer than %(seconds)s seconds and was stopped. Shorten very long texts "
             "(or print fewer items at once) and try again.") % {"seconds": f"{seconds:g}"}


def render_within_budget(render: Callable[[], bytes], *, seconds: float | None = None) -> bytes:
    """`render()` in a forked child, at most `seconds` (default `PDF_REQUEST_TIME_LIMIT`)."""
    limit = float(settings.PDF_REQUEST_TIME_LIMIT if seconds is None else seconds)
    if multiprocessing.current_process().daemon:  # a Celery pool process: its soft time limit applies
        return render()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        try:
            send.send_bytes(b"\x00" + render())
        except BaseException as exc:  # reported to the parent, which raises it there
            send.send_bytes(b"\x01" + f"{type(exc).__name__}: {exc}".encode())
        finally:
            send.close()

    process = context.Process(target=child, daemon=True)
    process.start()
    send.close()
    try:
        if not receive.poll(limit):
            raise RenderTimeLimitExceeded(time_limit_message(limit))
        try:
            data = receive.recv_bytes()
        except EOFError:
            raise RuntimeError(f"the PDF renderer ended without a result (exit code {process.exitcode})") from None
    finally:
        receive.close()
        if process.is_alive():
            process.kill()
        process.join()
    if data[:1] == b"\x01":
        raise RuntimeError(f"the PDF render failed: {data[1:].decode(errors='replace')}")
    return data[1:]
