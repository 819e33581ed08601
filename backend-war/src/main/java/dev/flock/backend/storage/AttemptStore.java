package dev.flock.backend.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Recent attempts at something limited (sign-ins, sign-ups, posts, follows), per subject (e.g. an
 * account or a client address, with the limit's name): what rate limits count. A sliding window: an
 * attempt counts for {@code window} after it was made, then is forgotten. Shared by every backend
 * of one storage, so a limit holds however the attempts are spread over them.
 */
public interface AttemptStore {

  /** One attempt: {@code id} is unique to it, {@code at} is when it was made. */
  record Attempt(String id, Instant at) {}

  /**
   * Records an attempt by {@code subject} unless that would make more than {@code max} within
   * {@code window}. Of any number of concurrent attempts, at most {@code max} per window are ever
   * recorded. Safe to retry: recording one attempt twice counts it once.
   *
   * @return empty when recorded (go ahead); otherwise, refused and not recorded, the instant from
   *     which an attempt can be recorded again
   */
  Optional<Instant> record(String subject, Attempt attempt, int max, Duration window);

  /** Forgets a recorded attempt, e.g. a sign-in that turned out not to be a failure. */
  void forget(String subject, Attempt attempt);

  /** Whether {@code subject} made any attempt after {@code since} (a cheap, local read). */
  boolean anyAfter(String subject, Instant since);

  /** Forgets every attempt of {@code subject}, e.g. an account's failed sign-ins once it got in. */
  void forgetAll(String subject);
}
