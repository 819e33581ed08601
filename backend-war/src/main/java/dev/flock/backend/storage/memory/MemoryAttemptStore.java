package dev.flock.backend.storage.memory;

import dev.flock.backend.storage.AttemptStore;
import dev.flock.backend.storage.AttemptStore.Attempt;
import dev.flock.backend.storage.StorageCall;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link AttemptStore} in memory: each subject's attempts, oldest first, changed only under the
 * map's lock of that subject. Subjects whose attempts are all old are swept now and then, so an
 * attacker's many addresses cannot pile up.
 */
@ApplicationScoped
@Typed(MemoryAttemptStore.class)
@StorageCall
public class MemoryAttemptStore implements AttemptStore {

  private static final int SWEEP_EVERY = 4096;

  /** Attempts are kept this long at most: no limit has a longer window. */
  private static final Duration LONGEST_WINDOW = Duration.ofDays(1);

  private final Map<String, Deque<Attempt>> attempts = new ConcurrentHashMap<>();
  private final AtomicLong recorded = new AtomicLong();

  @Override
  public Optional<Instant> record(String subject, Attempt attempt, int max, Duration window) {
    Instant now = attempt.at();
    Instant[] blocked = {null};
    attempts.compute(
        subject,
        (key, made) -> {
          Deque<Attempt> recent = made == null ? new ArrayDeque<>() : made;
          forgetBefore(recent, now.minus(window));
          if (recent.contains(attempt)) {
            return recent; // a retry of an attempt already recorded
          }
          if (recent.size() < max) {
            recent.addLast(attempt);
          } else {
            blocked[0] = recent.peekFirst().at().plus(window);
          }
          return recent.isEmpty() ? null : recent;
        });
    if (recorded.incrementAndGet() % SWEEP_EVERY == 0) {
      sweep(now);
    }
    return Optional.ofNullable(blocked[0]);
  }

  @Override
  public void forget(String subject, Attempt attempt) {
    attempts.computeIfPresent(
        subject,
        (key, recent) -> {
          recent.remove(attempt);
          return recent.isEmpty() ? null : recent;
        });
  }

  @Override
  public boolean anyAfter(String subject, Instant since) {
    boolean[] any = {false};
    attempts.computeIfPresent(
        subject,
        (key, recent) -> {
          any[0] = !recent.isEmpty() && recent.peekLast().at().isAfter(since);
          return recent;
        });
    return any[0];
  }

  @Override
  public void forgetAll(String subject) {
    attempts.remove(subject);
  }

  private static void forgetBefore(Deque<Attempt> recent, Instant start) {
    while (!recent.isEmpty() && !recent.peekFirst().at().isAfter(start)) {
      recent.removeFirst();
    }
  }

  private void sweep(Instant now) {
    attempts
        .keySet()
        .forEach(
            subject ->
                attempts.computeIfPresent(
                    subject,
                    (key, recent) -> {
                      forgetBefore(recent, now.minus(LONGEST_WINDOW));
                      return recent.isEmpty() ? null : recent;
                    }));
  }
}
