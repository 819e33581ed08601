package dev.flock.backend.storage.memory;

import dev.flock.backend.session.Session;
import dev.flock.backend.storage.LikeStore;
import dev.flock.backend.storage.StorageCall;
import dev.flock.backend.storage.memory.MemoryState.Names;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * {@link LikeStore} in memory: who likes each post (with its count) and what each user likes. A
 * like is added to both under the post's lock (its entry in {@code likers}), so the two agree.
 */
@ApplicationScoped
@Typed(MemoryLikeStore.class)
@StorageCall
public class MemoryLikeStore implements LikeStore {

  private MemoryState state;
  private final Map<String, Names> likers = new ConcurrentHashMap<>();
  private final Map<String, NavigableSet<String>> liked = new ConcurrentHashMap<>();

  protected MemoryLikeStore() {} // for CDI proxies

  @Inject
  public MemoryLikeStore(MemoryState state) {
    this.state = state;
  }

  @Override
  public Outcome like(Session liker, String postId) {
    Outcome[] outcome = {Outcome.SIGNED_OUT};
    state.whileSignedIn(
        liker,
        () -> {
          if (!state.hasPost(postId)) {
            outcome[0] = Outcome.NO_SUCH_POST;
            return;
          }
          likers.compute(
              postId,
              (id, names) -> {
                Names all = names == null ? new Names() : names;
                all.add(liker.username());
                likedBy(liker.username()).add(postId);
                return all;
              });
          outcome[0] = Outcome.LIKED;
        });
    return outcome[0];
  }

  @Override
  public void unlike(String liker, String postId) {
    likers.computeIfPresent(
        postId,
        (id, names) -> {
          names.remove(liker);
          likedBy(liker).remove(postId);
          return names;
        });
  }

  @Override
  public Map<String, Likes> likesOf(
      List<String> postIds, Optional<String> reader, OptionalLong likesVersion) {
    Map<String, Likes> likes = new LinkedHashMap<>();
    for (String id : postIds) {
      Names names = likers.get(id);
      likes.put(
          id,
          names == null
              ? Likes.NONE
              : new Likes(names.count(), reader.map(names::contains).orElse(false)));
    }
    return likes;
  }

  @Override
  public List<String> likedBy(String username, Optional<String> before, int limit) {
    NavigableSet<String> all = liked.getOrDefault(username, new ConcurrentSkipListSet<>());
    NavigableSet<String> older = before.map(id -> all.headSet(id, false)).orElse(all);
    return older.descendingSet().stream().limit(limit).toList();
  }

  @Override
  public int deleteLikesOf(String username, int limit) {
    List<String> batch = likedBy(username, Optional.empty(), limit);
    batch.forEach(postId -> unlike(username, postId));
    return batch.size();
  }

  private NavigableSet<String> likedBy(String username) {
    return liked.computeIfAbsent(username, name -> new ConcurrentSkipListSet<>());
  }
}
