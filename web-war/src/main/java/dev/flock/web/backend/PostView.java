package dev.flock.web.backend;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A post as pages show it. Everything a view reads is a component ({@code #{post.createdAtText}},
 * which Jakarta EL 6 resolves as a property), never a method call, which EL resolves slowly: it
 * searches every public method of the class on each evaluation.
 */
public record PostView(
    String id, String author, String text, Instant createdAt, String createdAtText) {

  private static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  public static PostView of(String id, String author, String text, Instant createdAt) {
    return new PostView(id, author, text, createdAt, SHOWN.format(createdAt));
  }
}
