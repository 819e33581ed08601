package dev.flock.backend.paging;

import dev.flock.core.Limits;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which page to read: after the key in the cursor (none for the first page), at most {@code size}
 * items. Sizes out of bounds are clamped rather than refused: a client asking for too much simply
 * gets the maximum.
 */
public record PageRequest(Optional<String> after, int size) {

  public static final int DEFAULT_SIZE = Limits.PAGE_SIZE;
  public static final int MAX_SIZE = 100;

  /**
   * Reads a request as it arrives from a client: an opaque cursor and a wished size (0 = default).
   */
  public static PageRequest of(String cursor, int wishedSize) {
    int size = wishedSize <= 0 ? DEFAULT_SIZE : Math.min(wishedSize, MAX_SIZE);
    return new PageRequest(Cursor.decode(cursor), size);
  }

  public static PageRequest first(int size) {
    return new PageRequest(Optional.empty(), size);
  }

  /**
   * This request, or the answer to a broken page link when its cursor does not hold a key of the
   * kind being paged (cursors come back from clients, who may alter them).
   */
  public PageRequest requireKey(Predicate<String> isKey) {
    if (after.isPresent() && !isKey.test(after.get())) {
      throw Cursor.invalid();
    }
    return this;
  }

  /** How many items to fetch: one more than shown, to know whether a next page exists. */
  public int fetchSize() {
    return size + 1;
  }
}
