package dev.flock.web.auth;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The cookies Flock sets, all HttpOnly (no script can read them) and SameSite (not sent with
 * cross-site form posts), Secure when the site is served over HTTPS: to this server, or to a load
 * balancer in front that ends TLS and says so ({@code X-Forwarded-Proto: https}, which HAProxy in
 * {@code docker/lb} always sets). A client that sends that header itself over plain HTTP only gets
 * cookies its browser will not keep.
 */
public final class SessionCookie {

  public static final String SESSION = "flock_session";

  /**
   * A random token naming this browser, kept for a long time: an account signed in from it before
   * is not throttled by strangers' failed guesses at its password there.
   */
  public static final String DEVICE = "flock_device";

  private static final Duration DEVICE_KEPT_FOR = Duration.ofDays(400);
  private static final SecureRandom RANDOM = new SecureRandom();

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
    cookie.setSecure(request.isSecure() || "https".equalsIgnoreCase(forwardedProto(request)));
    cookie.setAttribute("SameSite", "Lax");
    if (expiresAt != null) {
      cookie.setMaxAge((int) Math.max(0, Duration.between(Instant.now(), expiresAt).toSeconds()));
    }
    response.addCookie(cookie);
  }

  /** This browser's device token: the one it has, or a new one, which it is given to keep. */
  public static String device(HttpServletRequest request, HttpServletResponse response) {
    Optional<String> known = read(request, DEVICE).filter(token -> token.length() == 43);
    if (known.isPresent()) {
      return known.get();
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    write(request, response, DEVICE, token, Instant.now().plus(DEVICE_KEPT_FOR));
    return token;
  }

  /** The scheme a proxy in front says the browser used (the first, should there be several). */
  private static String forwardedProto(HttpServletRequest request) {
    String proto = request.getHeader("X-Forwarded-Proto");
    return proto == null ? null : proto.split(",", 2)[0].strip();
  }

  public static void clear(HttpServletRequest request, HttpServletResponse response, String name) {
    write(request, response, name, "", Instant.EPOCH);
  }
}
