#!/usr/bin/python3
"""Interop test: RFC 6638 scheduling between two accounts, through Debian's python3-caldav (0.11).

Usage: CALENDARPIPE_KEY=cp_... CALENDARPIPE_ATTENDEE_KEY=cp_... caldav_scheduling.py BASE_URL EMAIL ATTENDEE_EMAIL

The organizer (EMAIL) invites the attendee (ATTENDEE_EMAIL); the attendee finds the invitation
in its inbox and default calendar and accepts it on its copy; the organizer sees the answer;
the organizer deletes the event and the attendee's copy is cancelled, and a sync of its inbox
brings the CANCEL: the library reads an inbox by sync-collection and calendar-multiget, and
searches it by calendar-query (RFC 6638 §2.2, RFC 6578), which the script checks. Keys come from the
environment so that they never show in `ps`. Exits 1 naming the first expectation not met.
"""

import os
import sys
import uuid

import caldav
from checks import Mismatch, check, step


def unfolded(obj):
    obj.load()
    return obj.data.replace("\r\n ", "").replace("\n ", "")


def attendee_line(text, email):
    lines = [l for l in text.splitlines() if l.startswith("ATTENDEE") and l.lower().endswith("mailto:" + email.lower())]
    check(lines, "no ATTENDEE line for " + email, text)
    return lines[0]


def main(base, email, key, attendee_email, attendee_key):
    base = base.rstrip("/")
    organizer = caldav.DAVClient(url=base + "/dav/", username=email, password=key).principal()
    attendee = caldav.DAVClient(url=base + "/dav/", username=attendee_email, password=attendee_key).principal()

    step("discovery: calendar-auto-schedule, inbox, outbox and the calendar-user addresses")
    check(organizer.client.check_scheduling_support(), "OPTIONS does not announce calendar-auto-schedule")
    check(str(organizer.schedule_inbox().url).endswith("/inbox/"), "schedule-inbox-URL", organizer.schedule_inbox().url)
    check(str(organizer.schedule_outbox().url).endswith("/outbox/"), "schedule-outbox-URL", organizer.schedule_outbox().url)
    addresses = [a.lower() for a in organizer.calendar_user_address_set()]
    check("mailto:" + email.lower() in addresses, "the account email is not a calendar-user address", addresses)

    step("the organizer makes a calendar; the attendee's default is the one sign-up made")
    calendar = organizer.make_calendar(name="Organizer", cal_id="org-" + uuid.uuid4().hex[:12])
    found = attendee.calendars()
    check(len(found) == 1, "a new account has one calendar, its default", [c.url for c in found])
    theirs = found[0]

    step("the organizer saves an event with the attendee: the server invites")
    uid = "interop-invite-" + uuid.uuid4().hex
    event = calendar.save_event("\r\n".join([
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//CalendarPipe//interop test//EN",
        "BEGIN:VEVENT", "UID:" + uid, "DTSTAMP:20260101T000000Z",
        "DTSTART:20260310T090000Z", "DTEND:20260310T100000Z", "SUMMARY:Interop planning",
        "ORGANIZER:mailto:" + email,
        "ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:" + attendee_email,
        "END:VEVENT", "END:VCALENDAR", ""]))
    check("SCHEDULE-STATUS=1.2" in attendee_line(unfolded(event), attendee_email), "not delivered", unfolded(event))

    step("the attendee finds the REQUEST in its inbox and the event in its default calendar")
    # the library reads an inbox by sync-collection (RFC 6578) and calendar-multiget, when the server
    # answers them, as this one does; it keeps the token and syncs again on the next get_items()
    inbox = attendee.schedule_inbox()
    items = list(inbox.get_items())
    check(len(items) == 1, "the inbox does not hold one message", [i.url for i in items])
    check("METHOD:REQUEST" in unfolded(items[0]), "the message is no REQUEST", items[0].data)
    # what get_items() does, asked directly (the library logs a "deviation" and falls back to a
    # listing when a server refuses it), and a calendar-query, as the library searches any calendar
    synced = inbox.objects_by_sync_token(load_objects=True)
    check(synced.sync_token and [str(o.url) for o in synced] == [str(i.url) for i in items],
          "sync-collection of the inbox", synced.sync_token, [str(o.url) for o in synced])
    found = inbox.search(event=True, summary="Interop planning")
    check([str(o.url) for o in found] == [str(i.url) for i in items], "calendar-query of the inbox",
          [str(o.url) for o in found])
    copy = theirs.event_by_uid(uid)
    check("PARTSTAT=NEEDS-ACTION" in attendee_line(unfolded(copy), attendee_email), "the copy awaits no answer", copy.data)

    step("the attendee accepts on its copy; the organizer's copy shows it")
    copy.data = unfolded(copy).replace("PARTSTAT=NEEDS-ACTION", "PARTSTAT=ACCEPTED")
    copy.save()
    check("PARTSTAT=ACCEPTED" in attendee_line(unfolded(calendar.event_by_uid(uid)), attendee_email),
          "the organizer's copy does not show the answer", calendar.event_by_uid(uid).data)
    check(any("METHOD:REPLY" in unfolded(i) for i in organizer.schedule_inbox().get_items()), "no REPLY in the organizer's inbox")

    step("the organizer deletes the event: the attendee's copy is cancelled")
    calendar.event_by_uid(uid).delete()
    check("STATUS:CANCELLED" in unfolded(theirs.event_by_uid(uid)), "the attendee's copy is not cancelled")
    synced = list(inbox.get_items())
    check(len(synced) == 2 and any("METHOD:CANCEL" in unfolded(i) for i in synced),
          "a sync of the inbox does not bring the CANCEL", [i.url for i in synced])
    print("ok")


if __name__ == "__main__":
    try:
        main(sys.argv[1], sys.argv[2], os.environ["CALENDARPIPE_KEY"], sys.argv[3], os.environ["CALENDARPIPE_ATTENDEE_KEY"])
    except Mismatch as mismatch:
        print("MISMATCH:", mismatch, file=sys.stderr)
        sys.exit(1)
