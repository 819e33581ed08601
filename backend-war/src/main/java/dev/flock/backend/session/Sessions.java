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
import java.util.HexFormat;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Issues, resolves and revokes session tokens. */
@ApplicationScoped
public class Sessions {

  private static final int TOKEN_BYTES = 32;

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
      @ConfigProperty(name = "flock.session.ttl-seconds", defaultValue = "86400") long ttlSeconds) {
    this.store = store;
    this.clock = clock;
    this.ttl = Duration.ofSeconds(ttlSeconds);
  }

  public IssuedToken issue(String username) {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant expiresAt = clock.instant().plus(ttl);
    store.saveSession(new Session(hash(token), username, expiresAt));
    return new IssuedToken(token, username, expiresAt);
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
