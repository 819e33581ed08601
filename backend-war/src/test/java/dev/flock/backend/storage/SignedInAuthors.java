package dev.flock.backend.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flock.backend.post.Post;
import dev.flock.backend.session.Session;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Saves posts for tests as the storage requires, as their authors signed in: each author gets a
 * session (an hour long) before their first post. Safe to use from several threads.
 */
public final class SignedInAuthors {

  private final SessionStore sessionStore;
  private final PostStore postStore;
  private final Clock clock;
  private final String tokenHashPrefix;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  /** {@code tokenHashPrefix} keeps the sessions of one test apart from every other test's. */
  public SignedInAuthors(
      SessionStore sessionStore, PostStore postStore, Clock clock, String tokenHashPrefix) {
    this.sessionStore = sessionStore;
    this.postStore = postStore;
    this.clock = clock;
    this.tokenHashPrefix = tokenHashPrefix;
  }

  /** Saves {@code post}, and fails the test unless the storage stored it. */
  public void savePost(Post post) {
    Session author = sessions.computeIfAbsent(post.author(), this::signIn);
    assertThat(postStore.savePost(post, author)).as("saved while signed in").isTrue();
  }

  private Session signIn(String author) {
    Session session =
        new Session(
            tokenHashPrefix + "session_" + author,
            author,
            clock.instant().plus(Duration.ofHours(1)));
    sessionStore.saveSession(session);
    return session;
  }
}
