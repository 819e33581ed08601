package dev.flock.backend.storage.memory;

import dev.flock.backend.storage.FollowReads;
import dev.flock.backend.storage.StorageCall;
import dev.flock.backend.storage.memory.MemoryState.Names;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link FollowReads} in memory: the sets of the {@link MemoryState} and the ranking. */
@ApplicationScoped
@Typed(MemoryFollowReads.class)
@StorageCall
public class MemoryFollowReads implements FollowReads {

  private MemoryState state;
  private MemoryRanking ranking;

  protected MemoryFollowReads() {} // for CDI proxies

  @Inject
  public MemoryFollowReads(MemoryState state, MemoryRanking ranking) {
    this.state = state;
    this.ranking = ranking;
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
    usernames.forEach(
        name -> found.put(name, state.following(name).after(Optional.empty(), limit)));
    return found;
  }

  @Override
  public List<String> mostFollowed(int limit) {
    return ranking.mostFollowed(limit);
  }
}
