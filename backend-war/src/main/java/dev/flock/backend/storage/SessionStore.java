package dev.flock.backend.storage;

import dev.flock.backend.session.Session;
import java.util.List;
import java.util.Optional;

/** Signed-in sessions, by the hash of their token, each until it expires or is deleted. */
public interface SessionStore {

  /** Stores {@code session} until its expiry; one already expired is never found. */
  void saveSession(Session session);

  /** The session, unless it does not exist or has expired. */
  Optional<Session> findSession(String tokenHash);

  /** Idempotent: deleting a session that is not there changes nothing. */
  void deleteSession(String tokenHash);

  /** Up to {@code limit} of {@code username}'s live sessions, in no particular order. */
  List<Session> sessionsOf(String username, int limit);
}
