package com.calendarpipe.account;

import java.util.Map;

/**
 * A security event of an account, fired (as a CDI event) inside the transaction of the change it
 * describes, so that it is recorded only if the change commits. The audit trail listens; nothing
 * here knows it.
 */
public record AccountEvent(String accountId, Kind kind, Map<String, String> details) {

    public enum Kind { SIGNED_UP, PASSWORD_CHANGED, PLAN_CHANGED, EMAIL_VERIFIED, ADMIN_CONFIRMED, FREE_BUSY_SHARING_CHANGED,
        MFA_ENABLED, MFA_DISABLED, RECOVERY_CODE_USED, EMAIL_CHANGED, ACCOUNT_EXPORTED }
}
