package com.calendarpipe.audit;

import java.util.Locale;
import java.util.Optional;

/** The kinds of security event the trail records, by the names the API lists them under. */
public enum AuditType {
    SIGNED_UP, SIGNED_IN, SIGN_IN_FAILED, SIGNED_OUT, PASSWORD_CHANGED,
    KEY_CREATED, KEY_REVOKED, KEY_FIRST_USED, KEY_NEW_ADDRESS, KEY_LEAK_REPORTED,
    PLAN_CHANGED, AUTH_THROTTLED, FEED_TOKEN_REGENERATED, EMAIL_VERIFIED, ADMIN_CONFIRMED, FREE_BUSY_SHARING_CHANGED,
    MFA_ENABLED, MFA_DISABLED, RECOVERY_CODE_USED, SUDO_CONFIRMED, EMAIL_CHANGED, ACCOUNT_EXPORTED, ACCOUNT_DELETED,
    WEBHOOK_DISABLED, SSO_SIGNED_IN;

    /** {@code signed_up}, …: the name in the API and the table. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<AuditType> of(String code) {
        for (AuditType type : values()) {
            if (type.code().equals(code)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
