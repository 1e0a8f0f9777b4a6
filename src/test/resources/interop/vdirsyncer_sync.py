#!/usr/bin/python3
"""Interop test: Debian's vdirsyncer, two-way sync of a local folder with a CalendarPipe server.

Usage: CALENDARPIPE_KEY=cp_... vdirsyncer_sync.py BASE_URL EMAIL

The key is read from the environment (vdirsyncer fetches it with `printenv`, so it is neither
in the config file nor in any command line). Two calendars are paired: one born on the server
(made over REST, filled over REST and CalDAV) and one born in the local folder (vdirsyncer
creates it on the server with an extended MKCOL). After the first sync, both sides add, modify
and delete items (the server side over REST and CalDAV), and after the next sync both sides
must hold exactly the same items, byte for byte but for line endings; the display name and
color are synced both ways too. Exits 1 with a message naming the first mismatch.

It needs nothing but vdirsyncer and the Python standard library.
"""

import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
import uuid
from urllib.parse import unquote, urljoin
from xml.etree import ElementTree
from checks import Mismatch, check, step

DAV = "{DAV:}"
TIMEOUT = 180


# an attendee outside the server: with no SMTP server set up, its SCHEDULE-STATUS says 5.1
GUEST = "guest@elsewhere.example"


def ics(*lines):
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//CalendarPipe//interop test//EN", *lines, "END:VCALENDAR"]
    return "\r\n".join(body) + "\r\n"


def event(uid, summary, start, end):
    return ics("BEGIN:VEVENT", "UID:" + uid, "DTSTAMP:20260201T120000Z", "DTSTART:" + start, "DTEND:" + end,
               "SUMMARY:" + summary, "END:VEVENT")


def invitation(uid, summary, start, end, organizer, attendee):
    """An event the server schedules (RFC 6638): it stores it with the attendee's SCHEDULE-STATUS."""
    return ics("BEGIN:VEVENT", "UID:" + uid, "DTSTAMP:20260201T120000Z", "DTSTART:" + start, "DTEND:" + end,
               "SUMMARY:" + summary, "ORGANIZER:mailto:" + organizer,
               "ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:" + attendee, "END:VEVENT")


def todo(uid, summary):
    return ics("BEGIN:VTODO", "UID:" + uid, "DTSTAMP:20260201T120000Z", "SUMMARY:" + summary, "END:VTODO")


def new_uid(what):
    return f"{what}-{uuid.uuid4()}@interop.calendarpipe.test"


def normalized(text):
    """The text's content lines, unfolded, whatever the line endings, without SCHEDULE-STATUS: the
    server adds it to an invitation it scheduled and answers that PUT without an ETag (RFC 4791
    §5.3.4); vdirsyncer keeps the version it uploaded, which is the same event."""
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    return [re.sub(r";SCHEDULE-STATUS=[0-9.]+", "", line) for line in re.split(r"\r?\n", unfolded) if line]


def field(text, name):
    for line in normalized(text):
        key, _, value = line.partition(":")
        if key.split(";")[0].upper() == name:
            return value
    return None


class Reply:
    def __init__(self, status, body):
        self.status, self.body = status, body
        self.text = body.decode("utf-8")


class Server:
    """The server side: REST with the key as Bearer token, CalDAV with Basic (email, key)."""

    def __init__(self, base, email, key):
        self.base = base
        self.basic = "Basic " + base64.b64encode(f"{email}:{key}".encode()).decode()
        self.bearer = "Bearer " + key

    def request(self, method, url, body, headers):
        request = urllib.request.Request(urljoin(self.base, url), data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as reply:
                return Reply(reply.status, reply.read())
        except urllib.error.HTTPError as e:
            return Reply(e.code, e.read())

    def api(self, method, path, json_body=None, expect=200):
        body = None if json_body is None else json.dumps(json_body).encode()
        reply = self.request(method, "/api/v1" + path, body,
                             {"Authorization": self.bearer, "Content-Type": "application/json"})
        check(reply.status == expect, f"REST {method} {path}: expected {expect}", reply.status, reply.text)
        return json.loads(reply.text)["data"] if reply.text else None

    def dav(self, method, url, expect, body=None, headers=None):
        reply = self.request(method, url, body, {"Authorization": self.basic, **(headers or {})})
        check(reply.status in expect, f"{method} {url}: expected {expect}", reply.status, reply.text)
        return reply

    def objects(self, collection_url):
        """The collection's objects by UID: {uid: (href, text)}."""
        listing = self.dav("PROPFIND", collection_url, (207,),
                           b'<propfind xmlns="DAV:"><prop><getetag/></prop></propfind>', {"Depth": "1"})
        found = {}
        for response in ElementTree.fromstring(listing.body).iter(DAV + "response"):
            href = response.find(DAV + "href").text
            if unquote(href).rstrip("/") == unquote(collection_url).rstrip("/"):
                continue
            text = self.dav("GET", href, (200,)).text
            uid = field(text, "UID")
            check(uid not in found, "two server objects share a UID", uid)
            found[uid] = (href, text)
        return found

    def color_and_name(self, calendar_id):
        calendar = self.api("GET", "/hosted-calendars/" + calendar_id)
        return calendar["color"], calendar["name"]

    def rest_event(self, calendar_id, title):
        events = self.api("GET", f"/calendars/hosted:{calendar_id}/events?limit=100")
        matching = [e for e in events if e["title"] == title]
        check(len(matching) == 1, f"REST lists {len(matching)} events titled {title!r}", [e["title"] for e in events])
        return matching[0]


class Local:
    """The vdirsyncer folder: one directory per collection, one .ics file per item."""

    def __init__(self, root):
        self.root = root

    def items(self, collection):
        """{uid: (file name, text)}"""
        folder = os.path.join(self.root, collection)
        found = {}
        for name in sorted(os.listdir(folder)):
            if name.endswith(".ics"):
                with open(os.path.join(folder, name), encoding="utf-8", newline="") as f:
                    text = f.read()
                uid = field(text, "UID")
                check(uid not in found, "two local files share a UID", uid)
                found[uid] = (name, text)
        return found

    def write(self, collection, name, text):
        with open(os.path.join(self.root, collection, name), "w", encoding="utf-8", newline="") as f:
            f.write(text)

    def path_of(self, collection, uid):
        return os.path.join(self.root, collection, self.items(collection)[uid][0])

    def meta(self, collection, key):
        path = os.path.join(self.root, collection, key)
        if not os.path.exists(path):
            return None
        with open(path, encoding="utf-8") as f:
            return f.read().strip()


def vdirsyncer(config, *args, answers=""):
    command = ["vdirsyncer", "-c", config, *args]
    done = subprocess.run(command, input=answers, capture_output=True, text=True, timeout=TIMEOUT)
    output = done.stdout + done.stderr
    print(f"$ vdirsyncer {' '.join(args)} (exit {done.returncode})\n" + output, flush=True)
    check(done.returncode == 0, f"vdirsyncer {' '.join(args)} failed with exit code {done.returncode}", output)
    return output


def converged(server, local, collection, collection_url, summaries):
    """Both sides hold the same items, with the same text, and these summaries."""
    remote = server.objects(collection_url)
    mine = local.items(collection)
    check(sorted(remote) == sorted(mine), f"{collection}: the UIDs differ between server and folder",
          "server: " + str(sorted(field(t, "SUMMARY") for _, t in remote.values())),
          "folder: " + str(sorted(field(t, "SUMMARY") for _, t in mine.values())))
    for uid, (href, text) in remote.items():
        check(normalized(text) == normalized(mine[uid][1]), f"{collection}: item {uid} differs",
              "server " + href + ":\n" + text, "folder " + mine[uid][0] + ":\n" + mine[uid][1])
    found = sorted(field(text, "SUMMARY") for _, text in mine.values())
    check(found == sorted(summaries), f"{collection}: unexpected items", found, sorted(summaries))


def main(base, email, key, work):
    base = base.rstrip("/")
    server = Server(base, email, key)
    local = Local(os.path.join(work, "calendars"))
    account = server.api("GET", "/account")["id"]
    home = f"/dav/calendars/{account}/"

    step("a calendar born on the server: made and filled over REST and CalDAV")
    made = server.api("POST", "/hosted-calendars", {"name": "Vdirsyncer remote", "color": "#3366cc",
                                                     "timezone": "Europe/Berlin"}, expect=201)
    # the collection is named by the calendar's id (never its feed token, a secret)
    remote_id = remote_name = made["id"]
    remote_url = home + remote_name + "/"

    def rest_event(title, day):
        return server.api("POST", f"/calendars/hosted:{remote_id}/events", {
            "title": title,
            "start": {"dateTime": f"2026-03-{day:02d}T09:00:00", "timeZone": "Europe/Berlin"},
            "end": {"dateTime": f"2026-03-{day:02d}T09:15:00", "timeZone": "Europe/Berlin"}}, expect=201)

    standup = rest_event("Standup", 9)
    retro = rest_event("Retro", 13)
    plants_uid, offsite_uid = new_uid("plants"), new_uid("offsite")
    server.dav("PUT", remote_url + "plants.ics", (201,), todo(plants_uid, "Water plants").encode(),
               {"Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*"})
    server.dav("PUT", remote_url + "offsite.ics", (201,),
               event(offsite_uid, "Offsite", "20260318T080000Z", "20260318T160000Z").encode(),
               {"Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*"})

    # an invitation: the server schedules it and stores its own version (no ETag in the answer)
    server.dav("PUT", remote_url + "review.ics", (201,),
               invitation(new_uid("review"), "Review", "20260319T100000Z", "20260319T110000Z", made["calendarEmail"],
                          GUEST).encode(),
               {"Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*"})

    step("a calendar born in the local folder")
    local_name = "local-" + uuid.uuid4().hex[:10]
    local_url = home + local_name + "/"
    os.makedirs(os.path.join(local.root, local_name))
    trip_uid, bank_uid, concert_uid, laundry_uid = new_uid("trip"), new_uid("bank"), new_uid("concert"), new_uid("laundry")
    local.write(local_name, "trip.ics", ics("BEGIN:VEVENT", "UID:" + trip_uid, "DTSTAMP:20260201T120000Z",
                                            "DTSTART;VALUE=DATE:20260501", "DTEND;VALUE=DATE:20260505",
                                            "SUMMARY:Trip to Lisbon", "END:VEVENT"))
    local.write(local_name, "bank.ics", todo(bank_uid, "Call the bank"))
    local.write(local_name, "concert.ics", event(concert_uid, "Concert", "20260321T190000Z", "20260321T220000Z"))
    local.write(local_name, "laundry.ics", todo(laundry_uid, "Laundry"))
    # an invitation made in the folder: uploaded, scheduled and changed by the server, then synced back
    local.write(local_name, "board.ics", invitation(new_uid("board"), "Board meeting", "20260323T090000Z",
                                                    "20260323T100000Z", email, GUEST))
    local.write(local_name, "color", "#00aa00")

    config = os.path.join(work, "config")
    with open(config, "w", encoding="utf-8") as f:
        f.write(f"""
[general]
status_path = "{os.path.join(work, 'status')}/"

[pair interop]
a = "interop_local"
b = "interop_remote"
collections = ["{remote_name}", "{local_name}"]
metadata = ["displayname", "color"]

[storage interop_local]
type = "filesystem"
path = "{local.root}/"
fileext = ".ics"

[storage interop_remote]
type = "caldav"
url = "{base}/"
username = "{email}"
password.fetch = ["command", "printenv", "CALENDARPIPE_KEY"]
""")

    step("vdirsyncer discover: creates the server's calendar locally and the local one on the server")
    vdirsyncer(config, "discover", answers="y\ny\n")
    check(os.path.isdir(os.path.join(local.root, remote_name)), "discover did not create the local folder")
    calendars = {c["name"]: c for c in server.api("GET", "/hosted-calendars")}
    check(local_name in calendars, "discover did not create the local calendar on the server (MKCOL)",
          list(calendars))
    local_id = calendars[local_name]["id"]
    server.dav("PROPFIND", local_url, (207,), None, {"Depth": "0"})

    step("first sync")
    vdirsyncer(config, "sync")
    converged(server, local, remote_name, remote_url, ["Standup", "Retro", "Water plants", "Offsite", "Review"])
    converged(server, local, local_name, local_url, ["Trip to Lisbon", "Call the bank", "Concert", "Laundry",
                                                     "Board meeting"])
    for name, url in ((remote_name, remote_url), (local_name, local_url)):
        scheduled = [t for _, t in server.objects(url).values() if "SCHEDULE-STATUS" in t.replace("\r\n ", "")]
        check(len(scheduled) == 1, f"{name}: the server did not schedule the invitation", *scheduled)
    vdirsyncer(config, "metasync")
    # the server keeps colors in upper case
    check(local.meta(remote_name, "color") == "#3366CC", "metasync: the server's color did not reach the folder",
          local.meta(remote_name, "color"))
    check(local.meta(remote_name, "displayname") == "Vdirsyncer remote",
          "metasync: the server's display name did not reach the folder", local.meta(remote_name, "displayname"))
    check(server.color_and_name(local_id)[0] == "#00AA00", "metasync: the folder's color did not reach the server",
          server.color_and_name(local_id))

    step("edits on both sides")
    # in the folder: modify, delete and add, in both calendars
    plants = local.path_of(remote_name, plants_uid)
    with open(plants, encoding="utf-8", newline="") as f:
        text = f.read()
    local.write(remote_name, os.path.basename(plants),
                text.replace("SUMMARY:Water plants", "SUMMARY:Water the plants\r\nDESCRIPTION:The ferns too"))
    os.remove(local.path_of(remote_name, offsite_uid))
    local.write(remote_name, "dinner.ics", event(new_uid("dinner"), "Dinner", "20260320T180000Z", "20260320T210000Z"))
    trip = local.path_of(local_name, trip_uid)
    with open(trip, encoding="utf-8", newline="") as f:
        text = f.read()
    local.write(local_name, os.path.basename(trip), text.replace("Trip to Lisbon", "Trip to Porto"))
    os.remove(local.path_of(local_name, laundry_uid))
    local.write(local_name, "dentist.ics", event(new_uid("dentist"), "Dentist", "20260324T100000Z", "20260324T110000Z"))
    local.write(local_name, "displayname", "Local calendar")
    # on the server: REST patches, deletes and adds in the server's calendar, and patches an object
    # vdirsyncer uploaded; CalDAV deletes and adds in the folder's calendar; the color changes over REST
    server.api("PATCH", "/events/" + standup["id"], {"title": "Standup (15 min)"})
    server.api("DELETE", "/events/" + retro["id"], expect=204)
    rest_event("Planning", 16)
    concert = server.rest_event(local_id, "Concert")
    server.api("PATCH", "/events/" + concert["id"], {"title": "Concert (sold out)"})
    bank_href = server.objects(local_url)[bank_uid][0]
    server.dav("DELETE", bank_href, (204,))
    server.dav("PUT", local_url + "rent.ics", (201,), todo(new_uid("rent"), "Pay rent").encode(),
               {"Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*"})
    server.api("PATCH", "/hosted-calendars/" + remote_id, {"color": "#cc3333"})

    step("second sync: both sides converge")
    vdirsyncer(config, "sync")
    converged(server, local, remote_name, remote_url, ["Standup (15 min)", "Water the plants", "Dinner", "Planning",
                                                       "Review"])
    converged(server, local, local_name, local_url, ["Trip to Porto", "Concert (sold out)", "Dentist", "Pay rent",
                                                     "Board meeting"])
    plants_text = server.objects(remote_url)[plants_uid][1]
    check(field(plants_text, "DESCRIPTION") == "The ferns too", "the folder's edit did not reach the server",
          plants_text)
    vdirsyncer(config, "metasync")
    check(local.meta(remote_name, "color") == "#CC3333", "metasync: the server's new color did not reach the folder",
          local.meta(remote_name, "color"))
    check(server.color_and_name(local_id)[1] == "Local calendar",
          "metasync: the folder's display name did not reach the server", server.color_and_name(local_id))

    step("third sync: nothing left to do")
    output = vdirsyncer(config, "sync")
    moved = [line for line in output.splitlines() if re.search(r"Copying|Updating|Deleting", line)]
    check(moved == [], "a sync after convergence still changed items", *moved)

    server.api("DELETE", "/hosted-calendars/" + remote_id, expect=204)
    server.api("DELETE", "/hosted-calendars/" + local_id, expect=204)
    print("OK: vdirsyncer interop passed", flush=True)


if __name__ == "__main__":
    if len(sys.argv) != 3 or not os.environ.get("CALENDARPIPE_KEY"):
        sys.exit("usage: CALENDARPIPE_KEY=cp_... vdirsyncer_sync.py BASE_URL EMAIL")
    work = tempfile.mkdtemp(prefix="calendarpipe-vdirsyncer-")
    try:
        main(sys.argv[1], sys.argv[2], os.environ["CALENDARPIPE_KEY"], work)
    except Mismatch as e:
        print("MISMATCH:", e, file=sys.stderr, flush=True)
        sys.exit(1)
    finally:
        shutil.rmtree(work, ignore_errors=True)
