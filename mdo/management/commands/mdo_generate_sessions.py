from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mdo.models import MdoType
from mdo.session_services import mdo_sessions_generate


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"not a date (YYYY-MM-DD): {value}") from exc


class Command(BaseCommand):
    help = "Create the MDO sessions of every active MDO type up to a date (idempotent; holidays are cancelled)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--until", required=True, type=_date, help="last date, YYYY-MM-DD")
        parser.add_argument("--from", dest="start", type=_date, default=None, help="first date (default: today)")
        parser.add_argument("--type", dest="code", default=None, help="only this MDO type (code, e.g. sarcoma)")

    def handle(self, *args: Any, until: date, start: date | None, code: str | None, **options: Any) -> None:
        mdo_type = None
        if code:
            mdo_type = MdoType.objects.filter(code=code).first()
            if mdo_type is None:
                raise CommandError(f"no MDO type with code {code!r}")
        try:
            result = mdo_sessions_generate(until=until, start=start, mdo_type=mdo_type)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            f"{result.created} session(s) created ({result.cancelled_for_holiday} cancelled for a holiday), "
            f"{result.already_present} already present."
        )
