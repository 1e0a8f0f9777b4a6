package com.calendarpipe.account;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An account as the API shows it: never the password hash. */
@JsonbPropertyOrder({"id", "email", "displayName", "plan", "createdAt", "emailVerified", "admin", "adminPending",
        "shareFreeBusy", "mfaEnabled", "pendingEmail"})
public record AccountView(
        String id, String email, String displayName, Plan plan, Instant createdAt,
        @Schema(description = "Whether the email has been proved (a link sent to it, or the operator's setup token): "
                + "until then it receives no invitation from a local organizer as this account, and "
                + "CALENDARPIPE_ADMINS grants it nothing")
        boolean emailVerified,
        @Schema(description = "Whether the account is one of the server's admins: listed in CALENDARPIPE_ADMINS and proved")
        boolean admin,
        @Schema(description = "Listed in CALENDARPIPE_ADMINS but not proved yet: a link mailed to it, or the setup "
                + "token from the server log (`POST /account/admin-setup`), makes it an admin")
        boolean adminPending,
        @Schema(description = "Whether other accounts of this server may see its busy times")
        boolean shareFreeBusy,
        @Schema(description = "Whether sign-in asks for a two-factor code after the password")
        boolean mfaEnabled,
        @Schema(description = "An address the email is being changed to, until its link is opened; else absent")
        String pendingEmail) {

    /** {@code listedAdmin}: whether CALENDARPIPE_ADMINS lists the account's email, proved or not. */
    public static AccountView from(Account account, boolean listedAdmin) {
        boolean admin = listedAdmin && account.isEmailVerified();
        return new AccountView(account.getId(), account.getEmail(), account.getDisplayName(), account.getPlan(),
                account.getCreatedAt(), account.isEmailVerified(), admin, listedAdmin && !admin, account.isFreeBusyShared(),
                account.hasMfa(), account.getPendingEmail());
    }
}
