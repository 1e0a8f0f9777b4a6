package com.calendarpipe.calendar;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repairs of the one intake of iCalendar text, for every channel (CalDAV PUT, REST import,
 * mail): quirks that real clients send and that sabre/dav and Apple's CalendarServer store
 * repaired, each of which has one clear meaning, repaired by its RFC section. Only the content
 * lines a repair touches change (unfolded, changed, folded again); every other line stays as the
 * client wrote it, byte for byte, so the answer to a PUT can tell whether the stored text is the
 * one sent (RFC 4791 §5.3.4). What has no clear meaning is left to the store to refuse.
 * <ul>
 * <li>DTEND (DUE of a to-do) of another value type or form than DTSTART: it takes DTSTART's,
 *     keeping its own date and wall-clock time (RFC 5545 §3.8.2.2, §3.8.2.3: DATE with DATE,
 *     local time with local time): a date end is midnight of that date; a date-time end of an
 *     all-day event ends its day (the day after the start at the earliest).</li>
 * <li>EXDATEs of another value type or form than DTSTART: each takes DTSTART's, a date getting
 *     DTSTART's time of day (RFC 5545 §3.8.5.1), so that the instance it names is the one excluded.</li>
 * <li>An event whose DTEND lies before its DTSTART: DTEND is left out, and the event lasts what
 *     RFC 5545 §3.6.1 says an event without one lasts (a day from a date, nothing from a date-time).</li>
 * <li>A RECURRENCE-ID component before its master: the master is put first, where clients that
 *     take the first component for the series (RFC 5545 §3.8.4.4 names no order) look for it.</li>
 * <li>A duration with a time designator and no time ({@code P1DT}, {@code PT}): the empty
 *     time part is left out (RFC 5545 §3.3.6: dur-time needs an hour, minute or second), in
 *     DURATION and in an alarm's TRIGGER.</li>
 * </ul>
 */
public final class Repairs {

    private static final Pattern DANGLING_TIME = Pattern.compile("([+-]?P(?:\\d+W|\\d+D)?)T");
    private static final Pattern DATE_TIME = Pattern.compile("(\\d{8})(?:T(\\d{6})(Z?))?");
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final List<String> SERIES = List.of("VEVENT", "VTODO", "VJOURNAL");

    private Repairs() {
    }

    /** The text with every repair made; the very same string when none was needed. */
    public static String repaired(String text) {
        List<Line> lines = Line.all(text);
        boolean changed = false;
        for (Line line : lines) {
            changed |= duration(line);
        }
        for (List<Line> component : components(lines)) {
            changed |= ends(component);
            changed |= exdates(component);
        }
        changed |= masterFirst(lines);
        if (!changed) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 64);
        lines.stream().filter(line -> !line.removed).forEach(line -> out.append(line.text()).append("\r\n"));
        return out.toString();
    }

    /** RFC 5545 §3.3.6: {@code P1DT} is {@code P1D}, {@code PT} is {@code PT0S}. */
    private static boolean duration(Line line) {
        if (!line.name.equals("DURATION") && !line.name.equals("TRIGGER")) {
            return false;
        }
        Matcher dangling = DANGLING_TIME.matcher(line.value.strip());
        if (!dangling.matches()) {
            return false;
        }
        String date = dangling.group(1);
        line.change(date.matches("[+-]?P") ? date + "T0S" : date);
        return true;
    }

    /** RFC 5545 §3.8.2.2 and §3.8.2.3: the end in the start's value type and form; an event's end before its start left out. */
    private static boolean ends(List<Line> component) {
        Line start = first(component, "DTSTART");
        Line end = first(component, component.get(0).value.equalsIgnoreCase("VTODO") ? "DUE" : "DTEND");
        if (start == null || end == null) {
            return false;
        }
        Form from = Form.of(start);
        Form to = Form.of(end);
        if (from == null || to == null) {
            return false;
        }
        boolean changed = false;
        if (!from.sameKind(to)) {
            end.changeForm(from, to.converted(from, true));
            changed = true;
            to = Form.of(end);
        }
        if (component.get(0).value.equalsIgnoreCase("VEVENT") && from.sameFrame(to) && to.digits().compareTo(from.digits()) < 0) {
            end.remove();
            changed = true;
        }
        return changed;
    }

    /** RFC 5545 §3.8.5.1: each EXDATE in DTSTART's value type and form. */
    private static boolean exdates(List<Line> component) {
        Line start = first(component, "DTSTART");
        Form from = start == null ? null : Form.of(start);
        if (from == null) {
            return false;
        }
        boolean changed = false;
        for (Line exdate : component) {
            if (!exdate.name.equals("EXDATE") || exdate.removed) {
                continue;
            }
            List<String> values = new ArrayList<>();
            boolean differs = false;
            for (String value : exdate.value.split(",")) {
                Form one = Form.of(exdate, value.strip());
                if (one == null) {
                    return changed;   // not a date this repair understands: the store judges it
                }
                differs |= !from.sameKind(one);
                values.add(from.sameKind(one) ? value.strip() : one.converted(from, false));
            }
            if (differs) {
                exdate.changeForm(from, String.join(",", values));
                changed = true;
            }
        }
        return changed;
    }

    /** The master (no RECURRENCE-ID) before its overrides. */
    private static boolean masterFirst(List<Line> lines) {
        List<List<Line>> components = components(lines);
        if (components.size() < 2 || first(components.get(0), "RECURRENCE-ID") == null) {
            return false;
        }
        for (List<Line> component : components) {
            if (first(component, "RECURRENCE-ID") == null) {
                int at = lines.indexOf(components.get(0).get(0));
                lines.removeAll(component);
                lines.addAll(at, component);
                return true;
            }
        }
        return false;
    }

    /** The events, to-dos and journals directly inside the VCALENDAR, each from its BEGIN to its END. */
    private static List<List<Line>> components(List<Line> lines) {
        List<List<Line>> components = new ArrayList<>();
        List<Line> open = null;
        int depth = 0;
        for (Line line : lines) {
            if (line.name.equals("BEGIN")) {
                depth++;
                if (depth == 2 && SERIES.contains(line.value.strip().toUpperCase(Locale.ROOT))) {
                    open = new ArrayList<>();
                }
            }
            if (open != null) {
                open.add(line);
            }
            if (line.name.equals("END")) {
                if (depth == 2 && open != null) {
                    components.add(open);
                    open = null;
                }
                depth--;
            }
        }
        return components;
    }

    /** The component's own property of that name (not one of its alarms'). */
    private static Line first(List<Line> component, String name) {
        int depth = 0;
        for (Line line : component) {
            depth += line.name.equals("BEGIN") ? 1 : line.name.equals("END") ? -1 : 0;
            if (depth == 1 && line.name.equals(name) && !line.removed) {
                return line;
            }
        }
        return null;
    }

    /** A date value's type and form: DATE, or DATE-TIME in UTC, with a TZID, or floating. */
    private record Form(String date, String time, boolean utc, String tzid) {

        static Form of(Line line) {
            return of(line, line.value.strip());
        }

        static Form of(Line line, String value) {
            Matcher m = DATE_TIME.matcher(value);
            if (!m.matches()) {
                return null;
            }
            return new Form(m.group(1), m.group(2), "Z".equals(m.group(3)), m.group(2) == null ? null : line.params.get("TZID"));
        }

        boolean isDate() {
            return time == null;
        }

        boolean floating() {
            return !isDate() && !utc && tzid == null;
        }

        /** DATE with DATE; local time with local time (a UTC and a zoned time may mix, RFC 5545 §3.8.2.2). */
        boolean sameKind(Form other) {
            return isDate() == other.isDate() && floating() == other.floating();
        }

        /** Whether the two values can be compared as written: the same type and frame. */
        boolean sameFrame(Form other) {
            return isDate() == other.isDate() && utc == other.utc && java.util.Objects.equals(tzid, other.tzid);
        }

        String digits() {
            return isDate() ? date : date + "T" + time;
        }

        /**
         * This value written in {@code like}'s type and form, its own date and wall-clock time kept.
         * As an end ({@code end}), a date from a date-time ends after that moment's day.
         */
        String converted(Form like, boolean end) {
            if (like.isDate()) {
                LocalDate day = LocalDate.parse(date, DAY);
                if (end && !isDate() && !time.equals("000000")) {
                    day = day.plusDays(1);
                }
                LocalDate start = LocalDate.parse(like.date, DAY);
                if (end && !day.isAfter(start)) {
                    day = start.plusDays(1);
                }
                return day.format(DAY);
            }
            return date + "T" + (isDate() ? (end ? "000000" : like.time) : time) + (like.utc ? "Z" : "");
        }
    }

    /** One content line (RFC 5545 §3.1): as the client folded it, until a repair changes it. */
    private static final class Line {
        private final String raw;
        final String name;
        final Map<String, String> params;
        String value;
        private final String head;
        private boolean changed;
        boolean removed;

        private Line(String raw, String unfolded) {
            this.raw = raw;
            int i = 0;
            boolean quoted = false;
            int colon = -1;
            for (; i < unfolded.length(); i++) {
                char c = unfolded.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == ':' && !quoted) {
                    colon = i;
                    break;
                }
            }
            String before = colon < 0 ? unfolded : unfolded.substring(0, colon);
            this.value = colon < 0 ? "" : unfolded.substring(colon + 1);
            String[] parts = before.split(";(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
            this.name = parts[0].strip().toUpperCase(Locale.ROOT);
            this.head = parts[0];
            this.params = new LinkedHashMap<>();
            for (int p = 1; p < parts.length; p++) {
                int eq = parts[p].indexOf('=');
                if (eq > 0) {
                    params.put(parts[p].substring(0, eq).toUpperCase(Locale.ROOT), parts[p].substring(eq + 1));
                }
            }
        }

        /** The text's content lines, each with its folding as written. */
        static List<Line> all(String text) {
            List<Line> lines = new ArrayList<>();
            String[] physical = text.split("\r\n|\n", -1);
            for (int i = 0; i < physical.length; i++) {
                StringBuilder raw = new StringBuilder(physical[i]);
                StringBuilder unfolded = new StringBuilder(physical[i]);
                while (i + 1 < physical.length && !physical[i + 1].isEmpty()
                        && (physical[i + 1].charAt(0) == ' ' || physical[i + 1].charAt(0) == '\t')) {
                    raw.append("\r\n").append(physical[++i]);
                    unfolded.append(physical[i], 1, physical[i].length());
                }
                if (unfolded.length() > 0) {
                    lines.add(new Line(raw.toString(), unfolded.toString()));
                }
            }
            return lines;
        }

        void change(String newValue) {
            value = newValue;
            changed = true;
        }

        /** A date property in {@code like}'s form: its TZID, or none; VALUE=DATE for a date. */
        void changeForm(Form like, String newValue) {
            params.remove("TZID");
            params.remove("VALUE");
            if (like.isDate()) {
                params.put("VALUE", "DATE");
            } else if (like.tzid() != null) {
                params.put("TZID", like.tzid());
            }
            change(newValue);
        }

        void remove() {
            removed = true;
        }

        /** The line as written, or as changed (folded at 75 octets, RFC 5545 §3.1); a removed line is none. */
        String text() {
            if (removed) {
                return null;
            }
            if (!changed) {
                return raw;
            }
            StringBuilder line = new StringBuilder(head);
            params.forEach((k, v) -> line.append(';').append(k).append('=').append(v));
            return ICal.folded(line.append(':').append(value).toString());
        }
    }
}
