package dev.flock.backend.storage.etcd;

import dev.flock.backend.post.Post;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import java.util.List;

/**
 * The range reads more than one etcd adapter makes: names under a directory, counts, posts newest
 * first. No read asks etcd to sort: etcd reads a whole range before sorting it, while a range in
 * key order with a limit reads only what it returns.
 */
final class RangeReads {

  private final KV kv;
  private final EtcdCalls calls;

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
