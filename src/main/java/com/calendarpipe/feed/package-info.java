/** The read-only ICS feed of a hosted calendar, reached by its secret feed token alone. */
package com.calendarpipe.feed;
