package dev.flock.backend.session;

import java.time.Instant;

/**
 * A signed-in session, stored under the hash of its token: the token itself is never stored. It
 * keeps when it started and from which client address ({@code from}), for its owner's list of
 * sessions; a session stored before these were kept started at {@link Instant#EPOCH} from {@link
 * #UNKNOWN}.
 */
public record Session(
    String tokenHash, String username, Instant expiresAt, Instant startedAt, String from) {

  /** Where a session comes from when no address was given. */
  public static final String UNKNOWN = "unknown";

  /** How long the id shown to its owner is: enough to tell their sessions apart. */
  private static final int ID_LENGTH = 16;

  public Session {
    if (from == null || from.isBlank() || from.contains("\n")) {
      from = UNKNOWN;
    }
  }

  /** A session whose start and origin do not matter (older records, tests). */
  public Session(String tokenHash, String username, Instant expiresAt) {
    this(tokenHash, username, expiresAt, Instant.EPOCH, UNKNOWN);
  }

  /** What its owner calls it by, to end it: a prefix of the token's hash, never the token. */
  public String id() {
    return tokenHash.substring(0, Math.min(ID_LENGTH, tokenHash.length()));
  }

  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
