package dev.flock.web.backend;

import java.util.List;

/** One page of a list; {@code nextCursor} is empty on the last page. */
public record PageView<T>(List<T> items, String nextCursor) {}
