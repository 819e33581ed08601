/** Posts: publishing (1 to 280 characters) and each author's posts, newest first. */
package dev.flock.backend.post;
