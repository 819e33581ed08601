package dev.flock.backend.storage.memory;

import dev.flock.backend.account.Account;
import dev.flock.backend.post.Post;
import dev.flock.backend.session.Session;
import dev.flock.backend.storage.Storage;
import dev.flock.backend.storage.StorageStatus;
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

/** Thread-safe in-memory {@link Storage}. */
public final class MemoryStorage implements Storage {

  /** Expired sessions are swept every this many new sessions, so abandoned ones cannot pile up. */
  private static final int SWEEP_EVERY = 1024;

  private final Clock clock;
  private final ConcurrentSkipListMap<String, Account> accounts = new ConcurrentSkipListMap<>();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final AtomicLong sessionsSaved = new AtomicLong();
  private final Map<String, Names> following = new ConcurrentHashMap<>();
  private final Map<String, Names> followers = new ConcurrentHashMap<>();
  private final Map<String, Timeline> timelines = new ConcurrentHashMap<>();

  public MemoryStorage(Clock clock) {
    this.clock = clock;
  }

  @Override
  public boolean createAccount(Account account) {
    return accounts.putIfAbsent(account.username(), account) == null;
  }

  @Override
  public Optional<Account> findAccount(String username) {
    return Optional.ofNullable(accounts.get(username));
  }

  @Override
  public List<String> usernames(String prefix, Optional<String> after, int limit) {
    NavigableMap<String, Account> from =
        after
            .filter(name -> name.compareTo(prefix) >= 0)
            .map(name -> accounts.tailMap(name, false))
            .orElseGet(() -> accounts.tailMap(prefix, true));
    return from.keySet().stream().takeWhile(name -> name.startsWith(prefix)).limit(limit).toList();
  }

  @Override
  public void saveSession(Session session) {
    sessions.put(session.tokenHash(), session);
    if (sessionsSaved.incrementAndGet() % SWEEP_EVERY == 0) {
      sessions.values().removeIf(each -> each.isExpiredAt(clock.instant()));
    }
  }

  @Override
  public Optional<Session> findSession(String tokenHash) {
    Session session = sessions.get(tokenHash);
    if (session != null && session.isExpiredAt(clock.instant())) {
      sessions.remove(tokenHash, session);
      return Optional.empty();
    }
    return Optional.ofNullable(session);
  }

  @Override
  public void deleteSession(String tokenHash) {
    sessions.remove(tokenHash);
  }

  @Override
  public boolean follow(String follower, String followee, int maxFollowing) {
    // Both directions under one lock per follower, so a concurrent unfollow cannot interleave and
    // concurrent follows cannot pass the cap together.
    Names outgoing = following.computeIfAbsent(follower, name -> new Names());
    synchronized (outgoing) {
      if (outgoing.contains(followee)) {
        return true;
      }
      if (outgoing.count() >= maxFollowing) {
        return false;
      }
      outgoing.add(followee);
      followers.computeIfAbsent(followee, name -> new Names()).add(follower);
      return true;
    }
  }

  @Override
  public void unfollow(String follower, String followee) {
    Names outgoing = following.get(follower);
    if (outgoing == null) {
      return;
    }
    synchronized (outgoing) {
      if (outgoing.remove(followee)) {
        followers.get(followee).remove(follower);
      }
    }
  }

  @Override
  public boolean isFollowing(String follower, String followee) {
    Names outgoing = following.get(follower);
    return outgoing != null && outgoing.contains(followee);
  }

  @Override
  public List<String> following(String username, Optional<String> after, int limit) {
    return slice(following.get(username), after, limit);
  }

  @Override
  public Optional<List<String>> followingWhileSignedIn(
      Session reader, Optional<String> after, int limit) {
    return findSession(reader.tokenHash())
        .filter(reader::equals)
        .map(session -> following(reader.username(), after, limit));
  }

  @Override
  public List<String> followers(String username, Optional<String> after, int limit) {
    return slice(followers.get(username), after, limit);
  }

  @Override
  public long followingCount(String username) {
    Names names = following.get(username);
    return names == null ? 0 : names.count();
  }

  @Override
  public long followerCount(String username) {
    Names names = followers.get(username);
    return names == null ? 0 : names.count();
  }

  @Override
  public boolean savePost(Post post, Session author) {
    // computeIfPresent holds the session's entry while the post is added: a sign-out (remove)
    // either happens before, and nothing is stored, or waits until the post is.
    boolean[] saved = {false};
    sessions.computeIfPresent(
        author.tokenHash(),
        (hash, current) -> {
          if (current.equals(author) && !current.isExpiredAt(clock.instant())) {
            timelines.computeIfAbsent(post.author(), name -> new Timeline()).add(post);
            saved[0] = true;
          }
          return current;
        });
    return saved[0] || hasPost(post); // or a retry of a post already saved
  }

  private boolean hasPost(Post post) {
    Timeline timeline = timelines.get(post.author());
    return timeline != null && timeline.posts.containsKey(post.id());
  }

  @Override
  public List<Post> postsBy(String author, Optional<String> before, int limit) {
    Timeline timeline = timelines.get(author);
    return timeline == null ? List.of() : timeline.newestFirst(before, limit);
  }

  @Override
  public long postCount(String author) {
    Timeline timeline = timelines.get(author);
    return timeline == null ? 0 : timeline.count();
  }

  @Override
  public StorageStatus describe() {
    return StorageStatus.inMemory();
  }

  private static List<String> slice(Names names, Optional<String> after, int limit) {
    return names == null ? List.of() : names.after(after, limit);
  }

  /** A sorted set of names with its size kept alongside. */
  private static final class Names {
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
  private static final class Timeline {
    private final ConcurrentSkipListMap<String, Post> posts = new ConcurrentSkipListMap<>();
    private final AtomicLong count = new AtomicLong();

    void add(Post post) {
      if (posts.putIfAbsent(post.id(), post) == null) {
        count.incrementAndGet();
      }
    }

    long count() {
      return count.get();
    }

    List<Post> newestFirst(Optional<String> before, int limit) {
      NavigableMap<String, Post> older = before.map(id -> posts.headMap(id, false)).orElse(posts);
      return older.descendingMap().values().stream().limit(limit).toList();
    }
  }
}
