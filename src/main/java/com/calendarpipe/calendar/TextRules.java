package com.calendarpipe.calendar;

/**
 * What text may go into iCalendar from the API: a content line ends at a line break (RFC 5545
 * §3.1), and ical4j escapes a TEXT value's LF and CRLF ({@code \n}, §3.3.11) but writes a lone CR
 * as it is, so a name holding one became a new line, and a new property, in the feed. Control
 * characters are refused rather than escaped or dropped: the client learns at once, and what is
 * stored is what it sent.
 */
public final class TextRules {

    private TextRules() {
    }

    /**
     * Why {@code text} may not be written, or null. A single-line field (a name, a title) holds no
     * control character at all; a multi-line one (a description) may hold TAB, LF and CRLF line
     * breaks. Never: another C0 or C1 control, DEL, a lone CR, or the Unicode line and paragraph
     * separators (U+2028, U+2029), which some readers take for line breaks.
     */
    public static String problem(String text, boolean multiLine) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean lineBreak = c == '\n' || c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n';
            if (multiLine && (c == '\t' || lineBreak)) {
                continue;
            }
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return multiLine ? "must not contain control characters other than tabs and line breaks"
                        : "must not contain control characters such as line breaks";
            }
        }
        return null;
    }
}
