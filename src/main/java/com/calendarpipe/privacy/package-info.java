/** An account's data as its owner takes it away (the export) or ends it (the deletion). */
package com.calendarpipe.privacy;
