/**
 * Who is signed in. The browser holds an opaque session token in an HttpOnly, SameSite cookie; on
 * each request that needs a user, {@link dev.flock.web.auth.CurrentUser} asks the backend whose
 * token it is through a MicroProfile REST Client ({@link dev.flock.web.auth.SessionApi}), spread
 * over the backends ({@link dev.flock.web.auth.BackendSessions}). Nothing is remembered between
 * requests, so any web instance can serve any request.
 */
package dev.flock.web.auth;
