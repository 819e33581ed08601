package dev.flock.web.http;

import dev.flock.web.auth.SessionCookie;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Double-submit CSRF protection, needed because stateless Faces views have no view state to check.
 * Each browser gets a random token in an HttpOnly cookie; every form repeats it in a hidden field
 * ({@code #{csrf.token}}), and a POST whose field does not match its cookie is refused with 403. A
 * cross-site page can make the browser send the cookie (or not, SameSite) but cannot read it, so it
 * cannot fill in the field.
 */
public class CsrfFilter extends HttpFilter {

  public static final String COOKIE = "flock_csrf";
  public static final String FIELD = "_csrf";

  /** Where the page finds this request's token ({@link CsrfToken}). */
  static final String ATTRIBUTE = CsrfFilter.class.getName();

  private static final int TOKEN_BYTES = 32;
  private static final int TOKEN_LENGTH = 43;
  private final SecureRandom random = new SecureRandom();

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request.getAttribute(ATTRIBUTE) != null) {
      chain.doFilter(request, response); // already checked on its way here (a forward)
      return;
    }
    // Reading a parameter fixes the encoding, so it must be set before the first read.
    request.setCharacterEncoding(StandardCharsets.UTF_8.name());
    String token =
        SessionCookie.read(request, COOKIE)
            .filter(value -> value.length() == TOKEN_LENGTH)
            .orElse(null);
    if ("POST".equals(request.getMethod()) && !matches(token, request.getParameter(FIELD))) {
      response.sendError(HttpServletResponse.SC_FORBIDDEN);
      return;
    }
    if (token == null) {
      token = newToken();
      SessionCookie.write(request, response, COOKIE, token, null);
    }
    request.setAttribute(ATTRIBUTE, token);
    chain.doFilter(request, response);
  }

  private static boolean matches(String cookie, String field) {
    return cookie != null
        && field != null
        && MessageDigest.isEqual(
            cookie.getBytes(StandardCharsets.US_ASCII), field.getBytes(StandardCharsets.US_ASCII));
  }

  private String newToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
