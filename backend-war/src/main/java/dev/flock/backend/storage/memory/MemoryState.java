package dev.flock.backend.storage.memory;

import dev.flock.backend.post.Post;
import dev.flock.backend.session.Session;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sessions, follows and posts that the memory adapters share: one holder, because some steps
 * span aggregates (a post and a feed read check the session in the same step) and the feed reads
 * them all. Its methods are the steps more than one adapter takes; the rest stays in each adapter.
 */
@ApplicationScoped
public class MemoryState {

  private Clock clock;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<String, Names> following = new ConcurrentHashMap<>();
  private final Map<String, Names> followers = new ConcurrentHashMap<>();
  private final Map<String, Timeline> timelines = new ConcurrentHashMap<>();

  protected MemoryState() {} // for CDI proxies

  @Inject
  public MemoryState(Clock clock) {
    this.clock = clock;
  }

  public Clock clock() {
    return clock;
  }

  public Map<String, Session> sessions() {
    return sessions;
  }

  /** The session, unless it does not exist or has expired (then it is removed). */
  public Optional<Session> liveSession(String tokenHash) {
    Session session = sessions.get(tokenHash);
    if (session != null && session.isExpiredAt(clock.instant())) {
      sessions.remove(tokenHash, session);
      return Optional.empty();
    }
    return Optional.ofNullable(session);
  }

  /**
   * Runs {@code step} if {@code session} is live, while holding its entry: a sign-out (remove)
   * either happens before, and {@code step} does not run, or waits until it has. True if it ran.
   */
  public boolean whileSignedIn(Session session, Runnable step) {
    boolean[] ran = {false};
    sessions.computeIfPresent(
        session.tokenHash(),
        (hash, current) -> {
          if (current.equals(session) && !current.isExpiredAt(clock.instant())) {
            step.run();
            ran[0] = true;
          }
          return current;
        });
    return ran[0];
  }

  /** Whom {@code follower} follows, to change: made on first use. */
  public Names followingToChange(String follower) {
    return following.computeIfAbsent(follower, name -> new Names());
  }

  /** Who follows {@code followee}, to change: made on first use. */
  public Names followersToChange(String followee) {
    return followers.computeIfAbsent(followee, name -> new Names());
  }

  /** {@code author}'s posts, to add to: made on first use. */
  public Timeline timelineToChange(String author) {
    return timelines.computeIfAbsent(author, name -> new Timeline());
  }

  /** Whom {@code follower} follows, to read: reading never makes an entry. */
  public Names following(String follower) {
    return following.getOrDefault(follower, Names.NONE);
  }

  /** Who follows {@code followee}, to read. */
  public Names followers(String followee) {
    return followers.getOrDefault(followee, Names.NONE);
  }

  /** {@code author}'s posts, to read. */
  public Timeline timeline(String author) {
    return timelines.getOrDefault(author, Timeline.NONE);
  }

  /** A sorted set of names with its size kept alongside: a concurrent set's size() walks it. */
  public static final class Names {
    /** Read in place of an absent set; never written. */
    private static final Names NONE = new Names();

    private final ConcurrentSkipListSet<String> names = new ConcurrentSkipListSet<>();
    private final AtomicLong count = new AtomicLong();

    boolean add(String name) {
      boolean added = names.add(name);
      if (added) {
        count.incrementAndGet();
      }
      return added;
    }

    boolean remove(String name) {
      boolean removed = names.remove(name);
      if (removed) {
        count.decrementAndGet();
      }
      return removed;
    }

    boolean contains(String name) {
      return names.contains(name);
    }

    long count() {
      return count.get();
    }

    List<String> after(Optional<String> after, int limit) {
      NavigableSet<String> from = after.map(name -> names.tailSet(name, false)).orElse(names);
      return from.stream().limit(limit).toList();
    }
  }

  /** One author's posts by id, with their count kept alongside. */
  public static final class Timeline {
    /** Read in place of an absent timeline; never written. */
    private static final Timeline NONE = new Timeline();

    private final ConcurrentSkipListMap<String, Post> posts = new ConcurrentSkipListMap<>();
    private final AtomicLong count = new AtomicLong();

    void add(Post post) {
      if (posts.putIfAbsent(post.id(), post) == null) {
        count.incrementAndGet();
      }
    }

    boolean contains(String postId) {
      return posts.containsKey(postId);
    }

    long count() {
      return count.get();
    }

    /** Removes up to {@code limit} posts, the newest first; how many it removed. */
    int removeNewest(int limit) {
      int removed = 0;
      while (removed < limit) {
        var newest = posts.pollLastEntry();
        if (newest == null) {
          break;
        }
        count.decrementAndGet();
        removed++;
      }
      return removed;
    }

    List<Post> newestFirst(Optional<String> before, int limit) {
      NavigableMap<String, Post> older = before.map(id -> posts.headMap(id, false)).orElse(posts);
      return older.descendingMap().values().stream().limit(limit).toList();
    }
  }
}
