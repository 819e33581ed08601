package dev.flock.backend.storage.etcd;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.flock.backend.post.Post;
import dev.flock.backend.post.PostIds;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The range reads more than one etcd adapter makes: names under a directory, counts, posts newest
 * first. No read asks etcd to sort: etcd reads a whole range before sorting it, while a range in
 * key order with a limit reads only what it returns.
 */
final class RangeReads {

  /** The first window of a list not read lately: the last minute's posts. */
  private static final long FIRST_SPAN_MILLIS = 60_000;

  /** The shortest window learnt; shorter ones would cost more round trips than keys walked. */
  private static final long MIN_SPAN_MILLIS = 1_000;

  /** Each window after the first reaches this many times further back. */
  private static final int GROWTH = 16;

  private final KV kv;
  private final EtcdCalls calls;

  /**
   * Per list (first pages and later pages apart), twice the time its last full page spanned: the
   * first window of its next read, sized to hold about two pages.
   */
  private final Cache<String, Long> spans = CacheBuilder.newBuilder().maximumSize(10_000).build();

  RangeReads(KV kv, EtcdCalls calls) {
    this.kv = kv;
    this.calls = calls;
  }

  /** The last segments (names) of up to {@code limit} keys of {@code range}, in key order. */
  List<String> names(String what, KeyLayout.Range range, int limit) {
    if (limit <= 0 || range.isEmpty()) {
      return List.of(); // etcd reads a limit of 0 as "no limit"
    }
    return names(calls.await(what, () -> kv.get(range.start(), keysInOrder(range, limit))));
  }

  /**
   * The posts stored under up to {@code limit} keys of {@code range}, in key order (newest first
   * for post keys, whose ids are complemented; oldest first for replies).
   */
  List<Post> posts(String what, KeyLayout.Range range, int limit) {
    if (limit <= 0 || range.isEmpty()) {
      return List.of();
    }
    return posts(calls.await(what, () -> kv.get(range.start(), inKeyOrder(range, limit))));
  }

  /**
   * Up to {@code limit} posts of {@code list}, in its order, read in windows of publication time
   * that tile it: the first reaching as far as this list's last full page did (twice that), each
   * next one {@value #GROWTH} times further, the last to the list's end. A page of a busy list
   * costs one range of about two pages of keys; a quiet list, a few ranges.
   */
  List<Post> postsInWindows(String what, KeyLayout.PostList list, boolean firstPage, int limit) {
    if (limit <= 0) {
      return List.of(); // etcd reads a limit of 0 as "no limit"
    }
    String learnt = list.dir() + (firstPage ? " first" : " later");
    long span = Optional.ofNullable(spans.getIfPresent(learnt)).orElse(FIRST_SPAN_MILLIS);
    long now = System.currentTimeMillis();
    List<Post> found = new ArrayList<>(limit);
    KeyLayout.PostList rest = list;
    while (true) {
      long upTo = list.newestFirst() ? list.fromMillis() - span : list.fromMillis() + span;
      boolean last = list.newestFirst() ? upTo <= 0 : upTo > now;
      KeyLayout.Range window = last ? rest.all() : rest.upTo(upTo);
      if (!window.isEmpty()) {
        found.addAll(posts(what, window, limit - found.size()));
        rest = rest.from(window.end());
      }
      if (found.size() == limit || last) {
        break;
      }
      span *= GROWTH;
    }
    if (found.size() == limit) {
      long spanned = Math.abs(PostIds.epochMilliOf(found.get(limit - 1).id()) - list.fromMillis());
      spans.put(learnt, Math.max(MIN_SPAN_MILLIS, 2 * spanned));
    }
    return found;
  }

  /** How many keys {@code range} holds: etcd counts them in its index and sends no values. */
  long count(String what, KeyLayout.Range range) {
    return calls.await(what, () -> kv.get(range.start(), countAll(range))).getCount();
  }

  static GetOption keysInOrder(KeyLayout.Range range, int limit) {
    return GetOption.builder().withRange(range.end()).withKeysOnly(true).withLimit(limit).build();
  }

  /** Post keys sort newest first (see KeyLayout.newestFirst), so the range needs no sort. */
  static GetOption newestFirst(KeyLayout.Range range, int limit) {
    return inKeyOrder(range, limit);
  }

  /** Up to {@code limit} keys of {@code range} with their values, in key order. */
  static GetOption inKeyOrder(KeyLayout.Range range, int limit) {
    return GetOption.builder().withRange(range.end()).withLimit(limit).build();
  }

  static GetOption countOnly() {
    return GetOption.builder().withCountOnly(true).build();
  }

  static GetOption countAll(KeyLayout.Range range) {
    return GetOption.builder().withRange(range.end()).withCountOnly(true).build();
  }

  static List<String> names(GetResponse found) {
    return found.getKvs().stream().map(kv -> KeyLayout.lastSegment(kv.getKey())).toList();
  }

  static List<Post> posts(GetResponse found) {
    return found.getKvs().stream().map(kv -> ValueFormat.post(kv.getValue())).toList();
  }

  /** The mod revision of the one key {@code found} read; 0 when it is not there. */
  static long modRevision(GetResponse found) {
    return found.getKvs().isEmpty() ? 0 : found.getKvs().get(0).getModRevision();
  }
}
