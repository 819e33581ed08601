package dev.flock.backend.storage.memory;

import dev.flock.backend.storage.FollowStore;
import dev.flock.backend.storage.StorageCall;
import dev.flock.backend.storage.memory.MemoryState.Names;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * {@link FollowStore} in memory: each edge in a set per follower and a set per followee; the most
 * followed in the {@link MemoryRanking}.
 */
@ApplicationScoped
@Typed(MemoryFollowStore.class)
@StorageCall
public class MemoryFollowStore implements FollowStore {

  private MemoryState state;
  private MemoryRanking ranking;

  protected MemoryFollowStore() {} // for CDI proxies

  @Inject
  public MemoryFollowStore(MemoryState state, MemoryRanking ranking) {
    this.state = state;
    this.ranking = ranking;
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

  private void rank(String username) {
    ranking.rank(username, state.followers(username));
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
}
