package dev.flock.backend.storage.memory;

import dev.flock.backend.storage.FollowStore;
import dev.flock.backend.storage.StorageCall;
import dev.flock.backend.storage.memory.MemoryState.Names;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/** {@link FollowStore} in memory: each edge in a set per follower and a set per followee. */
@ApplicationScoped
@Typed(MemoryFollowStore.class)
@StorageCall
public class MemoryFollowStore implements FollowStore {

  private MemoryState state;

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
      return true;
    }
  }

  @Override
  public void unfollow(String follower, String followee) {
    Names outgoing = state.following(follower);
    synchronized (outgoing) {
      if (outgoing.remove(followee)) {
        state.followers(followee).remove(follower);
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
}
