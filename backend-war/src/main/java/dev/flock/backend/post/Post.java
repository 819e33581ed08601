package dev.flock.backend.post;

import java.time.Instant;
import java.util.Optional;

/**
 * A published post, perhaps answering another ({@code replyTo}). Its {@code id} sorts in
 * publication order (see {@link PostIds}), so "newest first" is "greatest id first" and an id is a
 * stable paging cursor.
 */
public record Post(
    String id, String author, String text, Instant createdAt, Optional<ReplyTo> replyTo) {

  /** The post a reply answers: its id and author (for "replying to @author"). */
  public record ReplyTo(String postId, String author) {}

  /** A post that answers nothing. */
  public Post(String id, String author, String text, Instant createdAt) {
    this(id, author, text, createdAt, Optional.empty());
  }
}
