package dev.flock.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flock.web.http.BrowserRequest;
import dev.flock.web.http.RecordingResponse;
import jakarta.servlet.http.Cookie;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Flock's cookies: read by name, written HttpOnly and SameSite, Secure over HTTPS. */
class SessionCookieTest {

  private final RecordingResponse response = new RecordingResponse();

  @Test
  void aCookieIsFoundByItsNameAmongOthers() {
    BrowserRequest request =
        BrowserRequest.get("/")
            .cookie("flock_csrf", "csrf-token")
            .cookie(SessionCookie.SESSION, "tok-7")
            .cookie("tracking", "x");

    assertThat(SessionCookie.read(request, SessionCookie.SESSION)).contains("tok-7");
    assertThat(SessionCookie.read(request, "flock_csrf")).contains("csrf-token");
    assertThat(SessionCookie.read(request, "absent")).isEmpty();
  }

  @Test
  void aRequestWithoutCookiesHasNone() {
    assertThat(SessionCookie.read(BrowserRequest.get("/"), SessionCookie.SESSION)).isEmpty();
  }

  @Test
  void anEmptyCookieIsNone() {
    BrowserRequest cleared = BrowserRequest.get("/").cookie(SessionCookie.SESSION, "");
    BrowserRequest clearedAndSet =
        BrowserRequest.get("/")
            .cookie(SessionCookie.SESSION, "")
            .cookie(SessionCookie.SESSION, "tok-7");

    assertThat(SessionCookie.read(cleared, SessionCookie.SESSION)).isEmpty();
    assertThat(SessionCookie.read(clearedAndSet, SessionCookie.SESSION)).contains("tok-7");
  }

  @Test
  void aSessionCookieLivesUntilTheSessionExpiresAndNoScriptCanReadIt() {
    SessionCookie.write(
        BrowserRequest.get("/login"),
        response,
        SessionCookie.SESSION,
        "tok-7",
        Instant.now().plus(Duration.ofHours(1)));

    Cookie cookie = response.cookies().getFirst();
    assertThat(cookie.getName()).isEqualTo(SessionCookie.SESSION);
    assertThat(cookie.getValue()).isEqualTo("tok-7");
    assertThat(cookie.getMaxAge()).isBetween(3_590, 3_600);
    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(cookie.getAttribute("SameSite")).isEqualTo("Lax");
    assertThat(cookie.getPath()).isEqualTo("/");
    assertThat(cookie.getSecure()).isFalse();
  }

  @Test
  void behindALoadBalancerThatEndsTlsACookieIsSecure() {
    SessionCookie.write(
        BrowserRequest.get("/login").header("X-Forwarded-Proto", "https"),
        response,
        SessionCookie.SESSION,
        "tok-7",
        null);
    SessionCookie.write(
        BrowserRequest.get("/login").header("X-Forwarded-Proto", "http"),
        response,
        SessionCookie.SESSION,
        "tok-7",
        null);

    assertThat(response.cookies()).extracting(Cookie::getSecure).containsExactly(true, false);
  }

  @Test
  void overHttpsACookieIsSecure() {
    SessionCookie.write(
        BrowserRequest.get("/login").overHttps(), response, SessionCookie.SESSION, "tok-7", null);

    assertThat(response.cookies().getFirst().getSecure()).isTrue();
  }

  @Test
  void withoutAnExpiryACookieLivesForTheBrowserSession() {
    SessionCookie.write(BrowserRequest.get("/"), response, "flock_csrf", "csrf-token", null);

    assertThat(response.cookies().getFirst().getMaxAge()).isEqualTo(-1);
  }

  @Test
  void anExpiryInThePastEndsTheCookieAtOnce() {
    SessionCookie.write(
        BrowserRequest.get("/"),
        response,
        SessionCookie.SESSION,
        "tok-7",
        Instant.now().minus(Duration.ofMinutes(5)));

    assertThat(response.cookies().getFirst().getMaxAge()).isZero();
  }

  @Test
  void clearingEndsTheCookieWhereItWasSet() {
    SessionCookie.clear(BrowserRequest.get("/").overHttps(), response, SessionCookie.SESSION);

    Cookie cookie = response.cookies().getFirst();
    assertThat(cookie.getName()).isEqualTo(SessionCookie.SESSION);
    assertThat(cookie.getValue()).isEmpty();
    assertThat(cookie.getMaxAge()).isZero();
    assertThat(cookie.getPath()).isEqualTo("/");
    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(cookie.getSecure()).isTrue();
    assertThat(cookie.getAttribute("SameSite")).isEqualTo("Lax");
  }
}
