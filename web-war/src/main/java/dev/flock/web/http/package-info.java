/**
 * Servlet filters around every page: every answer carries security headers and relative redirects
 * ({@link dev.flock.web.http.SecurityHeadersFilter}), failures become the right status and a
 * friendly page ({@link dev.flock.web.http.FailureStatusFilter}), only well-formed same-site form
 * posts with the CSRF token reach Faces, whatever their method ({@link
 * dev.flock.web.http.PostbackFilter}), and bookmarkable URLs ({@code /users/bob}, {@code
 * /posts/{id}}, {@code /tags/flock}) reach their Faces views ({@link
 * dev.flock.web.http.BookmarkableUrlFilter}).
 */
package dev.flock.web.http;
