/** CalDAV scheduling (RFC 6638): implicit scheduling of the store's writes, the inbox, and iTIP (RFC 5546) messages. */
package com.calendarpipe.scheduling;
