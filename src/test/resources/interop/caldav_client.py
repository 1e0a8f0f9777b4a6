#!/usr/bin/python3
"""Interop test: Debian's python3-caldav (0.11) against a CalendarPipe server.

Usage: CALENDARPIPE_KEY=cp_... caldav_client.py BASE_URL EMAIL

BASE_URL is the server's root (http://127.0.0.1:8080); EMAIL the account's email. The key is
read from the environment so that it never shows in `ps`. The script discovers the principal
and calendars, creates a calendar, saves events and to-dos, searches them (time range with and
without expansion, text), updates, completes and deletes, follows every change by sync token,
saves, searches and reads back journals, makes a task list (VTODO alone) that stays one, and exits 1
with a message naming the first expectation the server did not meet.

It runs with the system interpreter (/usr/bin/python3): the Debian package installs the
library there, not into other Pythons on PATH.
"""

import os
import sys
import uuid
from datetime import date, datetime, timedelta, timezone

import caldav
from caldav.elements import dav
from caldav.lib import error
from checks import Mismatch, check, step

UTC = timezone.utc


def ics(*components, timezones=()):
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//CalendarPipe//interop test//EN"]
    for tz in timezones:
        lines += tz
    for component in components:
        lines += component
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


BERLIN = [
    "BEGIN:VTIMEZONE", "TZID:Europe/Berlin",
    "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST",
    "DTSTART:19700329T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
    "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET",
    "DTSTART:19701025T030000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
    "END:VTIMEZONE",
]


def uid(what):
    return f"{what}-{uuid.uuid4()}@interop.calendarpipe.test"


def component(obj):
    """The object's main component (the master, when a recurring event carries overrides)."""
    comps = [c for c in obj.icalendar_instance.subcomponents if c.name in ("VEVENT", "VTODO", "VJOURNAL")]
    masters = [c for c in comps if "RECURRENCE-ID" not in c]
    return (masters or comps)[0]


def summaries(objects):
    return sorted(str(component(o)["SUMMARY"]) for o in objects)


def urls(objects):
    return sorted(str(o.url.canonical()) for o in objects)


def dt(value):
    """A DTSTART/RECURRENCE-ID value as an aware UTC datetime."""
    v = value.dt
    return v.astimezone(UTC) if isinstance(v, datetime) else v


def main(base, email, key):
    base = base.rstrip("/")
    m1 = datetime(2026, 3, 1, tzinfo=UTC)
    a1 = datetime(2026, 4, 1, tzinfo=UTC)
    y1 = datetime(2026, 5, 1, tzinfo=UTC)

    step("discovery: the server URL, /.well-known/caldav and /dav/ lead to the same principal")
    client = caldav.DAVClient(url=base + "/dav/", username=email, password=key)
    principal = client.principal()
    check("/dav/principals/" in str(principal.url), "current-user-principal is not a /dav/principals/ URL", principal.url)
    # this library does no RFC 6764 discovery: it PROPFINDs the URL it is given, following redirects
    for url in (base + "/", base + "/.well-known/caldav"):
        found = caldav.DAVClient(url=url, username=email, password=key).principal()
        check(found.url == principal.url, "the principal found from " + url + " differs", found.url, principal.url)
    check(client.check_cdav_support(), "OPTIONS does not announce calendar-access", client.check_dav_support())
    home = principal.calendar_home_set
    check("/dav/calendars/" in str(home.url), "calendar-home-set is not under /dav/calendars/", home.url)
    before = urls(principal.calendars())

    step("make_calendar (MKCALENDAR, then PROPPATCH of the display name)")
    name = "Interop " + uuid.uuid4().hex[:8]
    calendar = principal.make_calendar(name=name, cal_id="interop-" + uuid.uuid4().hex[:12])
    listed = principal.calendars()
    check(str(calendar.url.canonical()) in urls(listed), "the new calendar is not listed in the home",
          calendar.url, urls(listed))
    check(len(listed) == len(before) + 1, "the home does not list exactly one more calendar", before, urls(listed))
    check(calendar.get_display_name() == name, "displayname was not kept", calendar.get_display_name())
    components = calendar.get_supported_components()
    check({"VEVENT", "VTODO", "VJOURNAL"} <= set(components),
          "supported-calendar-component-set lacks VEVENT, VTODO or VJOURNAL", components)
    check(principal.calendar(name=name).url == calendar.url, "principal.calendar(name=…) does not find the calendar")

    step("initial sync-collection on the empty calendar")
    synced = calendar.objects_by_sync_token(load_objects=True)
    check(list(synced) == [], "an empty calendar synced members", urls(synced))
    empty_token = synced.sync_token
    check(empty_token, "no sync-token in the initial sync answer")

    step("save_event (single, recurring with EXDATE and an override, all-day) and save_todo")
    dentist_uid, weekly_uid, review_uid, taxes_uid, milk_uid = (
        uid("dentist"), uid("weekly"), uid("review"), uid("taxes"), uid("milk"))
    dentist = calendar.save_event(ics([
        "BEGIN:VEVENT", "UID:" + dentist_uid, "DTSTAMP:20260201T120000Z",
        "DTSTART:20260310T100000Z", "DTEND:20260310T110000Z",
        "SUMMARY:Dentist appointment", "DESCRIPTION:Bring the X-ray", "END:VEVENT"]))
    weekly = calendar.save_event(ics([
        "BEGIN:VEVENT", "UID:" + weekly_uid, "DTSTAMP:20260201T120000Z",
        "DTSTART;TZID=Europe/Berlin:20260302T090000", "DTEND;TZID=Europe/Berlin:20260302T093000",
        "RRULE:FREQ=WEEKLY;COUNT=6", "EXDATE;TZID=Europe/Berlin:20260316T090000",
        "SUMMARY:Weekly sync", "END:VEVENT"], [
        "BEGIN:VEVENT", "UID:" + weekly_uid, "DTSTAMP:20260201T120000Z",
        "RECURRENCE-ID;TZID=Europe/Berlin:20260323T090000",
        "DTSTART;TZID=Europe/Berlin:20260323T110000", "DTEND;TZID=Europe/Berlin:20260323T113000",
        "SUMMARY:Weekly sync (moved)", "END:VEVENT"], timezones=[BERLIN]))
    review = calendar.save_event(ics([
        "BEGIN:VEVENT", "UID:" + review_uid, "DTSTAMP:20260201T120000Z",
        "DTSTART;VALUE=DATE:20260415", "DTEND;VALUE=DATE:20260416",
        "SUMMARY:Quarterly review", "END:VEVENT"]))
    taxes = calendar.save_todo(ics([
        "BEGIN:VTODO", "UID:" + taxes_uid, "DTSTAMP:20260201T120000Z",
        "DTSTART:20260305T090000Z", "DUE:20260320T170000Z", "STATUS:NEEDS-ACTION",
        "SUMMARY:File taxes", "END:VTODO"]))
    milk = calendar.save_todo(ics([
        "BEGIN:VTODO", "UID:" + milk_uid, "DTSTAMP:20260201T120000Z", "SUMMARY:Buy milk", "END:VTODO"]))
    for obj, expected in ((dentist, dentist_uid), (weekly, weekly_uid), (review, review_uid),
                          (taxes, taxes_uid), (milk, milk_uid)):
        check(str(obj.url).endswith(".ics"), "a saved object has no .ics URL", obj.url)
        check(str(component(obj.load())["UID"]) == expected, "an object read back has another UID", obj.url)
    check(str(component(calendar.event_by_uid(dentist_uid))["DESCRIPTION"]) == "Bring the X-ray",
          "event_by_uid does not return the saved event")
    check(str(component(calendar.todo_by_uid(taxes_uid))["SUMMARY"]) == "File taxes",
          "todo_by_uid does not return the saved to-do")
    # without a component type the library puts the UID prop-filter on VCALENDAR, which matches
    # nothing (RFC 4791 §9.7.2), and falls back to one query per type
    check(str(component(calendar.object_by_uid(taxes_uid))["SUMMARY"]) == "File taxes",
          "object_by_uid does not return the saved to-do")
    check(summaries(calendar.events()) == ["Dentist appointment", "Quarterly review", "Weekly sync"],
          "events() does not list the three events", summaries(calendar.events()))

    step("search by time range, without expansion")
    march = calendar.search(start=m1, end=a1, event=True)
    check(summaries(march) == ["Dentist appointment", "Weekly sync"],
          "events in March: expected the dentist and the weekly series", summaries(march))
    april = calendar.search(start=a1, end=y1, event=True)
    check(summaries(april) == ["Quarterly review", "Weekly sync"],
          "events in April: expected the review and the series (its 6 April instance)", summaries(april))
    late = calendar.search(start=datetime(2026, 4, 7, tzinfo=UTC), end=datetime(2026, 4, 14, tzinfo=UTC), event=True)
    check(late == [], "7-14 April holds no instance (the series ended 6 April)", summaries(late))
    todos_march = calendar.search(start=m1, end=a1, todo=True, include_completed=True)
    # RFC 4791 §9.9: a VTODO with neither DTSTART, DUE, DURATION, COMPLETED nor CREATED matches any range
    check(summaries(todos_march) == ["Buy milk", "File taxes"], "to-dos in March", summaries(todos_march))
    todos_may = calendar.search(start=y1, end=datetime(2026, 6, 1, tzinfo=UTC), todo=True, include_completed=True)
    check(summaries(todos_may) == ["Buy milk"], "to-dos in May: only the undated one", summaries(todos_may))

    step("search by time range with server-side expansion")
    raw = calendar.search(start=m1, end=a1, event=True, expand=True, split_expanded=False)
    series = [o for o in raw if weekly_uid in o.data]
    check(len(series) == 1, "the expanded answer does not hold the series once", urls(raw))
    data = series[0].data
    check("RRULE" not in data and "EXDATE" not in data,
          "the server did not expand: RRULE or EXDATE in an expanded answer (RFC 4791 §9.6.5)", data)
    instances = sorted(
        (dt(c["RECURRENCE-ID"]), dt(c["DTSTART"]), str(c["SUMMARY"]))
        for c in series[0].icalendar_instance.subcomponents if c.name == "VEVENT")
    expected = [
        (datetime(2026, 3, 2, 8, tzinfo=UTC), datetime(2026, 3, 2, 8, tzinfo=UTC), "Weekly sync"),
        (datetime(2026, 3, 9, 8, tzinfo=UTC), datetime(2026, 3, 9, 8, tzinfo=UTC), "Weekly sync"),
        # the override moves 23 March to 11:00 Berlin; 16 March is excluded
        (datetime(2026, 3, 23, 8, tzinfo=UTC), datetime(2026, 3, 23, 10, tzinfo=UTC), "Weekly sync (moved)"),
        # summer time from 29 March: 09:00 Berlin is 07:00 UTC
        (datetime(2026, 3, 30, 7, tzinfo=UTC), datetime(2026, 3, 30, 7, tzinfo=UTC), "Weekly sync"),
    ]
    check(instances == expected, "the expanded instances of the series in March are wrong", *instances)
    split = calendar.search(start=m1, end=a1, event=True, expand=True)
    check(len(split) == 5, "expand: expected 5 instances in March (4 of the series, the dentist)", summaries(split))

    step("search by text (python caldav asks for i;octet, so case counts)")
    found = calendar.search(summary="Dentist", event=True)
    check(summaries(found) == ["Dentist appointment"], "summary text-match 'Dentist'", summaries(found))
    check(calendar.search(summary="dentist", event=True) == [], "i;octet text-match must be case-sensitive")
    found = calendar.search(description="X-ray", event=True)
    check(summaries(found) == ["Dentist appointment"], "description text-match 'X-ray'", summaries(found))
    found = calendar.search(summary="sync", event=True)
    check(summaries(found) == ["Weekly sync"], "summary text-match 'sync' (in an override too, one object)",
          summaries(found))
    check(calendar.search(summary="taxes", event=True) == [], "a to-do matched an event search")
    pending = calendar.todos()
    check(summaries(pending) == ["Buy milk", "File taxes"], "todos(): the two pending to-dos", summaries(pending))

    step("calendar-multiget and free-busy-query, as the library sends them")
    got = calendar.calendar_multiget([dentist.url, weekly.url])
    check(summaries(got) == ["Dentist appointment", "Weekly sync"], "calendar_multiget", summaries(got))
    busy = calendar.freebusy_request(m1, a1).icalendar_instance.walk("VFREEBUSY")
    periods = sorted(str(p.to_ical(), "ascii") for c in busy for p in
                     (c["FREEBUSY"] if isinstance(c.get("FREEBUSY"), list) else [c.get("FREEBUSY")]) if p is not None)
    check(len(busy) == 1 and any(p.startswith("20260310T100000Z") for p in periods),
          "free-busy-query: the dentist's hour is not busy", *periods)

    step("initial sync-collection lists the five objects")
    synced = calendar.objects_by_sync_token(load_objects=True)
    check(urls(synced) == urls([dentist, weekly, review, taxes, milk]), "initial sync members",
          urls(synced), urls([dentist, weekly, review, taxes, milk]))
    since_empty = calendar.objects_by_sync_token(sync_token=empty_token)
    check(urls(since_empty) == urls(synced), "changes since the empty calendar's token")

    step("update an event (moved and renamed), complete a to-do, delete an event and a to-do, add an event")
    dentist = calendar.event_by_uid(dentist_uid)
    old_etag = dentist.props.get(dav.GetEtag.tag)
    vevent = component(dentist)
    for prop, value in (("SUMMARY", "Dentist appointment (moved)"),
                        ("DTSTART", datetime(2026, 4, 2, 14, tzinfo=UTC)),
                        ("DTEND", datetime(2026, 4, 2, 15, tzinfo=UTC))):
        vevent.pop(prop)
        vevent.add(prop, value)
    dentist.save()
    reread = calendar.event_by_uid(dentist_uid)
    check(str(component(reread)["SUMMARY"]) == "Dentist appointment (moved)", "the update was not stored",
          reread.data)
    check(old_etag is None or reread.props.get(dav.GetEtag.tag) != old_etag, "the ETag did not change on update")
    check(summaries(calendar.search(start=m1, end=a1, event=True)) == ["Weekly sync"],
          "the moved event still matches March")
    check(summaries(calendar.search(start=a1, end=y1, event=True))
          == ["Dentist appointment (moved)", "Quarterly review", "Weekly sync"], "the moved event does not match April")

    taxes = calendar.todo_by_uid(taxes_uid)
    taxes.complete(completion_timestamp=datetime(2026, 3, 18, 12, tzinfo=UTC))
    pending = calendar.todos()
    check(summaries(pending) == ["Buy milk"], "todos() after completing 'File taxes'", summaries(pending))
    everything = calendar.todos(include_completed=True)
    check(summaries(everything) == ["Buy milk", "File taxes"], "todos(include_completed=True)", summaries(everything))

    review = calendar.event_by_uid(review_uid)
    review.delete()
    try:
        calendar.event_by_uid(review_uid)
        raise Mismatch("a deleted event is still found by UID")
    except error.NotFoundError:
        pass
    check(review.url not in [o.url for o in calendar.events()], "a deleted event is still listed")

    milk = calendar.todo_by_uid(milk_uid)
    milk.delete()
    check(summaries(calendar.todos(include_completed=True)) == ["File taxes"], "a deleted to-do is still listed")

    lunch = calendar.save_event(dtstart=datetime(2026, 4, 20, 12, tzinfo=UTC),
                                dtend=datetime(2026, 4, 20, 13, tzinfo=UTC), summary="Team lunch")
    lunch_uid = lunch.id
    check(str(component(calendar.event_by_uid(lunch_uid))["SUMMARY"]) == "Team lunch",
          "an event made by the library (save_event with fields) was not stored")

    step("sync by token: the update, the completion, the new event and the deletions, each once")
    updated, deleted = synced.sync()
    check(urls(updated) == urls([dentist, taxes, lunch]), "sync(): updated objects", urls(updated))
    check(urls(deleted) == urls([review, milk]), "sync(): deleted objects", urls(deleted))
    check(urls(synced) == urls([dentist, weekly, taxes, lunch]), "sync(): the synced set after the changes",
          urls(synced))
    updated, deleted = synced.sync()
    check(updated == [] and deleted == [], "a second sync without changes reports changes", urls(updated), urls(deleted))
    again = calendar.objects_by_sync_token(sync_token=synced.sync_token)
    check(list(again) == [], "changes since the latest token", urls(again))
    by_url = {str(o.url.canonical()): o for o in synced}
    check(str(component(by_url[str(dentist.url.canonical())])["SUMMARY"]) == "Dentist appointment (moved)",
          "the synced copy of the updated event is stale")

    step("save_journal (one on a day, one undated), read back, search by day and by text; never an event")
    notes_uid, ideas_uid = uid("notes"), uid("ideas")
    notes = calendar.save_journal(ics([
        "BEGIN:VJOURNAL", "UID:" + notes_uid, "DTSTAMP:20260201T120000Z", "DTSTART;VALUE=DATE:20260311",
        "SUMMARY:Retrospective notes", "DESCRIPTION:Ship smaller changes", "END:VJOURNAL"]))
    ideas = calendar.save_journal(ics([
        "BEGIN:VJOURNAL", "UID:" + ideas_uid, "DTSTAMP:20260201T120000Z", "SUMMARY:Undated ideas", "END:VJOURNAL"]))
    check(str(component(notes.load())["UID"]) == notes_uid, "a journal read back has another UID", notes.url)
    check(str(component(calendar.journal_by_uid(notes_uid))["DESCRIPTION"]) == "Ship smaller changes",
          "journal_by_uid does not return the saved journal")
    check(summaries(calendar.journals()) == ["Retrospective notes", "Undated ideas"], "journals()",
          summaries(calendar.journals()))
    # RFC 4791 §9.9: a journal's DATE start covers that day; an undated journal is in no time range
    on_day = calendar.search(comp_class=caldav.Journal, start=datetime(2026, 3, 11, tzinfo=UTC),
                             end=datetime(2026, 3, 12, tzinfo=UTC))
    check(summaries(on_day) == ["Retrospective notes"], "journals on 11 March: the dated one only", summaries(on_day))
    next_day = calendar.search(comp_class=caldav.Journal, start=datetime(2026, 3, 12, tzinfo=UTC),
                               end=datetime(2026, 3, 13, tzinfo=UTC))
    check(next_day == [], "journals on 12 March: none", summaries(next_day))
    found = calendar.search(comp_class=caldav.Journal, summary="Retrospective")
    check(summaries(found) == ["Retrospective notes"], "journal summary text-match", summaries(found))
    check(str(notes.url.canonical()) not in urls(calendar.events()), "a journal is listed among the events")
    ideas.delete()
    check(summaries(calendar.journals()) == ["Retrospective notes"], "a deleted journal is still listed")

    step("make_calendar with VTODO alone (a task list, as Apple Reminders and DAVx5 make them): it stays one")
    tasks_name = "Tasks " + uuid.uuid4().hex[:8]
    tasks = principal.make_calendar(name=tasks_name, cal_id="tasks-" + uuid.uuid4().hex[:12],
                                    supported_calendar_component_set=["VTODO"])
    check(tasks.get_supported_components() == ["VTODO"], "a task list does not say it holds to-dos only",
          tasks.get_supported_components())
    listed = [c for c in principal.calendars() if c.url == tasks.url]
    check(len(listed) == 1 and listed[0].get_supported_components() == ["VTODO"],
          "the task list found from the principal is no task list", urls(listed))
    groceries = tasks.save_todo(ics([
        "BEGIN:VTODO", "UID:" + uid("groceries"), "DTSTAMP:20260201T120000Z", "SUMMARY:Groceries", "END:VTODO"]))
    check(summaries(tasks.todos()) == ["Groceries"], "the task list's to-dos", summaries(tasks.todos()))
    try:
        tasks.save_event(ics([
            "BEGIN:VEVENT", "UID:" + uid("misplaced"), "DTSTAMP:20260201T120000Z",
            "DTSTART:20260310T100000Z", "DTEND:20260310T110000Z", "SUMMARY:Misplaced", "END:VEVENT"]))
        raise Mismatch("a task list took an event (RFC 4791 §5.3.2.1 supported-calendar-component)")
    except (error.PutError, error.AuthorizationError):
        pass   # the library reports the 403 as either
    check(tasks.events() == [], "a task list lists events", summaries(tasks.events()))
    groceries.delete()
    tasks.delete()

    step("PROPPATCH of the display name, then delete the calendar")
    calendar.set_properties([dav.DisplayName(name + " renamed")])
    check(calendar.get_display_name() == name + " renamed", "displayname after PROPPATCH", calendar.get_display_name())
    calendar.delete()
    check(urls(principal.calendars()) == before, "the deleted calendar is still listed", urls(principal.calendars()))

    print("OK: python3-caldav interop passed", flush=True)


if __name__ == "__main__":
    if len(sys.argv) != 3 or not os.environ.get("CALENDARPIPE_KEY"):
        sys.exit("usage: CALENDARPIPE_KEY=cp_... caldav_client.py BASE_URL EMAIL")
    try:
        main(sys.argv[1], sys.argv[2], os.environ["CALENDARPIPE_KEY"])
    except Mismatch as e:
        print("MISMATCH:", e, file=sys.stderr, flush=True)
        sys.exit(1)
    except (error.DAVError, AssertionError) as e:
        print("CLIENT ERROR (the server's answer was refused or malformed):", repr(e), file=sys.stderr, flush=True)
        raise
