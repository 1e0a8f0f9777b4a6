// An agent's conversation through the official MCP TypeScript SDK client (McpClientsIT runs it):
// initialize, list the tools (the SDK compiles every tool's output schema and checks each call's
// structuredContent against it), call every tool, read a calendar resource. Arguments: the server's
// base URL; the key comes in CALENDARPIPE_KEY. Prints the final state as one JSON line for the
// test to compare with REST and CalDAV; exits non-zero on the first surprise. An invitation reaches
// the calendar by mail first (a plain SMTP conversation with the server's listener, whose port comes
// in CALENDARPIPE_SMTP_PORT), for the invitation tools to list and answer.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import net from 'node:net';

const base = process.argv[2];
const key = process.env.CALENDARPIPE_KEY;
const transport = new StreamableHTTPClientTransport(new URL('mcp', base), {
  requestInit: { headers: { Authorization: `Bearer ${key}` } },
});
const client = new Client({ name: 'calendarpipe-interop', version: '1.0.0' });
await client.connect(transport);

function check(condition, what, value) {
  if (!condition) {
    console.error(`FAILED: ${what}: ${JSON.stringify(value)}`);
    process.exit(1);
  }
}

const version = client.getServerVersion();
check(version?.name === 'calendarpipe', 'serverInfo', version);

const { tools } = await client.listTools();
const expected = ['list_calendars', 'create_calendar', 'update_calendar', 'delete_calendar', 'list_events',
  'search_events', 'get_event', 'create_event', 'update_event', 'delete_event', 'find_free_time', 'get_current_time',
  'list_invitations', 'respond_to_invitation'];
check(JSON.stringify(tools.map((t) => t.name).sort()) === JSON.stringify([...expected].sort()), 'tools', tools.map((t) => t.name));
for (const tool of tools) {
  check(tool.title && tool.description && tool.outputSchema && tool.annotations, 'a described tool', tool);
}
const called = new Set();

async function call(name, args) {
  called.add(name);
  const result = await client.callTool({ name, arguments: args });
  check(!result.isError, `${name} succeeds`, result);
  check(result.structuredContent && result.content?.[0]?.type === 'text', `${name} answers structured content and text`, result);
  return result.structuredContent;
}

const now = await call('get_current_time', { timeZone: 'Europe/Berlin' });
check(now.timeZone === 'Europe/Berlin' && /^\d{4}-\d\d-\d\dT/.test(now.now), 'current time', now);

const before = await call('list_calendars', {});
const calendar = await call('create_calendar', { name: 'MCP team', timezone: 'Europe/Berlin' });
const scratch = await call('create_calendar', { name: 'Scratch' });
const changed = await call('update_calendar', { calendarId: calendar.id, description: 'Made by an agent', color: '#3366CC' });
check(changed.description === 'Made by an agent' && changed.ctag > calendar.ctag, 'update_calendar', changed);
const deleted = await call('delete_calendar', { calendarId: scratch.id });
check(deleted.deleted === true, 'delete_calendar', deleted);
const listed = await call('list_calendars', {});
check(listed.calendars.length === before.calendars.length + 1, 'list_calendars after', listed);

// a weekly series on Mondays 09:00-10:00 Berlin time (2030-03-04 is a Monday), with an attendee, and a one-off
const series = await call('create_event', {
  calendarId: calendar.id, title: 'Weekly sync',
  start: { dateTime: '2030-03-04T09:00:00', timeZone: 'Europe/Berlin' },
  end: { dateTime: '2030-03-04T10:00:00', timeZone: 'Europe/Berlin' },
  recurrence: ['RRULE:FREQ=WEEKLY;COUNT=10'],
  attendees: [{ email: 'bob@example.com', displayName: 'Bob' }],
});
check(series.recurrence?.length === 1 && series.attendeeCount === 1, 'the series', series);
const dentist = await call('create_event', {
  calendarId: calendar.id, title: 'Dentist', location: 'Main Street 4',
  start: { dateTime: '2030-03-05T14:00:00+01:00' }, end: { dateTime: '2030-03-05T15:30:00+01:00' },
});

const week = await call('list_events', {
  calendarIds: [calendar.id], start: '2030-03-04T00:00:00+01:00', end: '2030-03-11T00:00:00+01:00', expand: true,
});
check(week.total === 2 && week.events[0].title === 'Weekly sync' && week.events[1].title === 'Dentist', 'the week', week);
check(week.events[0].originalStart?.dateTime === '2030-03-04T09:00:00+01:00', 'an occurrence names its original start', week);

// paging by cursor: ten occurrences, four a page
const first = await call('list_events', {
  calendarIds: [calendar.id], start: '2030-03-01T00:00:00Z', end: '2030-06-01T00:00:00Z', expand: true, limit: 4,
});
check(first.total === 11 && first.events.length === 4 && first.nextCursor, 'the first page', first);
const second = await call('list_events', {
  calendarIds: [calendar.id], start: '2030-03-01T00:00:00Z', end: '2030-06-01T00:00:00Z', expand: true, limit: 4,
  cursor: first.nextCursor,
});
check(second.events.length === 4 && second.events[0].originalStart.dateTime !== first.events[3].originalStart?.dateTime,
  'the second page', second);

const free = await call('find_free_time', {
  calendarIds: [calendar.id], start: '2030-03-04T00:00:00+01:00', end: '2030-03-06T00:00:00+01:00', durationMinutes: 60,
  workingHours: { start: '09:00', end: '17:00', timeZone: 'Europe/Berlin' },
});
check(free.slots[0].start === '2030-03-04T10:00+01:00' && free.slots[0].end === '2030-03-04T17:00+01:00'
  && free.slots[1].start === '2030-03-05T09:00+01:00' && free.slots[1].end === '2030-03-05T14:00+01:00', 'free time', free);

// move the second Monday's occurrence to Tuesday 11:00, then delete the third one
const moved = await call('update_event', {
  eventId: series.id, instance: '2030-03-11T09:00:00+01:00',
  start: { dateTime: '2030-03-12T11:00:00', timeZone: 'Europe/Berlin' },
});
check(moved.start.dateTime === '2030-03-12T11:00:00+01:00' && moved.originalStart.dateTime === '2030-03-11T09:00:00+01:00',
  'the moved occurrence', moved);
const gone = await call('delete_event', { eventId: series.id, instance: '2030-03-18T09:00:00+01:00' });
check(gone.deleted === true, 'one occurrence deleted', gone);

const found = await call('search_events', { query: 'DENTIST', start: '2030-01-01', end: '2031-01-01' });
check(found.total === 1 && found.events[0].id === dentist.id, 'search', found);
const byAttendee = await call('search_events', { query: 'bob', start: '2030-01-01', end: '2031-01-01' });
check(byAttendee.total === 1 && byAttendee.events[0].id === series.id, 'search by attendee', byAttendee);
const shown = await call('get_event', { eventId: series.id });
check(shown.recurrence.some((line) => line.startsWith('EXDATE')), 'the series keeps the deleted occurrence as an EXDATE', shown);

// a refusal is a tool error in REST's words, and the conversation goes on
const refused = await client.callTool({ name: 'create_event', arguments: {
  calendarId: calendar.id, title: 'Backwards', start: { dateTime: '2030-03-05T15:00:00Z' }, end: { dateTime: '2030-03-05T14:00:00Z' },
} });
check(refused.isError === true && JSON.parse(refused.content[1].text).error === 'Bad Request', 'a refused call', refused);

const resources = await client.listResources();
const resource = resources.resources.find((r) => r.uri === `calendarpipe://calendars/${calendar.id.replace('hosted:', '')}`);
check(resource && resource.mimeType === 'text/calendar', 'the calendar as a resource', resources);
const templates = await client.listResourceTemplates();
check(templates.resourceTemplates[0].uriTemplate === 'calendarpipe://calendars/{calendarId}', 'the template', templates);
const read = await client.readResource({ uri: resource.uri });
check(read.contents[0].text.includes('BEGIN:VCALENDAR') && read.contents[0].text.includes('Dentist'), 'the resource read', read);

// an invitation arrives by mail at the address of the calendar every account starts with; the agent lists it and accepts
const home = before.calendars[0];
const uid = `mcp-sdk-${Date.now()}@example.com`;
const ics = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Example//EN', 'METHOD:REQUEST', 'BEGIN:VEVENT', `UID:${uid}`,
  'DTSTAMP:20300101T090000Z', 'DTSTART:20300306T120000Z', 'DTEND:20300306T130000Z', 'SUMMARY:Lunch with Alice',
  'ORGANIZER;CN=Alice:mailto:alice@example.com', `ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${home.calendarEmail}`,
  'END:VEVENT', 'END:VCALENDAR'].join('\r\n');
const mail = [`From: Alice <alice@example.com>`, `To: ${home.calendarEmail}`, 'Subject: Lunch', 'MIME-Version: 1.0',
  'Content-Type: text/calendar; charset=UTF-8; method=REQUEST', '', ics].join('\r\n');
const replies = await smtp(Number(process.env.CALENDARPIPE_SMTP_PORT), ['EHLO agent.example', 'MAIL FROM:<alice@example.com>',
  `RCPT TO:<${home.calendarEmail}>`, 'DATA', `${mail}\r\n.`, 'QUIT']);
check(replies[5].startsWith('250'), 'the invitation accepted by the listener', replies);
const invited = await call('list_invitations', { calendarId: home.id, status: 'pending' });
check(invited.total === 1 && invited.invitations[0].event_uid === uid && invited.invitations[0].payload.title === 'Lunch with Alice',
  'list_invitations', invited);
const answered = await call('respond_to_invitation', { calendarId: home.id, uid, status: 'ACCEPTED' });
check(answered.status === 'accepted', 'respond_to_invitation', answered);

/** A plain SMTP conversation: each command sent once the previous reply (the greeting first) is whole; the replies. */
function smtp(port, commands) {
  return new Promise((resolve, reject) => {
    const replies = [];
    let buffer = '';
    const socket = net.connect(port, '127.0.0.1');
    socket.setEncoding('utf8');
    socket.setTimeout(30000, () => reject(new Error(`SMTP timed out after ${JSON.stringify(replies)}`)));
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      buffer += chunk;
      let end;
      while ((end = buffer.search(/^\d{3} .*\r\n/m)) >= 0) {
        const line = buffer.slice(end).match(/^\d{3} .*\r\n/m)[0];
        replies.push(buffer.slice(0, end) + line.trimEnd());
        buffer = buffer.slice(end + line.length);
        const next = commands[replies.length - 1];
        if (next === undefined) {
          socket.end();
          resolve(replies);
        } else {
          socket.write(`${next}\r\n`);
        }
      }
    });
    socket.on('close', () => resolve(replies));
  });
}

// the whole series goes; the dentist stays
await call('delete_event', { eventId: series.id });
const after = await call('list_events', { calendarIds: [calendar.id] });
check(after.total === 1 && after.events[0].id === dentist.id, 'after deleting the series', after);

check(called.size === expected.length, 'every tool called', [...called]);
await client.close();
console.log(JSON.stringify({ calendarId: calendar.id, dentistId: dentist.id, seriesId: series.id, resourceUri: resource.uri }));
