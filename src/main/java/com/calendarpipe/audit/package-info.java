/** The audit trail: every security event of an account, recorded where it happens, listed to the account, purged after the retention period. */
package com.calendarpipe.audit;
