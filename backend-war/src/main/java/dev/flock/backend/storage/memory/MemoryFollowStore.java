package dev.flock.backend.storage.memory;

import dev.flock.backend.storage.FollowStore;
import dev.flock.backend.storage.StorageCall;
import dev.flock.backend.storage.memory.MemoryState.Names;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * {@link FollowStore} in memory: each edge in a set per follower and a set per followee; the most
 * followed in a set sorted by band, each user's entry changed under the lock of their followers.
 */
@ApplicationScoped
@Typed(MemoryFollowStore.class)
@StorageCall
public class MemoryFollowStore implements FollowStore {

  /** A user's place in {@link #mostFollowed}. */
  private record Ranked(int band, String username) {}

  private static final Comparator<Ranked> HIGHEST_BAND_FIRST =
      Comparator.comparingInt(Ranked::band).reversed().thenComparing(Ranked::username);

  private MemoryState state;
  private final NavigableSet<Ranked> ranking = new ConcurrentSkipListSet<>(HIGHEST_BAND_FIRST);
  private final Map<String, Ranked> ranked = new ConcurrentHashMap<>();

  protected MemoryFollowStore() {} // for CDI proxies

  @Inject
  public MemoryFollowStore(MemoryState state) {
    this.state = state;
  }

  @Override
  public boolean follow(String follower, String followee, int maxFollowing) {
    // Both directions under one lock per follower, so a concurrent unfollow cannot interleave and
    // concurrent follows cannot pass the cap together.
    Names outgoing = state.followingToChange(follower);
    synchronized (outgoing) {
      if (outgoing.contains(followee)) {
        return true;
      }
      if (outgoing.count() >= maxFollowing) {
        return false;
      }
      outgoing.add(followee);
      state.followersToChange(followee).add(follower);
    }
    rank(followee);
    return true;
  }

  @Override
  public void unfollow(String follower, String followee) {
    Names outgoing = state.following(follower);
    boolean removed;
    synchronized (outgoing) {
      removed = outgoing.remove(followee) && state.followers(followee).remove(follower);
    }
    if (removed) {
      rank(followee);
    }
  }

  /** Puts {@code username} in the band of their follower count now (out, with none). */
  private void rank(String username) {
    Names followers = state.followers(username);
    synchronized (followers) { // one change of a user's entry at a time, with the latest count
      int band = FollowStore.band(followers.count());
      Ranked before = ranked.get(username);
      if (before != null && before.band() == band) {
        return;
      }
      if (before != null) {
        ranking.remove(before); // first: a reader may miss the user for a moment, never see two
      }
      if (band >= 0) {
        Ranked now = new Ranked(band, username);
        ranking.add(now);
        ranked.put(username, now);
      } else {
        ranked.remove(username);
      }
    }
  }

  @Override
  public boolean isFollowing(String follower, String followee) {
    return state.following(follower).contains(followee);
  }

  @Override
  public List<String> following(String username, Optional<String> after, int limit) {
    return state.following(username).after(after, limit);
  }

  @Override
  public List<String> followers(String username, Optional<String> after, int limit) {
    return state.followers(username).after(after, limit);
  }

  @Override
  public long followingCount(String username) {
    return state.following(username).count();
  }

  @Override
  public long followerCount(String username) {
    return state.followers(username).count();
  }

  @Override
  public Map<String, Followers> followersOf(List<String> usernames, Optional<String> reader) {
    Map<String, Followers> found = new LinkedHashMap<>();
    for (String name : usernames) {
      Names followers = state.followers(name);
      found.put(
          name, new Followers(followers.count(), reader.map(followers::contains).orElse(false)));
    }
    return found;
  }

  @Override
  public Map<String, List<String>> followingOfEach(List<String> usernames, int limit) {
    Map<String, List<String>> found = new LinkedHashMap<>();
    usernames.forEach(name -> found.put(name, following(name, Optional.empty(), limit)));
    return found;
  }

  @Override
  public List<String> mostFollowed(int limit) {
    return ranking.stream().limit(limit).map(Ranked::username).toList();
  }
}
