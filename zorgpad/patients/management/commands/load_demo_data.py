from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zorgpad.demo_data import DEMO_PASSWORD, DEMO_USERS, DemoDataRefused, load_demo_data


class Command(BaseCommand):
    help = "Load synthetic demo data (users for each role, ~30 patients). Safe to run twice."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            created = load_demo_data(stdout=self.stdout)
        except DemoDataRefused as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write("Demo data loaded." if created else "Demo data was already present.")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, first, last, role in DEMO_USERS:
            self.stdout.write(f"  {username:<14} {role.value:<16} {first} {last}")
