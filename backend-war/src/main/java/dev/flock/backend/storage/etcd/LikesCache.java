package dev.flock.backend.storage.etcd;

import dev.flock.backend.storage.LikeStore.Likes;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * The likes of the posts one backend instance has shown lately, kept up to date by one watch of
 * every like, so that showing a post again costs etcd no read of its likes.
 *
 * <p>Never staler than a linearizable read. Every transaction that changes likes also puts {@link
 * KeyLayout#likesVersion}, whose mod revision a page reads together with its posts (or on its own).
 * The cache answers for that version only once its watch has applied every event up to it, so a
 * like committed through any instance before the page was read is on the page. An entry is loaded
 * by a linearizable read at some revision, kept only if the watch has not yet passed that revision,
 * and then skips the watch's events up to it. When the watch ends (a compaction, a member without a
 * leader) or falls behind by more than {@link #CATCH_UP}, everything is dropped and the next load
 * starts another.
 */
final class LikesCache {

  /** Posts kept at most, the least recently shown dropped first. */
  static final int MAX_POSTS = 20_000;

  /**
   * Likers kept per post: for a post with more, only the count is kept, and whether a reader likes
   * it is read from etcd.
   */
  static final int MAX_LIKERS = 32;

  /** How long a page waits for the watch to reach its likes version before reading them instead. */
  private static final Duration CATCH_UP = Duration.ofMillis(200);

  private static final long NOT_WATCHING = -1;

  private static final Logger LOG = Logger.getLogger(LikesCache.class.getName());

  private final Watch watches;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition advanced = lock.newCondition();

  /** By post id, least recently shown first. Guarded by {@link #lock}. */
  private final LinkedHashMap<String, Known> posts =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
          return size() > MAX_POSTS;
        }
      };

  /** The revision up to which the watch has applied every like. Guarded by {@link #lock}. */
  private long appliedThrough = NOT_WATCHING;

  private Watch.Watcher watcher; // guarded by lock

  LikesCache(Watch watches) {
    this.watches = watches;
  }

  /** What a read found of one post's likes: its likers too when all of them were read. */
  record Loaded(long count, Optional<Set<String>> likers) {}

  /**
   * The likes of those of {@code postIds} this cache knows as of {@code likesVersion} or later
   * (with whether {@code reader} likes each), waiting a little for the watch to get there; the
   * others are not in the answer.
   */
  Map<String, Likes> known(List<String> postIds, Optional<String> reader, long likesVersion) {
    Map<String, Likes> known = new HashMap<>();
    lock.lock();
    try {
      long waitNanos = CATCH_UP.toNanos();
      while (appliedThrough < likesVersion) {
        if (appliedThrough == NOT_WATCHING) {
          return known;
        }
        if (waitNanos <= 0) {
          LOG.info(
              () -> "Likes cache: the watch is " + CATCH_UP + " behind; forgetting every post");
          forget(watcher); // a watch this far behind may be stuck: the next load starts another
          return known;
        }
        waitNanos = advanced.awaitNanos(waitNanos);
      }
      for (String id : postIds) {
        Known entry = posts.get(id);
        if (entry != null && (reader.isEmpty() || entry.likers != null)) {
          boolean byReader = reader.isPresent() && entry.likers.contains(reader.get());
          known.put(id, new Likes(entry.count, byReader));
        }
      }
      return known;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return known;
    } finally {
      lock.unlock();
    }
  }

  /** Keeps what a linearizable read at {@code revision} found; starts the watch if none runs. */
  void loaded(Map<String, Loaded> found, long revision) {
    lock.lock();
    try {
      if (watcher == null) {
        watchFrom(revision);
      }
      if (revision < appliedThrough) {
        return; // the watch has passed this read: events between them would be missed
      }
      found.forEach((id, likes) -> posts.put(id, new Known(revision, likes)));
    } finally {
      lock.unlock();
    }
  }

  /** Stops the watch and forgets everything. */
  void close() {
    lock.lock();
    try {
      forget(watcher);
    } finally {
      lock.unlock();
    }
  }

  private void watchFrom(long revision) {
    LOG.info(() -> "Likes cache: watching every like from revision " + (revision + 1));
    appliedThrough = revision;
    Watch.Watcher[] started = new Watch.Watcher[1];
    KeyLayout.Range everyLike = KeyLayout.everyLike();
    started[0] =
        EtcdCalls.outlivingTheCaller(
            () ->
                watches.watch(
                    everyLike.start(),
                    WatchOption.builder()
                        .withRange(everyLike.end())
                        .withRevision(revision + 1)
                        .withRequireLeader(true)
                        .build(),
                    Watch.listener(
                        response -> apply(started[0], response),
                        failure -> ended(started[0], "failed: " + failure),
                        () -> ended(started[0], "ended"))));
    watcher = started[0];
  }

  private void apply(Watch.Watcher from, WatchResponse response) {
    lock.lock();
    try {
      if (from != watcher) {
        return;
      }
      for (WatchEvent event : response.getEvents()) {
        KeyValue changed = event.getKeyValue();
        long revision = changed.getModRevision();
        KeyLayout.likeOf(changed.getKey())
            .ifPresent(
                like -> {
                  Known entry = posts.get(like.postId());
                  if (entry != null && revision > entry.asOf) {
                    entry.apply(event.getEventType(), changed.getVersion() == 1, like.liker());
                  }
                });
        appliedThrough = Math.max(appliedThrough, revision);
      }
      advanced.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void ended(Watch.Watcher which, String how) {
    lock.lock();
    try {
      if (which == watcher) {
        LOG.info(() -> "Likes cache: the watch " + how + "; forgetting every post");
        forget(which);
      }
    } finally {
      lock.unlock();
    }
  }

  private void forget(Watch.Watcher which) {
    posts.clear();
    appliedThrough = NOT_WATCHING;
    watcher = null;
    advanced.signalAll();
    if (which != null) {
      which.close();
    }
  }

  /** One post's likes as of {@link #asOf} plus the watch's events after it. */
  private static final class Known {

    final long asOf;
    long count;
    Set<String> likers; // null once more than MAX_LIKERS

    Known(long asOf, Loaded loaded) {
      this.asOf = asOf;
      this.count = loaded.count();
      this.likers = loaded.likers().map(HashSet::new).orElse(null);
    }

    void apply(WatchEvent.EventType type, boolean created, String liker) {
      if (type == WatchEvent.EventType.PUT && created) {
        count++;
        if (likers != null && (!likers.add(liker) || likers.size() > MAX_LIKERS)) {
          likers = null;
        }
      } else if (type == WatchEvent.EventType.DELETE) {
        count--;
        if (likers != null) {
          likers.remove(liker);
        }
      }
    }
  }
}
