/**
 * Servlet filters around every page: failures become the right status and a friendly page ({@link
 * dev.flock.web.http.FailureStatusFilter}), every form post must carry the CSRF token ({@link
 * dev.flock.web.http.CsrfFilter}), every answer carries security headers, and bookmarkable user
 * URLs ({@code /users/bob}) reach their Faces views ({@link dev.flock.web.http.UserUrlFilter}).
 */
package dev.flock.web.http;
