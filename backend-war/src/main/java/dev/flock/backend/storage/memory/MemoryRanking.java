package dev.flock.backend.storage.memory;

import dev.flock.backend.storage.FollowStore;
import dev.flock.backend.storage.memory.MemoryState.Names;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The ranking of the most followed in memory: users sorted by {@link FollowStore#band} of their
 * follower count, each user's entry changed under the lock of their followers. {@link
 * MemoryFollowStore} moves users in it; {@link MemoryFollowReads} reads it.
 */
@ApplicationScoped
public class MemoryRanking {

  /** A user's place in the ranking. */
  private record Ranked(int band, String username) {}

  private static final Comparator<Ranked> HIGHEST_BAND_FIRST =
      Comparator.comparingInt(Ranked::band).reversed().thenComparing(Ranked::username);

  private final NavigableSet<Ranked> ranking = new ConcurrentSkipListSet<>(HIGHEST_BAND_FIRST);
  private final Map<String, Ranked> ranked = new ConcurrentHashMap<>();

  /** Puts {@code username} in the band of {@code followers}' count now (out, with none). */
  void rank(String username, Names followers) {
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

  /** The first {@code limit} of the ranking: the highest band first, then by name. */
  List<String> mostFollowed(int limit) {
    return ranking.stream().limit(limit).map(Ranked::username).toList();
  }
}
