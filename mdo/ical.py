"""The iCalendar feed of an MDO series: meeting times and location only, never patient data.

Free text a coordinator typed (a cancellation or move reason) is left out, because it could name a
patient; only a holiday's name (from the holiday calendar) is shown for holiday cancellations.

Every text goes through the library's escaping and folding: the X-WR-* properties, which icalendar does not
know and would write raw (a series name with a newline broke the whole feed), are given as vText explicitly.
"""

from collections.abc import Iterable

from icalendar import Calendar, Event, vText

from mdo.models import MdoSession, MdoType, SessionStatus


def mdo_calendar(*, mdo_type: MdoType, sessions: Iterable[MdoSession]) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Zorgpad//MDO//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", vText(f"MDO: {mdo_type.name}"))
    cal.add("x-wr-timezone", vText(mdo_type.timezone))
    for session in sessions:
        event = Event()
        event.add("uid", f"mdo-session-{session.external_id}@zorgpad")
        event.add("dtstamp", session.updated_at)
        event.add("last-modified", session.updated_at)
        # Increases whenever the session changes, so subscribed calendars take the update.
        event.add("sequence", int(session.updated_at.timestamp()) - 1_700_000_000)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        event.add("summary", mdo_type.name)
        if session.location:
            event.add("location", session.location)
        if session.status == SessionStatus.CANCELLED:
            event.add("status", "CANCELLED")
            if session.is_holiday and session.note:
                event.add("description", session.note)
        else:
            event.add("status", "CONFIRMED")
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
