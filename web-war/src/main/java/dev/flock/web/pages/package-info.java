/**
 * Backing beans of the pages, one per page, {@code @RequestScoped}: they read what the request asks
 * for, load it through {@link dev.flock.web.backend.FlockBackend} (in a view action, or on first
 * use while rendering for the home page, the busiest one), and answer form posts with a redirect
 * (post/redirect/get) that carries its notice in the URL. {@link dev.flock.web.pages.Notices} holds
 * nothing of a request and is application-scoped.
 */
package dev.flock.web.pages;
