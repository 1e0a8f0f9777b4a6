/** What every feature's persistence shares: the schema migrations, portable converters, the outboxes' claim. */
package com.calendarpipe.persistence;
