// The reference of this server's own API: Swagger UI on the OpenAPI document the build generated.
// A key pasted under "Authorize" lives in this page only: not stored, gone on reload.
window.addEventListener('load', () => {
    window.ui = SwaggerUIBundle({
        url: '/api/v1/openapi.json',
        dom_id: '#swagger-ui',
        deepLinking: true,
        persistAuthorization: false
    });
});
