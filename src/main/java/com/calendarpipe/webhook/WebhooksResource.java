package com.calendarpipe.webhook;

import com.calendarpipe.Settings;
import com.calendarpipe.account.Caller;
import com.calendarpipe.account.RequiresPro;
import com.calendarpipe.calendarapi.EventQuery;
import com.calendarpipe.rest.Data;
import com.calendarpipe.rest.ErrorBody;
import com.calendarpipe.rest.JsonInput;
import com.calendarpipe.rest.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/v1/hosted-calendars/{id}/webhook}: the calendar's webhook, its deliveries, a test
 * ping. The payloads and their signature are documented under the OpenAPI document's
 * {@code webhooks} ({@link WebhookDocs}).
 */
@ApplicationScoped
@Path("hosted-calendars/{id}/webhook")
@RequiresPro
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks")
public class WebhooksResource {

    private static final Set<String> FIELDS = Set.of("url", "secret", "types");
    private static final Set<String> SERVER_OWNED = Set.of("calendarId", "enabled", "disabledReason", "secretStart",
            "previousSecretValidUntil", "createdAt", "updatedAt");

    @Inject
    WebhookService webhooks;

    @Inject
    Settings settings;

    @Context
    HttpServletRequest request;

    @PUT
    @Operation(summary = "Set the calendar's webhook",
            description = "Makes or replaces the webhook. `url` must be https (plain http only where the operator allows "
                    + "it) and resolve to public addresses only. `secret` is `whsec_` and the base64 of 24 to 64 random "
                    + "bytes; without it the server makes one and returns it in this answer only. `types` keeps some "
                    + "event types (default: all). Setting a webhook again enables it after a 410 Gone.")
    @APIResponse(responseCode = "200", description = "The webhook; `secret` only when the server made it",
            content = @Content(schema = @Schema(properties = @SchemaProperty(name = "data", implementation = WebhookView.class))))
    @APIResponse(responseCode = "400", description = "A `url` that is not https, does not resolve, or resolves to a "
            + "non-public address; a malformed `secret`; an unknown type",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Data<WebhookView> put(@PathParam("id") String id,
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = Input.class),
                    examples = @ExampleObject(name = "all types", value = "{\"url\":\"https://bot.example.com/calendarpipe\"}"))) JsonObject body) {
        webhooks.requireCalendar(accountId(), id);   // another account's calendar is 404 before any 400 about the body
        JsonInput input = JsonInput.of(body, FIELDS, SERVER_OWNED);
        String url = input.string("url").orElse(null);
        if (url == null && !input.failed("url")) {
            input.fail("url", "is required");
        } else if (url != null) {
            try {
                Destinations.of(settings).resolve(url);
            } catch (Destinations.Refusal e) {
                input.fail("url", e.getMessage());
            }
        }
        String secret = input.string("secret").orElse(null);
        if (secret != null && SigningSecret.problem(secret) != null) {
            input.fail("secret", SigningSecret.problem(secret));
        }
        List<String> types = input.array("types").map(array -> types(input, array.getValuesAs(JsonValue.class))).orElse(null);
        input.check();
        WebhookService.Shown shown = webhooks.put(accountId(), id, url, secret, types);
        return Data.of(WebhookView.of(shown.webhook(), shown.secret()));
    }

    @GET
    @Operation(summary = "The calendar's webhook", description = "Never the secret: its first characters only.")
    @APIResponse(responseCode = "404", description = "No such calendar, or it has no webhook",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Data<WebhookView> get(@PathParam("id") String id) {
        return Data.of(WebhookView.of(webhooks.get(accountId(), id), null));
    }

    @DELETE
    @Operation(summary = "Delete the calendar's webhook", description = "Deliveries not yet sent are dropped.")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("id") String id) {
        webhooks.delete(accountId(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("rotate-secret")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Rotate the signing secret",
            description = "A new secret, shown in this answer only. For 24 hours every delivery carries two signatures, "
                    + "the new secret's and the old one's, so that receivers can switch without losing a delivery.")
    public Data<WebhookView> rotateSecret(@PathParam("id") String id) {
        WebhookService.Shown shown = webhooks.rotate(accountId(), id);
        return Data.of(WebhookView.of(shown.webhook(), shown.secret()));
    }

    @GET
    @Path("deliveries")
    @Operation(summary = "The webhook's deliveries", description = "Newest first: type, status, attempts, the last "
            + "attempt's HTTP status, duration and error, the next attempt.")
    public Page<DeliveryView> deliveries(@PathParam("id") String id,
            @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0")) String offset,
            @QueryParam("limit") @Parameter(description = "1 to 100, 50 unless given",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100")) String limit) {
        EventQuery paging = EventQuery.page(offset, limit);
        Page<WebhookDelivery> page = webhooks.deliveries(accountId(), id, paging.offset(), paging.limit());
        return Page.of(page.data().stream().map(DeliveryView::of).toList(), page.meta().offset(), page.meta().limit(),
                page.meta().total());
    }

    @POST
    @Path("deliveries/{deliveryId}/retry")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Send a delivery again", description = "At once, with the same `webhook-id`.")
    @APIResponse(responseCode = "202", description = "Queued",
            content = @Content(schema = @Schema(properties = @SchemaProperty(name = "data", implementation = DeliveryView.class))))
    @APIResponse(responseCode = "409", description = "The webhook is disabled",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response retry(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
        return Response.accepted(Data.of(DeliveryView.of(webhooks.retry(accountId(), id, deliveryId)))).build();
    }

    @POST
    @Path("test")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Send a test ping", description = "A `webhook.test` delivery, whatever the webhook's `types`.")
    @APIResponse(responseCode = "202", description = "Queued",
            content = @Content(schema = @Schema(properties = @SchemaProperty(name = "data", implementation = DeliveryView.class))))
    @APIResponse(responseCode = "409", description = "The webhook is disabled",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Response test(@PathParam("id") String id) {
        return Response.accepted(Data.of(DeliveryView.of(webhooks.test(accountId(), id)))).build();
    }

    /** The body of a PUT. */
    public record Input(
            @Schema(required = true, examples = "https://bot.example.com/calendarpipe") String url,
            @Schema(description = "`whsec_` and the base64 of 24 to 64 random bytes; made by the server when absent",
                    examples = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") String secret,
            @Schema(description = "The event types to deliver; all when absent") List<String> types) {
    }

    private static List<String> types(JsonInput input, List<JsonValue> values) {
        Set<String> types = new LinkedHashSet<>();
        for (JsonValue value : values) {
            if (!(value instanceof JsonString text) || !WebhookTypes.ALL.contains(text.getString())) {
                input.fail("types", "must list some of " + String.join(", ", WebhookTypes.ALL));
                return null;
            }
            types.add(text.getString());
        }
        if (types.isEmpty()) {
            input.fail("types", "must list at least one type (leave it out for all)");
        }
        return List.copyOf(types);
    }

    private String accountId() {
        return Caller.of(request).account().getId();
    }
}
