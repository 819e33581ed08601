/**
 * Flock's web tier: a stateless Jakarta Faces site. It keeps nothing between requests: the browser
 * holds the session token in a cookie, every request has it validated by the backend ({@code
 * auth}), and every piece of data comes over gRPC through one facade ({@code backend}). {@code
 * pages} holds the request-scoped backing beans, {@code http} the servlet filters that guard every
 * request (CSRF, security headers, error statuses).
 */
package dev.flock.web;
