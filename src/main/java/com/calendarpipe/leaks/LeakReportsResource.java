package com.calendarpipe.leaks;

import com.calendarpipe.Refused;
import com.calendarpipe.Settings;
import com.calendarpipe.apikey.ApiKeyService;
import com.calendarpipe.apikey.KeyFormat;
import com.calendarpipe.auth.ClientAddress;
import com.calendarpipe.auth.Throttle;
import com.calendarpipe.rest.ErrorBody;
import com.calendarpipe.rest.JsonLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /secret-scanning/reports}: a secret scanner (GitHub's secret-scanning partner
 * program, or any that speaks its protocol) reports tokens it found in public; every live key
 * among them is revoked at once, through the same path as a manual revoke.
 * <p>
 * Open to all in the sense that it needs no key or session (auth/Route): the request proves
 * itself by its signature, checked here before the body is parsed ({@link ReportKeys}). A sender
 * whose signatures fail is throttled like a key guesser, by the same counters (auth/Throttle):
 * each refused signature counts as a failed authentication of its address, and an address over
 * the limit is answered 429 before any signature is checked. The body is read here, as bytes,
 * because the signature is over the exact bytes sent; limits/RequestLimitFilter has capped it.
 * <p>
 * The answer labels each token as GitHub expects: {@code true_positive} when it is a key of ours,
 * live or already revoked (it is a real token: the scanner should tell the repository's owner),
 * else {@code false_positive}. It never says whose key it was, nor whether this report revoked it.
 * Tokens are never logged.
 */
@ApplicationScoped
@Path("secret-scanning/reports")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Secret scanning")
public class LeakReportsResource {

    private static final Logger LOG = Logger.getLogger(LeakReportsResource.class.getName());

    static final String KEY_ID_HEADER = "Github-Public-Key-Identifier";
    static final String SIGNATURE_HEADER = "Github-Public-Key-Signature";
    /** Most tokens in one report; GitHub sends far fewer at a time. */
    static final int MAX_TOKENS = 1000;
    /** Where a key was found, as passed on to the audit trail: cut to this many characters. */
    static final int MAX_URL = 2048;

    @Inject
    Settings settings;

    @Inject
    Throttle throttle;

    @Inject
    ApiKeyService keys;

    @Context
    HttpServletRequest request;

    /** One token as reported, in the order sent. */
    record Candidate(String token, JsonValue type, String url) {
    }

    @POST
    @SecurityRequirements
    @Operation(summary = "Report leaked keys (secret scanning)",
            description = "For secret scanners such as GitHub's secret-scanning partner program. Needs no key: "
                    + "the body must be signed (SHA256withECDSA over the raw body bytes, DER, base64) by one of "
                    + "the public keys configured in `CALENDARPIPE_LEAK_REPORT_KEYS`, named by "
                    + "`Github-Public-Key-Identifier`. Every live key among the tokens is revoked at once, as a "
                    + "manual revoke is. The answer lists each token in order with its label: `true_positive` for "
                    + "a key of this server (live or already revoked), `false_positive` for anything else; it never "
                    + "says whose key it was. At most 1000 tokens per report.")
    @Parameter(name = KEY_ID_HEADER, in = ParameterIn.HEADER, required = true, schema = @Schema(type = SchemaType.STRING),
            description = "The identifier of the public key that signed the body")
    @Parameter(name = SIGNATURE_HEADER, in = ParameterIn.HEADER, required = true, schema = @Schema(type = SchemaType.STRING),
            description = "Base64 of the DER ECDSA (P-256, SHA-256) signature of the raw body bytes")
    @RequestBody(required = true, content = @Content(schema = @Schema(type = SchemaType.ARRAY,
            implementation = ReportedToken.class)))
    @APIResponse(responseCode = "200", description = "Each token as sent, in order, with its label",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = TokenLabel.class)))
    @APIResponse(responseCode = "401", description = "Unsigned, signed by an unknown key identifier, or badly signed; "
            + "and every report while no key is configured. Nothing is revoked.",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "413", description = "More than 1000 tokens, or a body over the request limit",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "429", description = "Too many refused signatures from this address; "
            + "try again after `Retry-After` seconds", headers = @Header(name = "Retry-After",
            schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response report() throws IOException {
        String address = ClientAddress.of(request);
        long wait = throttle.waitOf(address);
        if (wait > 0) {
            throw Refused.throttled(Throttle.TOO_MANY_FAILURES, wait);
        }
        byte[] body = request.getInputStream().readAllBytes();
        ReportKeys signers = ReportKeys.of(settings.leakReportKeys());
        if (signers.isEmpty()) {
            throw unauthorized("This server accepts no leak reports: no signing key is configured");
        }
        if (!signers.verifies(request.getHeader(KEY_ID_HEADER), request.getHeader(SIGNATURE_HEADER), body)) {
            throttle.failedFrom(address);
            throw unauthorized("Missing, unknown or invalid signature");
        }
        List<Candidate> candidates = parse(body);
        Map<String, String> urls = new LinkedHashMap<>();
        for (Candidate candidate : candidates) {
            if (KeyFormat.isWellFormed(candidate.token())) {
                urls.putIfAbsent(KeyFormat.hash(candidate.token()), candidate.url());
            }
        }
        Set<String> ours = keys.revokeLeaked(urls);
        JsonArrayBuilder answer = Json.createArrayBuilder();
        for (Candidate candidate : candidates) {
            boolean positive = KeyFormat.isWellFormed(candidate.token())
                    && ours.contains(KeyFormat.hash(candidate.token()));
            answer.add(Json.createObjectBuilder()
                    .add("token_raw", candidate.token())
                    .add("token_type", candidate.type())
                    .add("label", positive ? "true_positive" : "false_positive"));
        }
        LOG.info(() -> "leak report from " + address + ": " + candidates.size() + " token(s), " + ours.size()
                + " of them keys of ours");
        return Response.ok(answer.build().toString(), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * The report's tokens, in order: a JSON array of objects, each with a string {@code token};
     * {@code type}, {@code url} and {@code source} are taken as they come (the type is echoed back,
     * the URL passed on to the audit trail). Anything else is a 400; more than {@link #MAX_TOKENS}
     * tokens a 413.
     */
    static List<Candidate> parse(byte[] body) {
        JsonValue json;
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            JsonLimits.check(body);   // UTF-8, depth and sizes, as every JSON body of the API
            json = reader.readValue();
        } catch (jakarta.json.JsonException | IllegalStateException e) {
            throw Refused.invalid("The report is not JSON", null);
        }
        if (!(json instanceof JsonArray array)) {
            throw Refused.invalid("A report is a JSON array of {token, type, url, source} objects", null);
        }
        if (array.size() > MAX_TOKENS) {
            throw new Refused(Refused.Kind.TOO_LARGE, "A report holds at most " + MAX_TOKENS + " tokens");
        }
        List<Candidate> candidates = new ArrayList<>(array.size());
        List<Refused.Detail> details = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonValue item = array.get(i);
            if (!(item instanceof JsonObject object) || !(object.get("token") instanceof JsonString token)) {
                details.add(new Refused.Detail("[" + i + "].token", "must be a string"));
                continue;
            }
            JsonValue type = object.getOrDefault("type", JsonValue.NULL);
            String url = object.get("url") instanceof JsonString u ? cut(u.getString()) : null;
            candidates.add(new Candidate(token.getString(), type, url));
        }
        if (!details.isEmpty()) {
            throw Refused.invalid("Each entry of a report needs a string token", details);
        }
        return candidates;
    }

    private static String cut(String url) {
        if (url.length() <= MAX_URL) {
            return url;
        }
        int end = Character.isLowSurrogate(url.charAt(MAX_URL)) ? MAX_URL - 1 : MAX_URL;
        return url.substring(0, end);
    }

    private static Refused unauthorized(String message) {
        return Refused.unauthenticated(message, "Signature realm=\"CalendarPipe\"");
    }

    /** One entry of a report, as GitHub sends it (for the OpenAPI document). */
    @Schema(name = "ReportedToken", requiredProperties = "token")
    public record ReportedToken(
            @Schema(description = "The text found, a candidate key") String token,
            @Schema(description = "The scanner's name for the pattern that matched, echoed back") String type,
            @Schema(description = "Where it was found") String url,
            @Schema(description = "What kind of place that is, e.g. `content`, `commit`") String source) {
    }

    /** One entry of the answer, in GitHub's shape. */
    @Schema(name = "TokenLabel", requiredProperties = {"token_raw", "token_type", "label"})
    public record TokenLabel(
            @Schema(name = "token_raw", description = "The token as sent") String tokenRaw,
            @Schema(name = "token_type", description = "The type as sent") String tokenType,
            @Schema(enumeration = {"true_positive", "false_positive"},
                    description = "`true_positive`: a key of this server, live (now revoked) or already revoked; "
                            + "`false_positive`: anything else") String label) {
    }
}
