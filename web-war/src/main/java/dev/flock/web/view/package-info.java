/**
 * Markup the pages share that is written in Java rather than in Facelets: {@link
 * dev.flock.web.view.PostList} ({@code <flock:posts>}) renders posts, the most repeated markup of
 * the site, through {@link dev.flock.web.view.PostMarkup}. Everything goes through the Faces {@code
 * ResponseWriter}, which escapes every text and attribute like any other output of the pages.
 */
package dev.flock.web.view;
