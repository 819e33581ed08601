package dev.flock.backend.post;

import java.time.Instant;

/**
 * A published post. Its {@code id} sorts in publication order (see {@link PostIds}), so "newest
 * first" is "greatest id first" and an id is a stable paging cursor.
 */
public record Post(String id, String author, String text, Instant createdAt) {}
