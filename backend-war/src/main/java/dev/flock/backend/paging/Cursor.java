package dev.flock.backend.paging;

import dev.flock.core.FlockException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Opaque cursors: clients must not build or read them, so the key inside can change freely. */
final class Cursor {

  /** Far longer than any cursor this backend makes (a key of a few dozen characters). */
  static final int MAX_LENGTH = 512;

  private Cursor() {}

  static String encode(String key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  static Optional<String> decode(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return Optional.empty();
    }
    if (cursor.length() > MAX_LENGTH) {
      throw invalid();
    }
    try {
      return Optional.of(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
  }

  static FlockException invalid() {
    return FlockException.invalid(
        "This page link is not valid. Please start again from the first page.");
  }
}
