package dev.flock.web.backend;

import java.time.Clock;
import java.time.Instant;

/**
 * A post as pages show it: when it was written as how long ago ({@code createdAtText}, "5 min ago",
 * as of when the page is made) and exactly ({@code createdAtExact}, for the tooltip), how many like
 * it and whether the reader does, and the post it answers ({@code replyToId}, empty if none).
 * Everything a view reads is a component ({@code #{post.createdAtText}}, which Jakarta EL 6
 * resolves as a property), never a method call, which EL resolves slowly: it searches every public
 * method of the class on each evaluation.
 */
public record PostView(
    String id,
    String author,
    String text,
    Instant createdAt,
    String createdAtText,
    String createdAtExact,
    long likeCount,
    boolean likedByReader,
    String replyToId,
    String replyToAuthor) {

  /** {@code clock}: what "now" is for how long ago the post was written. */
  public static PostView of(String id, String author, String text, Instant createdAt, Clock clock) {
    return new PostView(
        id,
        author,
        text,
        createdAt,
        TimeText.relative(createdAt, clock.instant()),
        TimeText.exact(createdAt),
        0,
        false,
        "",
        "");
  }

  /** This post, liked by {@code count} people, the reader among them or not. */
  public PostView withLikes(long count, boolean byReader) {
    return new PostView(
        id,
        author,
        text,
        createdAt,
        createdAtText,
        createdAtExact,
        count,
        byReader,
        replyToId,
        replyToAuthor);
  }

  /** This post, answering the post {@code postId} by {@code author} (both empty: none). */
  public PostView withReplyTo(String postId, String author) {
    return new PostView(
        id,
        this.author,
        text,
        createdAt,
        createdAtText,
        createdAtExact,
        likeCount,
        likedByReader,
        postId,
        author);
  }
}
