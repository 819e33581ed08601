package dev.flock.backend.session;

import java.time.Instant;

/** A signed-in session, stored under the hash of its token: the token itself is never stored. */
public record Session(String tokenHash, String username, Instant expiresAt) {

  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
