/** Backups of the embedded database while it serves, and what a start after a restore must do: a new generation, and the revocations replayed. */
package com.calendarpipe.backup;
