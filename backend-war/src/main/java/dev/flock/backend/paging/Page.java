package dev.flock.backend.paging;

import java.util.List;
import java.util.function.Function;

/** One page of a list; {@code nextCursor} is empty on the last page. */
public record Page<T>(List<T> items, String nextCursor) {

  /**
   * The page made of {@code fetched}, which holds up to {@code size + 1} items: the extra one only
   * tells that there is a next page.
   */
  public static <T> Page<T> of(List<T> fetched, PageRequest request, Function<T, String> keyOf) {
    if (fetched.size() <= request.size()) {
      return new Page<>(List.copyOf(fetched), "");
    }
    List<T> items = List.copyOf(fetched.subList(0, request.size()));
    return new Page<>(items, Cursor.encode(keyOf.apply(items.get(items.size() - 1))));
  }
}
