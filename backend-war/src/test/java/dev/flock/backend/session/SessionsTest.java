package dev.flock.backend.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.flock.backend.ManualClock;
import dev.flock.backend.storage.SessionStore;
import dev.flock.backend.storage.Stores;
import dev.flock.core.FlockException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class SessionsTest {

  private static final long TTL_SECONDS = 600;

  private final ManualClock clock = ManualClock.startingNow();
  private final SessionStore memory = Stores.inMemory(clock).sessions();

  /** The string form of every argument the sessions ever passed to the storage. */
  private final List<String> sentToStorage = new ArrayList<>();

  private final Sessions sessions = new Sessions(recording(memory), clock, TTL_SECONDS);

  @Test
  void aTokenIs256RandomBitsInBase64Url() {
    String token = sessions.issue("alice").token();

    assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]{43}");
    assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
  }

  @Test
  void everyTokenIsDifferent() {
    Set<String> tokens = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      tokens.add(sessions.issue("alice").token());
    }

    assertThat(tokens).hasSize(1000);
  }

  @Test
  void aTokenResolvesToTheUserItWasIssuedTo() {
    IssuedToken alice = sessions.issue("alice");
    IssuedToken bob = sessions.issue("bob");

    assertThat(alice.username()).isEqualTo("alice");
    assertThat(alice.expiresAt()).isEqualTo(clock.instant().plusSeconds(TTL_SECONDS));
    assertThat(sessions.usernameFor(alice.token())).contains("alice");
    assertThat(sessions.usernameFor(bob.token())).contains("bob");
    assertThat(sessions.requireUser(Optional.of(alice.token()))).isEqualTo("alice");
  }

  @Test
  void unknownAndMalformedTokensResolveToNobody() {
    String token = sessions.issue("alice").token();

    assertThat(sessions.usernameFor(null)).isEmpty();
    assertThat(sessions.usernameFor("")).isEmpty();
    assertThat(sessions.usernameFor(token.substring(1))).isEmpty();
    assertThat(sessions.usernameFor(token + "x")).isEmpty();
    assertThat(sessions.usernameFor("x".repeat(10_000))).isEmpty();
  }

  @Test
  void requireUserRefusesAMissingOrUnknownToken() {
    assertUnauthenticated(Optional.empty());
    assertUnauthenticated(Optional.of("not-a-token"));
  }

  @Test
  void aRevokedTokenNoLongerResolves() {
    IssuedToken revoked = sessions.issue("alice");
    IssuedToken other = sessions.issue("alice");

    sessions.revoke(revoked.token());

    assertThat(sessions.usernameFor(revoked.token())).isEmpty();
    assertUnauthenticated(Optional.of(revoked.token()));
    assertThat(sessions.usernameFor(other.token())).contains("alice");
  }

  @Test
  void signedInGivesTheSessionOfAValidTokenOnly() {
    IssuedToken alice = sessions.issue("alice");
    IssuedToken revoked = sessions.issue("alice");
    sessions.revoke(revoked.token());

    assertThat(sessions.signedIn(Optional.of(alice.token())))
        .isEqualTo(
            new Session(
                sha256Hex(alice.token()),
                "alice",
                alice.expiresAt(),
                clock.instant(),
                Session.UNKNOWN));
    for (String token : List.of("", "not-a-token", "x".repeat(10_000), revoked.token())) {
      assertUnauthenticated(() -> sessions.signedIn(Optional.of(token)));
    }
    assertUnauthenticated(() -> sessions.signedIn(Optional.empty()));
  }

  @Test
  void signedInRemembersASessionJustFoundValidUntilItExpires() {
    IssuedToken alice = sessions.issue("alice");
    assertThat(sessions.usernameFor(alice.token())).contains("alice");
    sentToStorage.clear();

    assertThat(sessions.signedIn(Optional.of(alice.token())).username()).isEqualTo("alice");
    assertThat(sentToStorage).as("no second read").isEmpty();

    clock.advance(Duration.ofSeconds(TTL_SECONDS));
    assertUnauthenticated(() -> sessions.signedIn(Optional.of(alice.token())));
  }

  @Test
  void revokingIsIdempotentAndHarmlessForUnknownTokens() {
    IssuedToken issued = sessions.issue("alice");

    sessions.revoke(issued.token());
    sessions.revoke(issued.token());
    sessions.revoke("never-issued");
    sessions.revoke(null);
    sessions.revoke("x".repeat(10_000));

    assertThat(sessions.usernameFor(issued.token())).isEmpty();
  }

  @Test
  void aTokenExpiresAfterItsTimeToLive() {
    String token = sessions.issue("alice").token();

    clock.advance(Duration.ofSeconds(TTL_SECONDS).minusMillis(1));
    assertThat(sessions.usernameFor(token)).contains("alice");

    clock.advance(Duration.ofMillis(1));
    assertThat(sessions.usernameFor(token)).isEmpty();
    assertUnauthenticated(Optional.of(token));
  }

  @Test
  void theTokenIsStoredOnlyAsItsSha256() {
    String token = sessions.issue("alice").token();
    sessions.usernameFor(token);
    sessions.revoke(token);

    assertThat(sentToStorage).isNotEmpty().noneMatch(argument -> argument.contains(token));
    assertThat(sentToStorage).anyMatch(argument -> argument.contains(sha256Hex(token)));
  }

  @Test
  void theStoredSessionIsKeyedByTheTokensHash() {
    IssuedToken issued = sessions.issue("alice");

    assertThat(memory.findSession(issued.token())).isEmpty();
    assertThat(memory.findSession(sha256Hex(issued.token())))
        .contains(
            new Session(
                sha256Hex(issued.token()),
                "alice",
                issued.expiresAt(),
                clock.instant(),
                Session.UNKNOWN));
  }

  private void assertUnauthenticated(Optional<String> token) {
    assertUnauthenticated(() -> sessions.requireUser(token));
  }

  private static void assertUnauthenticated(ThrowingCallable call) {
    FlockException failure = catchThrowableOfType(FlockException.class, call);
    assertThat(failure).isNotNull();
    assertThat(failure.reason()).isEqualTo(FlockException.Reason.UNAUTHENTICATED);
    assertThat(failure).hasMessage("Please sign in again.");
  }

  private static String sha256Hex(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(token.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** {@code storage}, noting down every argument passed to it. */
  private SessionStore recording(SessionStore storage) {
    return (SessionStore)
        Proxy.newProxyInstance(
            SessionStore.class.getClassLoader(),
            new Class<?>[] {SessionStore.class},
            (proxy, method, args) -> {
              if (args != null) {
                Arrays.stream(args).map(String::valueOf).forEach(sentToStorage::add);
              }
              try {
                return method.invoke(storage, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
