// Starts the viewer on the server's own contract. Kept out of index.html: the CSP allows no
// inline script.
window.SwaggerUIBundle({
  url: '/api/v1/openapi.json',
  dom_id: '#api-docs',
  deepLinking: true,
  validatorUrl: 'none',
  tryItOutEnabled: false,
});
