package dev.flock.backend.storage.etcd;

import dev.flock.backend.post.Post;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The index of the stretches of time that hold posts, per list that grows with the site (everyone's
 * posts, a tag's, a user's mentions, a post's replies), so that a page of such a list costs about a
 * page of keys wherever it starts and however its posts are spread in time.
 *
 * <p>Why: etcd walks every key of a range in its in-memory index to count it, whatever the limit,
 * so a range that runs on to a list's end costs the whole list, and any window of time guessed in
 * advance may land in a burst of a million posts (BENCHMARKS.md, "Etcd XL").
 *
 * <p>Three levels of buckets, each a key: the days that hold posts, the minutes of such a day, the
 * seconds of such a minute. Putting a post in a list also puts, in the post's own transaction, the
 * key of its second, its minute and its day. etcd counts the puts of a key in its version, so a
 * bucket's version is how many posts it received: exact, as a post's transaction applies once
 * (guarded by the post's own key), and never lowered by a deletion, so an upper bound of what it
 * holds. Bucket keys are never deleted (but with the mentions of a deleted account).
 *
 * <p>A page walks the list in its order from its cursor: it lists the days ahead (keys only, with
 * their versions); a run of buckets whose counts fit in what the page still needs is read with one
 * range of posts; a bucket that holds more is entered, its minutes listed, and so on down to a
 * second, whose posts are read with the page's limit. So a page walks at most: the days with posts
 * from its cursor to the list's end (365 a year), 1,440 minutes, 60 seconds, and about a page of
 * posts plus one second's (a backend stores at most 1,000 posts a second: one per millisecond). It
 * takes 2 round trips for a list of sparse posts, 4 for one that receives many a second.
 *
 * <p>Time runs the list's way: a newest-first list is indexed by the complement of each time
 * ({@code ~t}), which maps aligned buckets onto aligned buckets, so that both directions share one
 * arithmetic and keys sort in the list's order.
 */
final class TimeIndex {

  /** A level of buckets, from the coarsest. */
  enum Level {
    DAY(86_400_000L, "d"),
    MINUTE(60_000L, "m"),
    SECOND(1_000L, "s");

    final long span;
    final String name;

    Level(long span, String name) {
      this.span = span;
      this.name = name;
    }

    long startOf(long time) {
      return Math.floorDiv(time, span) * span;
    }

    Level finer() {
      return this == SECOND ? null : values()[ordinal() + 1];
    }
  }

  /** A bucket that holds posts: its level, its start in the list's time, how many posts it got. */
  record Bucket(Level level, long start, long count) {
    long end() {
      return start + level.span;
    }
  }

  /** Added to a newest-first list's times (~t, negative) to write them as 13 digits. */
  private static final long NEWEST_FIRST_OFFSET = 10_000_000_000_000L;

  private final KV kv;
  private final EtcdCalls calls;
  private final RangeReads ranges;

  TimeIndex(KV kv, EtcdCalls calls) {
    this.kv = kv;
    this.calls = calls;
    this.ranges = new RangeReads(kv, calls);
  }

  /** The puts that index a post published at {@code epochMillis} in {@code list}. */
  static List<Op> puts(KeyLayout.PostList list, long epochMillis) {
    long time = timeOf(list, epochMillis);
    List<Op> puts = new ArrayList<>(3);
    long parent = 0;
    for (Level level = Level.DAY; level != null; level = level.finer()) {
      long start = level.startOf(time);
      puts.add(Op.put(key(list, level, parent, start), ByteSequence.EMPTY, PutOption.DEFAULT));
      parent = start;
    }
    return puts;
  }

  /**
   * Up to {@code limit} posts of {@code list}, in its order, from its start (see the class doc).
   */
  List<Post> page(String what, KeyLayout.PostList list, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    Reading reading = new Reading(what, list, limit);
    reading.within(null);
    return reading.found;
  }

  /** One page being read: what it found, where it stands. */
  private final class Reading {
    private final String what;
    private final int limit;
    private final List<Post> found;
    private KeyLayout.PostList rest;
    private long reached;

    Reading(String what, KeyLayout.PostList list, int limit) {
      this.what = what;
      this.limit = limit;
      this.found = new ArrayList<>(limit);
      this.rest = list;
      this.reached = list.fromItsStart() ? Long.MIN_VALUE : timeOf(list, list.fromMillis());
    }

    boolean full() {
      return found.size() >= limit;
    }

    /**
     * Reads on through {@code scope} (the whole list when null) until the page is full: runs of its
     * children that fit are read at once, a child that holds more is entered.
     */
    void within(Bucket scope) {
      if (scope != null && scope.level() == Level.SECOND) {
        readTo(scope.end());
        return;
      }
      Level level = scope == null ? Level.DAY : scope.level().finer();
      long parent = scope == null ? 0 : scope.start();
      long from = scope == null ? reached : Math.max(reached, scope.start());
      String dir = dir(rest, level, parent);
      KeyLayout.Range children =
          new KeyLayout.Range(
              from == Long.MIN_VALUE
                  ? KeyLayout.bytes(dir)
                  : KeyLayout.bytes(dir + number(rest, level.startOf(from))),
              KeyLayout.prefixEnd(dir));
      while (!children.isEmpty()) {
        int batch = limit - found.size() + 1;
        KeyLayout.Range unread = children;
        List<KeyValue> keys =
            calls
                .await(
                    what + " (time index)",
                    () -> kv.get(unread.start(), RangeReads.keysInOrder(unread, batch)))
                .getKvs();
        long runEnd = Long.MIN_VALUE;
        long runCount = 0;
        for (KeyValue key : keys) {
          Bucket child = new Bucket(level, startIn(rest, key), key.getVersion());
          if (child.count() <= limit - found.size() - runCount) {
            runEnd = child.end();
            runCount += child.count();
            continue;
          }
          if (runCount > 0) {
            readTo(runEnd);
            runCount = 0;
            if (full()) {
              return;
            }
          }
          within(child);
          if (full()) {
            return;
          }
        }
        if (runCount > 0) {
          readTo(runEnd);
          if (full()) {
            return;
          }
        }
        if (keys.size() < batch) {
          return;
        }
        children =
            new KeyLayout.Range(
                KeyLayout.justAfter(keys.get(keys.size() - 1).getKey()), children.end());
      }
    }

    /** Reads the posts from where the page stands to the list's time {@code end}. */
    void readTo(long end) {
      // in epoch milliseconds: newest first, the posts published at or after -end (~t < end)
      KeyLayout.Range range = rest.upTo(rest.newestFirst() ? -end : end);
      if (!range.isEmpty()) {
        found.addAll(ranges.posts(what, range, limit - found.size()));
        rest = rest.from(range.end());
      }
      reached = Math.max(reached, end);
    }
  }

  /** A time of {@code list}'s own: the complement of epoch milliseconds when newest first. */
  private static long timeOf(KeyLayout.PostList list, long epochMillis) {
    return list.newestFirst() ? ~epochMillis : epochMillis;
  }

  /** The key of the bucket of {@code level} starting at {@code start}, within {@code parent}. */
  private static ByteSequence key(KeyLayout.PostList list, Level level, long parent, long start) {
    return KeyLayout.bytes(dir(list, level, parent) + number(list, start));
  }

  /** Where the buckets of {@code level} within {@code parent} are (days have no parent). */
  private static String dir(KeyLayout.PostList list, Level level, long parent) {
    return list.indexDir()
        + level.name
        + "/"
        + (level == Level.DAY ? "" : number(list, parent) + "/");
  }

  /** A list's time as 13 digits (as in post ids) that sort in the list's order. */
  private static String number(KeyLayout.PostList list, long time) {
    return "%013d".formatted(list.newestFirst() ? NEWEST_FIRST_OFFSET + time : time);
  }

  /** The start, in the list's time, of the bucket under {@code key}. */
  private static long startIn(KeyLayout.PostList list, KeyValue key) {
    long number = Long.parseLong(KeyLayout.lastSegment(key.getKey()));
    return list.newestFirst() ? number - NEWEST_FIRST_OFFSET : number;
  }
}
