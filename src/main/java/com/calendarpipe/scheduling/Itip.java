package com.calendarpipe.scheduling;

import com.calendarpipe.calendar.ICal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An iCalendar text as content lines (RFC 5545 §3.1), for the edits scheduling makes: the
 * parameters of ORGANIZER and ATTENDEE, SEQUENCE, STATUS and METHOD. Working on lines rather
 * than an object model keeps everything else of a client's text as the client wrote it. Lines
 * inside a VALARM are never scheduling properties (an e-mail alarm's ATTENDEE is no invitee).
 */
final class Itip {

    /** One unfolded content line; {@code params} keep their raw values (quotes included). */
    static final class Line {
        final String name;
        final Map<String, String> params;
        String value;
        /** The innermost component holding the line, and whether a VALARM encloses it. */
        final String component;
        final boolean inAlarm;

        Line(String name, Map<String, String> params, String value, String component, boolean inAlarm) {
            this.name = name;
            this.params = params;
            this.value = value;
            this.component = component;
            this.inAlarm = inAlarm;
        }

        /** The calendar-user address the value names: a mailto: URI's address, lower-cased. */
        String address() {
            return Itip.address(value);
        }

        String param(String param) {
            String raw = params.get(param);
            return raw == null ? null : unquote(raw).toUpperCase(Locale.ROOT);
        }

        String text() {
            StringBuilder line = new StringBuilder(name);
            params.forEach((k, v) -> line.append(';').append(k).append('=').append(v));
            return line.append(':').append(value).toString();
        }
    }

    private final List<Line> lines;

    private Itip(List<Line> lines) {
        this.lines = lines;
    }

    static Itip parse(String text) {
        String unfolded = text.replace("\r\n", "\n").replace("\n ", "").replace("\n\t", "");
        List<Line> lines = new ArrayList<>();
        List<String> open = new ArrayList<>();
        for (String raw : unfolded.split("\n")) {
            if (raw.isBlank()) {
                continue;
            }
            Line line = line(raw, open.isEmpty() ? "" : open.get(open.size() - 1), open.contains("VALARM"));
            if (line.name.equals("BEGIN")) {
                open.add(line.value.toUpperCase(Locale.ROOT));
            } else if (line.name.equals("END") && !open.isEmpty()) {
                open.remove(open.size() - 1);
            }
            lines.add(line);
        }
        return new Itip(lines);
    }

    /** Name, parameters and value; a ':' or ';' inside a quoted parameter value is part of it (RFC 5545 §3.2). */
    private static Line line(String raw, String component, boolean inAlarm) {
        int i = 0;
        while (i < raw.length() && raw.charAt(i) != ';' && raw.charAt(i) != ':') {
            i++;
        }
        String name = raw.substring(0, i).toUpperCase(Locale.ROOT);
        Map<String, String> params = new LinkedHashMap<>();
        while (i < raw.length() && raw.charAt(i) == ';') {
            int start = ++i;
            boolean quoted = false;
            while (i < raw.length() && (quoted || raw.charAt(i) != ';' && raw.charAt(i) != ':')) {
                if (raw.charAt(i) == '"') {
                    quoted = !quoted;
                }
                i++;
            }
            String param = raw.substring(start, i);
            int eq = param.indexOf('=');
            if (eq > 0) {
                params.put(param.substring(0, eq).toUpperCase(Locale.ROOT), param.substring(eq + 1));
            }
        }
        String value = i < raw.length() ? raw.substring(i + 1) : "";
        return new Line(name, params, value, component, inAlarm);
    }

    /** The text with CRLF line ends, folded at 75 octets (RFC 5545 §3.1), never inside a UTF-8 sequence. */
    String text() {
        StringBuilder out = new StringBuilder();
        for (Line line : lines) {
            out.append(ICal.folded(line.text())).append("\r\n");
        }
        return out.toString();
    }

    Itip copy() {
        return parse(text());
    }

    /** The scheduling properties (ORGANIZER, ATTENDEE) of the events and to-dos, outside alarms. */
    List<Line> properties(String name) {
        return lines.stream().filter(l -> l.name.equals(name) && !l.inAlarm).toList();
    }

    /** The organizer's address, when the components name one. */
    Optional<String> organizer() {
        return properties("ORGANIZER").stream().map(Line::address).findFirst();
    }

    /** The attendees by address, in order; one line for each (the first component's). */
    Map<String, Line> attendees() {
        Map<String, Line> found = new LinkedHashMap<>();
        for (Line attendee : properties("ATTENDEE")) {
            found.putIfAbsent(attendee.address(), attendee);
        }
        return found;
    }

    /** Every ATTENDEE line of this address, in every component (the master and its overrides). */
    List<Line> attendee(String address) {
        return properties("ATTENDEE").stream().filter(l -> l.address().equals(address)).toList();
    }

    String uid() {
        return first("UID").orElse("");
    }

    String summary() {
        return first("SUMMARY").orElse(null);
    }

    int sequence() {
        return first("SEQUENCE").map(s -> {
            try {
                return Integer.parseInt(s.strip());
            } catch (NumberFormatException e) {
                return 0;
            }
        }).orElse(0);
    }

    /** Sets SEQUENCE in every event and to-do. */
    void sequence(int sequence) {
        setInComponents("SEQUENCE", Integer.toString(sequence));
    }

    /** STATUS (RFC 5545 §3.8.1.11), upper-cased; empty when not given. */
    String status() {
        return first("STATUS").map(s -> s.strip().toUpperCase(Locale.ROOT)).orElse("");
    }

    /** Sets STATUS in every event and to-do (RFC 5545 §3.8.1.11). */
    void status(String status) {
        setInComponents("STATUS", status);
    }

    /** Removes a parameter from every scheduling property (ORGANIZER and ATTENDEE). */
    void removeParam(String param) {
        for (Line line : lines) {
            if (!line.inAlarm && (line.name.equals("ORGANIZER") || line.name.equals("ATTENDEE"))) {
                line.params.remove(param);
            }
        }
    }

    /**
     * What the organizer's changes are compared on (RFC 5546 §2.1.4): the text without the
     * stamps that move on every write and without the attendees' replies and the server's statuses.
     */
    String essence() {
        Itip essence = copy();
        essence.lines.removeIf(l -> List.of("DTSTAMP", "LAST-MODIFIED", "SEQUENCE").contains(l.name));
        for (String param : List.of("PARTSTAT", "RSVP", "SCHEDULE-STATUS", "SCHEDULE-FORCE-SEND")) {
            essence.removeParam(param);
        }
        return essence.text();
    }

    /**
     * The iTIP message of this object (RFC 5546 §3.2): METHOD set on the VCALENDAR, and none of
     * the parameters that speak to this server only (RFC 6638 §7.1-§7.3).
     */
    String message(String method) {
        Itip message = copy();
        for (String param : List.of("SCHEDULE-AGENT", "SCHEDULE-STATUS", "SCHEDULE-FORCE-SEND")) {
            message.removeParam(param);
        }
        return message.withMethod(method);
    }

    private String withMethod(String method) {
        Itip message = copy();
        message.lines.removeIf(l -> l.name.equals("METHOD") && l.component.equals("VCALENDAR"));
        message.lines.add(1, new Line("METHOD", new LinkedHashMap<>(), method, "VCALENDAR", false));
        return message.text();
    }

    /** This text without METHOD: what a calendar stores (RFC 4791 §4.1 forbids METHOD in a resource). */
    Itip withoutMethod() {
        Itip stored = copy();
        stored.lines.removeIf(l -> l.name.equals("METHOD") && l.component.equals("VCALENDAR"));
        return stored;
    }

    /**
     * A REPLY (RFC 5546 §3.2.3): the object with only the replying attendee, so that it carries
     * nothing but that attendee's participation.
     */
    String reply(String attendee) {
        Itip reply = copy();
        reply.lines.removeIf(l -> l.name.equals("ATTENDEE") && !l.inAlarm && !l.address().equals(attendee));
        return reply.message("REPLY");
    }

    /** The METHOD of the VCALENDAR (RFC 5546 §1.4), upper-cased; empty when there is none. */
    String method() {
        return lines.stream().filter(l -> l.name.equals("METHOD") && l.component.equals("VCALENDAR"))
                .map(l -> l.value.strip().toUpperCase(Locale.ROOT)).findFirst().orElse("");
    }

    /** The organizer's CN (RFC 5545 §3.2.2), unquoted, RFC 6868's escapes read; null when not given. */
    String organizerName() {
        return properties("ORGANIZER").stream().map(l -> l.params.get("CN")).filter(java.util.Objects::nonNull)
                .map(Itip::unquote).map(Itip::caretDecoded).findFirst().orElse(null);
    }

    /** RFC 6868 §3: in a parameter value, ^' is a double quote, ^n a line break and ^^ a caret; any other ^ stays. */
    static String caretDecoded(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            char next = i + 1 < value.length() ? value.charAt(i + 1) : 0;
            if (c == '^' && (next == '\'' || next == 'n' || next == '^')) {
                out.append(next == '\'' ? '"' : next == 'n' ? '\n' : '^');
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * The addresses that may speak for a calendar user's property: its own, and the one it names
     * as SENT-BY (RFC 5545 §3.2.18: a delegate, as Outlook's assistants send for their managers).
     */
    static java.util.Set<String> speakers(Line line) {
        java.util.Set<String> speakers = new java.util.LinkedHashSet<>();
        speakers.add(line.address());
        String sentBy = line.params.get("SENT-BY");
        if (sentBy != null) {
            speakers.add(address(unquote(sentBy)));
        }
        return speakers;
    }

    /** The RECURRENCE-ID values of the events and to-dos (a master's is ""), in order. */
    List<String> recurrenceIds() {
        List<String> ids = new ArrayList<>();
        for (Block block : blocks()) {
            ids.add(block.recurrenceId);
        }
        return ids;
    }

    /**
     * This object with the events and to-dos of {@code other} in place of its own of the same
     * RECURRENCE-ID (added when it has none), and other's VTIMEZONEs it lacks: an update of some
     * instances of a series, as organizers send them (RFC 5546 §3.2.2.1, an override alone).
     */
    Itip withComponentsOf(Itip other) {
        Itip merged = copy();
        java.util.Set<String> replaced = new java.util.HashSet<>(other.recurrenceIds());
        List<Block> mine = merged.blocks();
        for (int b = mine.size() - 1; b >= 0; b--) {
            if (replaced.contains(mine.get(b).recurrenceId)) {
                merged.lines.subList(mine.get(b).begin, mine.get(b).end + 1).clear();
            }
        }
        java.util.Set<String> zones = new java.util.HashSet<>();
        merged.lines.stream().filter(l -> l.name.equals("TZID") && l.component.equals("VTIMEZONE")).forEach(l -> zones.add(l.value));
        int end = merged.lines.size() - 1;   // END:VCALENDAR
        List<Line> added = new ArrayList<>();
        String zone = null;
        for (Line line : other.lines) {
            boolean begin = line.name.equals("BEGIN");
            if (begin && line.value.equalsIgnoreCase("VTIMEZONE")) {
                zone = "";
            }
            if (zone != null) {
                if (line.name.equals("TZID") && line.component.equals("VTIMEZONE")) {
                    zone = line.value;
                }
                added.add(line);
                if (line.name.equals("END") && line.value.equalsIgnoreCase("VTIMEZONE")) {
                    if (zones.contains(zone)) {
                        added.clear();
                    } else {
                        merged.lines.addAll(firstComponent(merged), added);
                        zones.add(zone);
                        end += added.size();
                        added.clear();
                    }
                    zone = null;
                }
            }
        }
        for (Block block : other.blocks()) {
            merged.lines.addAll(end, other.lines.subList(block.begin, block.end + 1));
            end += block.end + 1 - block.begin;
        }
        return merged.copy();
    }

    /** Where the first event or to-do begins (or END:VCALENDAR): VTIMEZONEs go before it. */
    private static int firstComponent(Itip itip) {
        List<Block> blocks = itip.blocks();
        return blocks.isEmpty() ? itip.lines.size() - 1 : blocks.get(0).begin;
    }

    /** One event or to-do: its BEGIN and END lines, and its RECURRENCE-ID ("" for a master). */
    private record Block(int begin, int end, String recurrenceId) {
    }

    private List<Block> blocks() {
        List<Block> blocks = new ArrayList<>();
        int begin = -1;
        String id = "";
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            boolean bound = line.name.equals("BEGIN") || line.name.equals("END");
            if (bound && isScheduled(line.value.toUpperCase(Locale.ROOT)) && !line.inAlarm) {
                if (line.name.equals("BEGIN")) {
                    begin = i;
                    id = "";
                } else if (begin >= 0) {
                    blocks.add(new Block(begin, i, id));
                    begin = -1;
                }
            } else if (begin >= 0 && line.name.equals("RECURRENCE-ID") && isScheduled(line.component)) {
                id = line.value.strip();
            }
        }
        return blocks;
    }

    /** This attendee's participation (RFC 5545 §3.2.12): NEEDS-ACTION unless said. */
    String partstat(String attendee) {
        return attendee(attendee).stream().map(l -> l.param("PARTSTAT")).filter(java.util.Objects::nonNull)
                .findFirst().orElse("NEEDS-ACTION");
    }

    private Optional<String> first(String name) {
        return lines.stream().filter(l -> l.name.equals(name) && !l.inAlarm && isScheduled(l.component))
                .map(l -> l.value).findFirst();
    }

    /** Sets the property in every event and to-do, adding it after their BEGIN where it is missing. */
    private void setInComponents(String name, String value) {
        List<Integer> missing = new ArrayList<>();
        int begin = -1;
        boolean seen = false;
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            boolean bound = line.name.equals("BEGIN") || line.name.equals("END");
            if (bound && isScheduled(line.value.toUpperCase(Locale.ROOT))) {
                if (line.name.equals("BEGIN")) {
                    begin = i;
                    seen = false;
                } else if (!seen) {
                    missing.add(begin);
                }
            } else if (line.name.equals(name) && isScheduled(line.component) && !line.inAlarm) {
                line.value = value;
                seen = true;
            }
        }
        for (int k = missing.size() - 1; k >= 0; k--) {
            int at = missing.get(k);
            lines.add(at + 1, new Line(name, new LinkedHashMap<>(), value, lines.get(at).value.toUpperCase(Locale.ROOT), false));
        }
    }

    private static boolean isScheduled(String component) {
        return component.equals("VEVENT") || component.equals("VTODO");
    }

    /** A calendar-user address as compared here: a mailto: URI's address, lower-cased (RFC 6638 §3.1). */
    static String address(String uri) {
        String value = uri == null ? "" : uri.strip();
        if (value.regionMatches(true, 0, "mailto:", 0, 7)) {
            value = value.substring(7);
        }
        return value.toLowerCase(Locale.ROOT);
    }

    private static String unquote(String raw) {
        return raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"") ? raw.substring(1, raw.length() - 1) : raw;
    }
}
