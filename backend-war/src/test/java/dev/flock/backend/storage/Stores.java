package dev.flock.backend.storage;

import dev.flock.backend.storage.memory.MemoryAccountStore;
import dev.flock.backend.storage.memory.MemoryAttemptStore;
import dev.flock.backend.storage.memory.MemoryFeedReads;
import dev.flock.backend.storage.memory.MemoryFollowReads;
import dev.flock.backend.storage.memory.MemoryFollowStore;
import dev.flock.backend.storage.memory.MemoryLikeStore;
import dev.flock.backend.storage.memory.MemoryPostStore;
import dev.flock.backend.storage.memory.MemoryPostWatch;
import dev.flock.backend.storage.memory.MemoryRanking;
import dev.flock.backend.storage.memory.MemorySessionStore;
import dev.flock.backend.storage.memory.MemoryState;
import dev.flock.backend.storage.memory.MemoryStorageProbe;
import java.time.Clock;

/** One storage's adapter of each port, as CDI hands them out in production. */
public record Stores(
    AccountStore accounts,
    SessionStore sessions,
    FollowStore follows,
    FollowReads followReads,
    PostStore posts,
    LikeStore likes,
    FeedReads feed,
    AttemptStore attempts,
    StorageProbe probe,
    PostWatch postWatch) {

  /** A fresh in-memory storage reading the time from {@code clock}. */
  public static Stores inMemory(Clock clock) {
    MemoryState state = new MemoryState(clock);
    MemoryRanking ranking = new MemoryRanking();
    return new Stores(
        new MemoryAccountStore(),
        new MemorySessionStore(state),
        new MemoryFollowStore(state, ranking),
        new MemoryFollowReads(state, ranking),
        new MemoryPostStore(state),
        new MemoryLikeStore(state),
        new MemoryFeedReads(state),
        new MemoryAttemptStore(),
        new MemoryStorageProbe(),
        new MemoryPostWatch(state));
  }
}
