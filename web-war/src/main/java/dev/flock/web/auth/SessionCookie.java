package dev.flock.web.auth;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * The cookies Flock sets, all HttpOnly (no script can read them) and SameSite (not sent with
 * cross-site form posts), Secure when the site is served over HTTPS.
 */
public final class SessionCookie {

  public static final String SESSION = "flock_session";

  private SessionCookie() {}

  public static Optional<String> read(HttpServletRequest request, String name) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return Optional.empty();
    }
    return Arrays.stream(cookies)
        .filter(cookie -> name.equals(cookie.getName()))
        .map(Cookie::getValue)
        .filter(value -> !value.isEmpty())
        .findFirst();
  }

  /** Sets a cookie that lives until {@code expiresAt}, or for the browser session if null. */
  public static void write(
      HttpServletRequest request,
      HttpServletResponse response,
      String name,
      String value,
      Instant expiresAt) {
    Cookie cookie = new Cookie(name, value);
    cookie.setPath("/");
    cookie.setHttpOnly(true);
    cookie.setSecure(request.isSecure());
    cookie.setAttribute("SameSite", "Lax");
    if (expiresAt != null) {
      cookie.setMaxAge((int) Math.max(0, Duration.between(Instant.now(), expiresAt).toSeconds()));
    }
    response.addCookie(cookie);
  }

  public static void clear(HttpServletRequest request, HttpServletResponse response, String name) {
    write(request, response, name, "", Instant.EPOCH);
  }
}
