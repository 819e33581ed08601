package dev.flock.web.backend;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** A post as pages show it. */
public record PostView(String id, String author, String text, Instant createdAt) {

  private static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  public String createdAtText() {
    return SHOWN.format(createdAt);
  }
}
