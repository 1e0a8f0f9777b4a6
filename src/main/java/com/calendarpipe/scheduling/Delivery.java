package com.calendarpipe.scheduling;

/**
 * Sends iTIP messages to calendar users outside this server. {@link #send} is called inside the
 * transaction that writes the event: it queues the message in that transaction, to go out only
 * once that transaction commits, and answers the SCHEDULE-STATUS (RFC 6638 §3.2.9) to store now
 * on the recipient's property: "1.0" (pending: queued for sending) or "5.1" (could not be
 * delivered: no SMTP server is configured).
 */
public interface Delivery {

    String send(ExternalMessage message);
}
