package dev.flock.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flock.core.FlockException;
import dev.flock.web.http.BrowserRequest;
import dev.flock.web.http.PostbackFilter;
import dev.flock.web.telemetry.SessionChecks;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Who is signed in on a request: the backend's word on the token in the session cookie. */
class CurrentUserTest {

  private static final String UNAVAILABLE =
      "Flock is temporarily unavailable. Please try again in a moment.";

  private final CurrentUser currentUser = new CurrentUser();

  /** The Authorization header of each session check the backends were asked. */
  private final List<String> checked = new ArrayList<>();

  private final List<SessionChecks.Outcome> counted = new ArrayList<>();
  private Supplier<Response> backendAnswers;

  @BeforeEach
  void wire() {
    currentUser.sessions =
        new BackendSessions() {
          @Override
          public Response whoIs(String bearerToken) {
            checked.add(bearerToken);
            return backendAnswers.get();
          }
        };
    currentUser.checks =
        new SessionChecks() {
          @Override
          public void count(Outcome outcome) {
            counted.add(outcome);
          }
        };
    // A visitor's browser: a CSRF cookie, but no session.
    currentUser.request =
        BrowserRequest.get("/")
            .cookie(PostbackFilter.COOKIE, "AwoRGB8mLTQ7QklQV15lbHN6gYiPlp2kq7K5wMfO1dw");
  }

  private void withSession(String token) {
    currentUser.request = BrowserRequest.get("/").cookie(SessionCookie.SESSION, token);
  }

  @Test
  void aVisitorWithoutASessionCookieIsNotSignedInAndNoBackendIsAsked() {
    assertThat(currentUser.isSignedIn()).isFalse();
    assertThat(currentUser.getUsername()).isNull();
    assertThat(currentUser.signedIn()).isEmpty();
    assertThat(checked).isEmpty();
    assertThat(counted).isEmpty();
  }

  @Test
  void aClearedSessionCookieIsNoSession() {
    withSession("");

    assertThat(currentUser.isSignedIn()).isFalse();
    assertThat(checked).isEmpty();
  }

  @Test
  void aTokenTheBackendKnowsIsItsUser() {
    withSession("tok-7");
    SessionAnswer answer = SessionAnswer.ownedBy("bob");
    backendAnswers = () -> answer;

    assertThat(currentUser.signedIn()).contains(new CurrentUser.SignedIn("tok-7", "bob"));
    assertThat(currentUser.isSignedIn()).isTrue();
    assertThat(currentUser.getUsername()).isEqualTo("bob");
    assertThat(currentUser.require()).isEqualTo(new CurrentUser.SignedIn("tok-7", "bob"));

    assertThat(checked).as("asked once per request").containsExactly("Bearer tok-7");
    assertThat(counted).containsExactly(SessionChecks.Outcome.SIGNED_IN);
    assertThat(answer.closed()).isTrue();
  }

  @Test
  void anUnknownOrExpiredTokenIsAVisitorWhoMustSignIn() {
    withSession("expired");
    SessionAnswer answer = SessionAnswer.withStatus(401);
    backendAnswers = () -> answer;

    assertThat(currentUser.isSignedIn()).isFalse();
    assertThat(currentUser.getUsername()).isNull();
    assertThatThrownBy(currentUser::require)
        .isInstanceOfSatisfying(
            FlockException.class,
            failure -> {
              assertThat(failure.reason()).isEqualTo(FlockException.Reason.UNAUTHENTICATED);
              assertThat(failure.getMessage()).isEqualTo("Please sign in first.");
            });

    assertThat(checked).as("asked once per request").containsExactly("Bearer expired");
    assertThat(counted).containsExactly(SessionChecks.Outcome.SIGNED_OUT);
    assertThat(answer.closed()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {503, 500, 404, 502})
  void aBackendThatCannotSayMakesThePageUnavailable(int status) {
    withSession("tok-7");
    SessionAnswer answer = SessionAnswer.withStatus(status);
    backendAnswers = () -> answer;

    assertThatThrownBy(currentUser::isSignedIn)
        .isInstanceOfSatisfying(
            FlockException.class,
            failure -> {
              assertThat(failure.reason()).isEqualTo(FlockException.Reason.UNAVAILABLE);
              assertThat(failure.getMessage()).isEqualTo(UNAVAILABLE);
            });
    assertThat(counted).containsExactly(SessionChecks.Outcome.UNAVAILABLE);
    assertThat(answer.closed()).isTrue();
  }

  @Test
  void noBackendReachableMakesThePageUnavailable() {
    withSession("tok-7");
    ProcessingException refused = new ProcessingException("Connection refused");
    backendAnswers =
        () -> {
          throw refused;
        };

    assertThatThrownBy(currentUser::signedIn)
        .isInstanceOfSatisfying(
            FlockException.class,
            failure -> {
              assertThat(failure.reason()).isEqualTo(FlockException.Reason.UNAVAILABLE);
              assertThat(failure.getMessage()).isEqualTo(UNAVAILABLE);
              assertThat(failure.getCause()).isSameAs(refused);
            });
    assertThat(counted).containsExactly(SessionChecks.Outcome.UNAVAILABLE);
  }
}
