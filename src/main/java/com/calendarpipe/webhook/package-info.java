/** Webhooks: one per hosted calendar, told of its changes and invitations by signed deliveries from a durable outbox, to public addresses only. */
package com.calendarpipe.webhook;
