package com.calendarpipe.account;

import com.calendarpipe.rest.Data;
import com.calendarpipe.rest.ErrorBody;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/v1/account/mfa}: turning two-factor sign-in on (a seed shown once, then confirmed with
 * a code it made, which answers the recovery codes, shown once) and off (with a code). All of it in
 * sudo mode ({@link Sudo}), never with an API key. Answers holding a secret are never cached.
 */
@ApplicationScoped
@Path("account/mfa")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Accounts")
public class MfaResource {

    private static final String WITH_KEY = "Two-factor sign-in is set up in the web console, not with an API key";

    /** The seed, shown once. */
    public record EnrolmentView(
            @Schema(description = "The seed in base32, to type into an authenticator app") String secret,
            @Schema(description = "The same as an otpauth:// URI, as a QR code carries it") String otpauthUri) {
    }

    /** The recovery codes, shown once. */
    public record RecoveryCodesView(List<String> recoveryCodes) {
    }

    @Inject
    TwoFactor twoFactor;

    @Context
    HttpServletRequest request;

    @POST
    @Path("enrolment")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Begin turning two-factor sign-in on", description = "Sudo mode. A new TOTP seed (RFC 6238: "
            + "SHA-1, 30 s, 6 digits), shown this once; nothing changes until a code made from it is sent to "
            + "`POST /account/mfa`. A new enrolment replaces one not confirmed.")
    @APIResponse(responseCode = "200", description = "The seed",
            content = @Content(schema = @Schema(properties = @SchemaProperty(name = "data", implementation = EnrolmentView.class))))
    @APIResponse(responseCode = "403", description = "Made with an API key, or not in sudo mode (a detail `sudo`)",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "Two-factor sign-in is on already",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response begin() {
        Sudo.require(request, WITH_KEY);
        TwoFactor.Enrolment enrolment = twoFactor.begin(Caller.of(request).account().getId());
        return Response.ok(Data.of(new EnrolmentView(enrolment.secret(), enrolment.otpauthUri())))
                .header("Cache-Control", "no-store").build();
    }

    @POST
    @Operation(summary = "Turn two-factor sign-in on", description = "Sudo mode. `code`: six digits the authenticator "
            + "app made from the seed of the enrolment. Answers ten single-use recovery codes, shown this once; from "
            + "now on a sign-in asks for a code after the password.")
    @APIResponse(responseCode = "200", description = "On; the recovery codes",
            content = @Content(schema = @Schema(properties = @SchemaProperty(name = "data", implementation = RecoveryCodesView.class))))
    @APIResponse(responseCode = "400", description = "The code is missing or wrong (a detail `code`)",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Made with an API key, or not in sudo mode (a detail `sudo`)",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "409", description = "No enrolment under way, or two-factor sign-in is on already",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response confirm(@RequestBody(required = true,
            content = @Content(schema = @Schema(implementation = CodeRequest.class))) JsonObject body) {
        Sudo.require(request, WITH_KEY);
        List<String> codes = twoFactor.confirm(Caller.of(request).account().getId(), CodeRequest.of(body));
        return Response.ok(Data.of(new RecoveryCodesView(codes))).header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("disable")
    @Operation(summary = "Turn two-factor sign-in off", description = "Sudo mode, and `code`: a code of the app or a "
            + "recovery code. The seed and the recovery codes are forgotten.")
    @APIResponse(responseCode = "204", description = "Off")
    @APIResponse(responseCode = "400", description = "The code is missing or wrong (a detail `code`)",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "403", description = "Made with an API key, or not in sudo mode (a detail `sudo`)",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response disable(@RequestBody(required = true,
            content = @Content(schema = @Schema(implementation = CodeRequest.class))) JsonObject body) {
        Sudo.require(request, WITH_KEY);
        twoFactor.disable(Caller.of(request).account().getId(), CodeRequest.of(body));
        return Response.noContent().build();
    }
}
