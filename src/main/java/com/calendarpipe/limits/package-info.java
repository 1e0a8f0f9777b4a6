/** What every request must be before any handler sees it: a plain path, a known method, a body within the limit. */
package com.calendarpipe.limits;
