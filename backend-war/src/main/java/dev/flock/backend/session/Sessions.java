package dev.flock.backend.session;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.flock.backend.storage.FeedReads;
import dev.flock.backend.storage.PostStore;
import dev.flock.backend.storage.SessionStore;
import dev.flock.core.FlockException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Issues, resolves and revokes session tokens. */
@ApplicationScoped
public class Sessions {

  private static final int TOKEN_BYTES = 32;

  /**
   * The most sessions a user's list shows; more are ended by "sign out everywhere" all the same.
   */
  static final int MAX_LISTED = 100;

  /** Rounds of "sign out everywhere": each ends up to {@link #MAX_LISTED} sessions. */
  private static final int MAX_ROUNDS = 1000;

  /** Longer than any token we issue: anything longer is refused before it is hashed. */
  private static final int MAX_TOKEN_LENGTH = 64;

  /**
   * Sessions this backend found valid in the last seconds, by token hash: the web tier checks a
   * token (REST) and then calls with it (gRPC), so the call can skip reading the session again.
   * Only for storage calls guarded by the session itself ({@link #signedIn}); never to answer "is
   * this token valid?".
   */
  private final Cache<String, Session> recentlyValid =
      CacheBuilder.newBuilder()
          .maximumSize(10_000)
          .expireAfterWrite(Duration.ofSeconds(10))
          .build();

  private final SecureRandom random = new SecureRandom();
  private SessionStore store;
  private Clock clock;
  private Duration ttl;

  protected Sessions() {} // for CDI proxies

  @Inject
  public Sessions(
      SessionStore store,
      Clock clock,
      @ConfigProperty(name = "flock.session.ttl-seconds") long ttlSeconds) {
    this.store = store;
    this.clock = clock;
    this.ttl = Duration.ofSeconds(ttlSeconds);
  }

  public IssuedToken issue(String username) {
    return issue(username, Optional.empty());
  }

  /** A new session of {@code username}, signed in from {@code from} (a client address). */
  public IssuedToken issue(String username, Optional<String> from) {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant now = clock.instant();
    Instant expiresAt = now.plus(ttl);
    store.saveSession(
        new Session(hash(token), username, expiresAt, now, from.orElse(Session.UNKNOWN)));
    return new IssuedToken(token, username, expiresAt);
  }

  /** {@code username}'s live sessions, newest first (at most {@link #MAX_LISTED}). */
  public List<Session> of(String username) {
    return store.sessionsOf(username, MAX_LISTED).stream()
        .sorted(Comparator.comparing(Session::startedAt).reversed())
        .toList();
  }

  /** Ends {@code username}'s session {@code id}; NOT_FOUND unless it is one of theirs. */
  public void end(String username, String id) {
    Session session =
        store.sessionsOf(username, MAX_LISTED).stream()
            .filter(each -> each.id().equals(id))
            .findFirst()
            .orElseThrow(
                () -> FlockException.notFound("That session has ended already, or is not yours."));
    forget(session.tokenHash());
  }

  /**
   * Ends every session of {@code username} but {@code keep} (the token of the one asking, if it is
   * to go on). Listed and ended a bounded number at a time, until none is left.
   */
  public void endAll(String username, Optional<String> keep) {
    Optional<String> kept = keep.filter(Sessions::plausible).map(Sessions::hash);
    for (int round = 0; round < MAX_ROUNDS; round++) {
      List<Session> others =
          store.sessionsOf(username, MAX_LISTED + 1).stream()
              .filter(session -> kept.map(hash -> !hash.equals(session.tokenHash())).orElse(true))
              .toList();
      if (others.isEmpty()) {
        return;
      }
      others.forEach(session -> forget(session.tokenHash()));
    }
  }

  private void forget(String tokenHash) {
    recentlyValid.invalidate(tokenHash);
    store.deleteSession(tokenHash);
  }

  /** The hash a token is stored under, to tell the caller's own session in a list. */
  public static String hashOf(String token) {
    return hash(token);
  }

  /** The user this token was issued to, unless it is unknown, expired or revoked. */
  public Optional<String> usernameFor(String token) {
    return find(token).map(Session::username);
  }

  /** UNAUTHENTICATED unless the token is valid. */
  public String requireUser(Optional<String> token) {
    return token.flatMap(this::usernameFor).orElseThrow(Sessions::signInAgain);
  }

  /**
   * The session of this token, possibly as this backend found it valid moments ago: only for a
   * storage call guarded by the session ({@link PostStore#savePost}, {@link
   * FeedReads#followedWhileSignedIn}), which fails if the session has ended since. UNAUTHENTICATED
   * unless the token is (or was just) valid.
   */
  public Session signedIn(Optional<String> token) {
    return token
        .filter(Sessions::plausible)
        .flatMap(value -> recentlyValid(hash(value)).or(() -> find(value)))
        .orElseThrow(Sessions::signInAgain);
  }

  public static FlockException signInAgain() {
    return FlockException.unauthenticated("Please sign in again.");
  }

  /** Idempotent: revoking an unknown token does nothing. */
  public void revoke(String token) {
    if (plausible(token)) {
      String tokenHash = hash(token);
      recentlyValid.invalidate(tokenHash);
      store.deleteSession(tokenHash);
    }
  }

  private Optional<Session> find(String token) {
    if (!plausible(token)) {
      return Optional.empty();
    }
    Optional<Session> found = store.findSession(hash(token));
    found.ifPresent(session -> recentlyValid.put(session.tokenHash(), session));
    return found;
  }

  private Optional<Session> recentlyValid(String tokenHash) {
    return Optional.ofNullable(recentlyValid.getIfPresent(tokenHash))
        .filter(session -> !session.isExpiredAt(clock.instant()));
  }

  private static boolean plausible(String token) {
    return token != null && !token.isEmpty() && token.length() <= MAX_TOKEN_LENGTH;
  }

  private static String hash(String token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
