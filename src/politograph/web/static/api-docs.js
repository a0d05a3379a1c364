// politograph: Swagger UI for /api/docs, drawn over the page's plain list of endpoints.
// A file of its own, not an inline script, because the pages' policy runs only the app's own scripts.
// It asks only this server: the schema at the container's data-schema, and "Try it out" against the same origin.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") return; // the plain list stays
  window.ui = window.SwaggerUIBundle({
    url: root.dataset.schema,
    domNode: root,
    deepLinking: true,
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
    displayRequestDuration: true,
    validatorUrl: null, // the default would send the schema to a validator on the internet
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
