package dev.flock.backend.storage.memory;

import dev.flock.backend.post.Post;
import dev.flock.backend.session.Session;
import dev.flock.backend.storage.PostWatch;
import dev.flock.core.PostText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArraySet;
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
  private final ConcurrentSkipListMap<String, Post> everyonesPosts = new ConcurrentSkipListMap<>();
  private final Map<String, ConcurrentSkipListMap<String, Post>> replies =
      new ConcurrentHashMap<>();
  private final Map<String, ConcurrentSkipListMap<String, Post>> mentions =
      new ConcurrentHashMap<>();
  private final Map<String, ConcurrentSkipListMap<String, Post>> tags = new ConcurrentHashMap<>();
  private final Set<PostWatch.Listener> postListeners = new CopyOnWriteArraySet<>();

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

  /** Adds a post to its author's timeline and to everyone's; a post added before stays as it is. */
  public void addPost(Post post) {
    if (timelines.computeIfAbsent(post.author(), name -> new Timeline()).add(post)) {
      everyonesPosts.put(post.id(), post);
      PostText.mentions(post.text()).forEach(name -> listed(mentions, name).put(post.id(), post));
      PostText.tags(post.text()).forEach(tag -> listed(tags, tag).put(post.id(), post));
      postListeners.forEach(listener -> listener.saved(post));
    }
  }

  /** Who {@link #addPost} tells of each post it adds ({@link MemoryPostWatch}). */
  Set<PostWatch.Listener> postListeners() {
    return postListeners;
  }

  /** The posts that mention {@code username}, newest first, with ids below {@code before}. */
  public List<Post> mentionsOf(String username, Optional<String> before, int limit) {
    return newestFirst(mentions.get(username), before, limit);
  }

  /** The posts tagged {@code tag}, newest first, with ids below {@code before}. */
  public List<Post> taggedWith(String tag, Optional<String> before, int limit) {
    return newestFirst(tags.get(tag), before, limit);
  }

  /** Forgets the posts that mention {@code username}: its account is gone. */
  public void forgetMentionsOf(String username) {
    mentions.remove(username);
  }

  private static ConcurrentSkipListMap<String, Post> listed(
      Map<String, ConcurrentSkipListMap<String, Post>> lists, String key) {
    return lists.computeIfAbsent(key, k -> new ConcurrentSkipListMap<>());
  }

  private static List<Post> newestFirst(
      NavigableMap<String, Post> posts, Optional<String> before, int limit) {
    if (posts == null) {
      return List.of();
    }
    NavigableMap<String, Post> older = before.map(id -> posts.headMap(id, false)).orElse(posts);
    return older.descendingMap().values().stream().limit(limit).toList();
  }

  /**
   * Removes up to {@code limit} of {@code author}'s posts, the newest first; how many it removed.
   */
  public int removeNewestPosts(String author, int limit) {
    List<Post> removed = timeline(author).removeNewest(limit);
    for (Post post : removed) {
      // under the post's entry among the replies, where a reply to it checks that it exists
      replies.compute(
          post.id(),
          (id, answers) -> {
            everyonesPosts.remove(post.id(), post);
            return answers;
          });
      PostText.mentions(post.text()).forEach(name -> listed(mentions, name).remove(post.id()));
      PostText.tags(post.text()).forEach(tag -> listed(tags, tag).remove(post.id()));
      post.replyTo()
          .ifPresent(
              to ->
                  replies.computeIfPresent(
                      to.postId(),
                      (id, answers) -> {
                        answers.remove(post.id());
                        return answers;
                      }));
    }
    return removed.size();
  }

  /**
   * Adds a reply as {@link #addPost}, unless the post it answers does not exist (then false), under
   * that post's entry among the replies, which a deletion of it takes too.
   */
  public boolean addReply(Post reply) {
    String parent = reply.replyTo().orElseThrow().postId();
    boolean[] added = {false};
    replies.compute(
        parent,
        (id, all) -> {
          if (!everyonesPosts.containsKey(parent)) {
            return all;
          }
          ConcurrentSkipListMap<String, Post> answers =
              all == null ? new ConcurrentSkipListMap<>() : all;
          addPost(reply);
          answers.putIfAbsent(reply.id(), reply);
          added[0] = true;
          return answers;
        });
    return added[0];
  }

  /** The replies to {@code postId}, oldest first, with ids strictly above {@code after}. */
  public List<Post> repliesTo(String postId, Optional<String> after, int limit) {
    NavigableMap<String, Post> all = replies.get(postId);
    if (all == null) {
      return List.of();
    }
    NavigableMap<String, Post> newer = after.map(id -> all.tailMap(id, false)).orElse(all);
    return newer.values().stream().limit(limit).toList();
  }

  /** The posts of {@code ids} that exist, in that order. */
  public List<Post> postsById(List<String> ids) {
    return ids.stream().map(everyonesPosts::get).filter(java.util.Objects::nonNull).toList();
  }

  /** Whether a post of this id exists. */
  public boolean hasPost(String postId) {
    return everyonesPosts.containsKey(postId);
  }

  /** Everyone's posts, newest first, with ids strictly below {@code before} if given. */
  public List<Post> everyonesPosts(Optional<String> before, int limit) {
    return newestFirst(everyonesPosts, before, limit);
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

    /** False when a post of that id was there already. */
    boolean add(Post post) {
      if (posts.putIfAbsent(post.id(), post) == null) {
        count.incrementAndGet();
        return true;
      }
      return false;
    }

    boolean contains(String postId) {
      return posts.containsKey(postId);
    }

    long count() {
      return count.get();
    }

    /** Removes up to {@code limit} posts, the newest first. */
    List<Post> removeNewest(int limit) {
      List<Post> removed = new ArrayList<>();
      while (removed.size() < limit) {
        var newest = posts.pollLastEntry();
        if (newest == null) {
          break;
        }
        count.decrementAndGet();
        removed.add(newest.getValue());
      }
      return removed;
    }

    List<Post> newestFirst(Optional<String> before, int limit) {
      NavigableMap<String, Post> older = before.map(id -> posts.headMap(id, false)).orElse(posts);
      return older.descendingMap().values().stream().limit(limit).toList();
    }
  }
}
