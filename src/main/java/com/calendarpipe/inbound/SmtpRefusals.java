package com.calendarpipe.inbound;

import com.calendarpipe.Refused;
import com.calendarpipe.scheduling.Received;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.RejectException;

/**
 * Every refusal of the SMTP listener, in SMTP's words: a reply code (RFC 5321 §4.2) and an
 * enhanced status code (RFC 3463), with a fixed text of ours, never a parser's or a database's
 * message. Refusals the library makes itself (a command line past 998 octets, too many
 * recipients, too many connections, a stalled command) keep its own words.
 */
final class SmtpRefusals {

    /** The text of the 250 that acknowledges a message: it is stored (and usually applied). */
    static final String ACCEPTED = "2.0.0 Accepted";

    private SmtpRefusals() {
    }

    /** A recipient that is no calendar here, of this domain or any other: never relayed (RFC 5321 §3.6.2). */
    static RejectException unknownRecipient() {
        return new RejectException(550, "5.1.1 No such calendar here");
    }

    /** Past the size announced with SIZE (RFC 1870 §6.3). */
    static RejectException tooLarge() {
        return new RejectException(552, "5.3.4 Message size exceeds fixed limit");
    }

    /** A line of the message longer than RFC 5322 §2.1.1 lets a line be. */
    static RejectException lineTooLong() {
        return new RejectException(554, "5.6.0 A line of the message is longer than 998 characters");
    }

    /** No calendar in it: nothing here reads mail that carries no iTIP message (RFC 6047 §2.4). */
    static RejectException noCalendar() {
        return new RejectException(554, "5.6.0 No text/calendar part with an iTIP message");
    }

    /** The calendar part is not an object this server could store (the store's own refusal, RFC 5545). */
    static RejectException invalidCalendar(Refused refused) {
        return refused.kind() == Refused.Kind.TOO_LARGE
                ? new RejectException(552, "5.3.4 The calendar object is too large")
                : new RejectException(554, "5.6.0 The text/calendar part is not valid iCalendar data");
    }

    /** Not acted on, for who sent it or what it names (RFC 6047 §3: nobody speaks for another). */
    static RejectException refused(Received.Refusal refusal) {
        return switch (refusal) {
            case NOT_ITIP -> new RejectException(554, "5.6.0 Not an iTIP message this calendar can act on");
            case NOT_SENDER -> new RejectException(550, "5.7.1 The organizer or attendee is neither the sender nor the From address");
            case NOT_INVITED -> new RejectException(550, "5.7.1 The calendar is not an attendee of this event");
            case NOT_ATTENDEE -> new RejectException(550, "5.7.1 The replying attendee is not an attendee of this calendar's event");
            case OTHER_ORGANIZER -> new RejectException(550, "5.7.1 The calendar holds this event from another organizer");
            case OWN_ADDRESS -> new RejectException(550, "5.7.1 The organizer is this account's own address");
        };
    }

    /** Could not be stored now: the sender's server tries again later (RFC 5321 §4.2.1), and nothing is lost. */
    static RejectException unavailable() {
        return new RejectException(451, "4.3.0 Temporary failure, try again later");
    }

    /** A message that stalled, or took longer in all than a message may: the connection is dropped. */
    static DropConnectionException dataTimeout() {
        return new DropConnectionException(421, "4.4.2 Timeout waiting for the message; closing connection");
    }
}
