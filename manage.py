#!/usr/bin/env python
import os
import sys


def main() -> None:
    # With nothing set, run on the embedded default (SQLite, Celery tasks inline).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgpad.settings.demo")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
