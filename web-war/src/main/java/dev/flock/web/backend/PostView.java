package dev.flock.web.backend;

import dev.flock.core.PostText;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * A post as pages show it: when it was written as how long ago ({@code createdAtText}, "5 min ago",
 * as of when the page is made) and exactly ({@code createdAtExact}, for the tooltip), how many like
 * it and whether the reader does (and so what its ♥ button does, {@code likeButton}), the post it
 * answers ({@code replyToId}, empty if none), and its text in parts, so that mentions and hashtags
 * become links ({@code plain} when it has none). Everything a view reads is a component ({@code
 * #{post.createdAtText}}, which Jakarta EL 6 resolves as a property), never a method call, which EL
 * resolves slowly: it searches every public method of the class on each evaluation.
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
    String likeButton,
    String replyToId,
    String replyToAuthor,
    List<Part> parts,
    boolean plain) {

  /**
   * A piece of the text as the page shows it: a mention links to {@code user}, a hashtag to {@code
   * tag}; plain text has neither. Components, not methods: EL reads a record's components only.
   */
  public record Part(String text, String user, String tag) {

    static Part of(PostText.Part part) {
      return new Part(
          part.text(), part.isMention() ? part.target() : "", part.isTag() ? part.target() : "");
    }
  }

  /** The names of like.xhtml's buttons: what pressing a post's ♥ does. */
  private static final String LIKE = "like:like";

  private static final String UNLIKE = "like:unlike";

  /** {@code clock}: what "now" is for how long ago the post was written. */
  public static PostView of(String id, String author, String text, Instant createdAt, Clock clock) {
    List<PostText.Part> found = PostText.parts(text);
    List<Part> parts = found.stream().map(Part::of).toList();
    return new PostView(
        id,
        author,
        text,
        createdAt,
        TimeText.relative(createdAt, clock.instant()),
        TimeText.exact(createdAt),
        0,
        false,
        LIKE,
        "",
        "",
        parts,
        found.size() == 1 && found.getFirst().isPlain());
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
        byReader ? UNLIKE : LIKE,
        replyToId,
        replyToAuthor,
        parts,
        plain);
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
        likeButton,
        postId,
        author,
        parts,
        plain);
  }
}
