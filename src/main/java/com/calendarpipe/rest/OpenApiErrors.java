package com.calendarpipe.rest;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Completes the OpenAPI document with the error answers that follow from what an operation is,
 * so that none is forgotten on a new endpoint: every operation can fail with a 500; one that needs
 * a key with 401 and 402 (and 403 for a console-session state change without its CSRF token); one
 * with a body or query with 400 (and 415 for a body); one with a path parameter with 404. Each is
 * a shared response in {@code components/responses} whose body is the {@link ErrorBody} envelope.
 * An operation's own {@code @APIResponse} for the same status, naming its particular causes, wins.
 * <p>
 * Build time only: the smallrye-open-api plugin runs it (see the pom) when it writes the document.
 */
public class OpenApiErrors implements OASFilter {

    private enum Error {
        BAD_REQUEST(400, "BadRequest", "Invalid input: `details` names each invalid field or query parameter"),
        UNAUTHORIZED(401, "Unauthorized", "Missing, invalid or revoked API key (or no console session)"),
        PAYMENT_REQUIRED(402, "PaymentRequired", "The account is on the Free plan: Pro plan required"),
        FORBIDDEN(403, "Forbidden", "Not allowed to this caller; with the console session, also a state change "
                + "without its `X-CSRF-Token` header"),
        NOT_FOUND(404, "NotFound", "No such resource in the caller's account"),
        UNSUPPORTED_MEDIA_TYPE(415, "UnsupportedMediaType", "The body was not sent as `application/json`"),
        INTERNAL_SERVER_ERROR(500, "InternalServerError", "An unexpected failure, logged on the server; "
                + "the answer tells nothing more");

        final String status;
        final String name;
        final String description;

        Error(int status, String name, String description) {
            this.status = String.valueOf(status);
            this.name = name;
            this.description = description;
        }
    }

    private static final Set<PathItem.HttpMethod> SAFE = EnumSet.of(PathItem.HttpMethod.GET,
            PathItem.HttpMethod.HEAD, PathItem.HttpMethod.OPTIONS);

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        for (Error error : Error.values()) {
            openAPI.getComponents().addResponse(error.name, response(error));
        }
        openAPI.getPaths().getPathItems().values().forEach(item ->
                item.getOperations().forEach((method, operation) -> addErrors(method, operation)));
    }

    private static void addErrors(PathItem.HttpMethod method, Operation operation) {
        Set<Error> errors = EnumSet.of(Error.INTERNAL_SERVER_ERROR);
        if (!isOpen(operation)) {
            errors.add(Error.UNAUTHORIZED);
            errors.add(Error.PAYMENT_REQUIRED);
            if (!SAFE.contains(method)) {
                errors.add(Error.FORBIDDEN);
            }
        }
        if (operation.getRequestBody() != null) {
            errors.add(Error.BAD_REQUEST);
            errors.add(Error.UNSUPPORTED_MEDIA_TYPE);
        }
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        if (parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.QUERY)) {
            errors.add(Error.BAD_REQUEST);
        }
        if (parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.PATH)) {
            errors.add(Error.NOT_FOUND);
        }
        APIResponses responses = operation.getResponses();
        Map<String, APIResponse> byStatus = new TreeMap<>(responses.getAPIResponses());
        for (Error error : errors) {
            byStatus.putIfAbsent(error.status, OASFactory.createAPIResponse().ref(error.name));
        }
        responses.setAPIResponses(byStatus);   // in order of status, as the reference lists them
    }

    /** Open: the operation replaces the document's Bearer requirement with none ({@code security: []}). */
    private static boolean isOpen(Operation operation) {
        return operation.getSecurity() != null && operation.getSecurity().isEmpty();
    }

    private static APIResponse response(Error error) {
        APIResponse response = OASFactory.createAPIResponse()
                .description(error.description)
                .content(OASFactory.createContent().addMediaType("application/json",
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref("ErrorBody"))));
        if (error == Error.UNAUTHORIZED) {
            response.addHeader("WWW-Authenticate", OASFactory.createHeader()
                    .description("`Bearer realm=\"CalendarPipe\"`, with `error=\"invalid_token\"` when a key was sent")
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
        }
        return response;
    }
}
