/** iMIP (RFC 6047): iTIP messages for attendees outside this server, queued in a durable outbox and sent as e-mail over SMTP. */
package com.calendarpipe.imip;
