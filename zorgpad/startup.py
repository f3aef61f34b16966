"""What a web worker does once, after Django is set up and before its first request."""

import gc

from django.urls import get_resolver


def freeze_startup_objects() -> None:
    """Import every view (the URLconf) and move all objects loaded so far out of the garbage collector's
    generations (gc.freeze). A full collection then walks only what requests create: before, it walked the
    worker's whole heap (Django, the models, the pathways' tables) in about a third of the indicators page's
    requests, 75 ms of CPU each (bench/quality_indicators: p95 364 -> ~280 ms)."""
    get_resolver().url_patterns  # noqa: B018 - imported for its side effect
    gc.collect()
    gc.freeze()
