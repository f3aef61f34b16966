"""Login lockout (django-axes) with two limits, each for AXES_COOLOFF_TIME (15 minutes):

- AXES_FAILURE_LIMIT (5) failures for one user name from one address lock that user name at that address
  (AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]): a colleague at the same ward's address, or the
  same user at another workstation, can still log in;
- AXES_ADDRESS_FAILURE_LIMIT (50) failures from one address over any user names (password spraying) lock that
  address for everyone.

django-axes has one failure limit for all lockout parameters, so the second limit is this handler: axes'
database handler, whose failure count also reaches the limit once the address has AXES_ADDRESS_FAILURE_LIMIT
failures. The counts live in the database (AccessAttempt rows), which every worker shares.
"""

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def address_failures(request: HttpRequest) -> int:
    """Failed logins from the request's client address within the cool-off time, over all user names."""
    address = getattr(request, "axes_ip_address", None)
    if not address:
        return 0
    attempts = AccessAttempt.objects.filter(ip_address=address)
    if settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def address_locked(request: HttpRequest) -> bool:
    return address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT


class UserAndAddressLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request: Any, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        if address_locked(request):
            return max(failures, get_failure_limit(request, credentials))
        return failures
