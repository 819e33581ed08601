/**
 * Backing beans of the pages, one per page, all {@code @RequestScoped}: they read what the request
 * asks for, load it through {@link dev.flock.web.backend.FlockBackend} in a view action, and answer
 * form posts with a redirect (post/redirect/get) that carries its notice in the URL.
 */
package dev.flock.web.pages;
