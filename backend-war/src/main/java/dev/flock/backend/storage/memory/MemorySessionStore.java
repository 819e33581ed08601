package dev.flock.backend.storage.memory;

import dev.flock.backend.session.Session;
import dev.flock.backend.storage.SessionStore;
import dev.flock.backend.storage.StorageCall;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** {@link SessionStore} in memory; expired sessions go when read, or in a sweep now and then. */
@ApplicationScoped
@Typed(MemorySessionStore.class)
@StorageCall
public class MemorySessionStore implements SessionStore {

  /** Expired sessions are swept every this many new sessions, so abandoned ones cannot pile up. */
  private static final int SWEEP_EVERY = 1024;

  private final AtomicLong sessionsSaved = new AtomicLong();
  private MemoryState state;

  protected MemorySessionStore() {} // for CDI proxies

  @Inject
  public MemorySessionStore(MemoryState state) {
    this.state = state;
  }

  @Override
  public void saveSession(Session session) {
    state.sessions().put(session.tokenHash(), session);
    if (sessionsSaved.incrementAndGet() % SWEEP_EVERY == 0) {
      state.sessions().values().removeIf(each -> each.isExpiredAt(state.clock().instant()));
    }
  }

  @Override
  public Optional<Session> findSession(String tokenHash) {
    return state.liveSession(tokenHash);
  }

  @Override
  public void deleteSession(String tokenHash) {
    state.sessions().remove(tokenHash);
  }

  /** A walk over every session: a user's list is asked for rarely (their sessions page). */
  @Override
  public List<Session> sessionsOf(String username, int limit) {
    Instant now = state.clock().instant();
    return state.sessions().values().stream()
        .filter(session -> session.username().equals(username) && !session.isExpiredAt(now))
        .limit(limit)
        .toList();
  }
}
