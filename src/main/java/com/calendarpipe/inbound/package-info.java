/** Inbound iMIP (RFC 6047): the SMTP listener for the calendars' addresses, the durable store of what it accepts, and the applying of it. */
package com.calendarpipe.inbound;
