package dev.flock.web.http;

import static jakarta.servlet.DispatcherType.ERROR;

import dev.flock.web.auth.SessionCookie;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * What a request to a Faces view may be. Faces treats <em>any</em> request that carries a {@code
 * jakarta.faces.ViewState} parameter as a form submission (a postback), whatever its method, so the
 * checks hang on that parameter, not on POST:
 *
 * <ul>
 *   <li>Only GET, HEAD and POST reach Faces; any other method is 405.
 *   <li>Views are transient, so the only view state is the constant {@code stateless}: anything
 *       else is a forged or garbled form, 400.
 *   <li>A form is sent with POST: a postback by GET or HEAD (a plain link, which SameSite=Lax
 *       cookies go along with) is refused with 403, token or not, so no token ever sits in a URL.
 *   <li>CSRF: stateless views have no view state to check, so every form repeats a token in a
 *       hidden field ({@code #{csrf.token}}) and a POST without the right one is refused with 403.
 *       Signed in, the token is bound to the session: a hash of its token (HttpOnly, so a
 *       cross-site page can make the browser send it but never read it), the same on every web
 *       instance, another for every session, and so new at each sign-in. A visitor's forms (sign
 *       in, sign up) repeat a random token of an HttpOnly cookie instead, which a sign-in replaces.
 *       As a second line, a postback the browser marks as coming from another site ({@code
 *       Sec-Fetch-Site}, or {@code Origin} where that is missing) is refused too.
 *   <li>A partial (ajax) request is served as a full page ({@link FullPageRequest}).
 * </ul>
 */
public class PostbackFilter extends HttpFilter {

  public static final String COOKIE = "flock_csrf";
  public static final String FIELD = "_csrf";

  /** Where the page finds this request's token ({@link CsrfToken}). */
  static final String ATTRIBUTE = PostbackFilter.class.getName();

  static final Set<String> METHODS = Set.of("GET", "HEAD", "POST");
  static final String ALLOW = "GET, HEAD, POST";

  /** The request parameter that makes a Faces request a postback, and its only valid value. */
  private static final String VIEW_STATE = "jakarta.faces.ViewState";

  private static final String STATELESS = "stateless";

  private static final Logger LOG = Logger.getLogger(PostbackFilter.class.getName());
  private static final int TOKEN_BYTES = 32;
  private static final int TOKEN_LENGTH = 43;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Sets the CSRF token's hash apart from any other hash of a session token. */
  private static final String BOUND_TO_SESSION = "flock csrf token of session ";

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request.getAttribute(ATTRIBUTE) != null || request.getDispatcherType() == ERROR) {
      // Checked on its way here (a forward), or an error page: rendered as a full page all the
      // same.
      chain.doFilter(FullPageRequest.of(request), response);
      return;
    }
    if (!METHODS.contains(request.getMethod())) {
      response.setHeader("Allow", ALLOW);
      response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
      return;
    }
    // Reading a parameter fixes the encoding, so it must be set before the first read (unless
    // RequestLimitsFilter, which measures the fields, has set it already).
    if (request.getCharacterEncoding() == null) {
      request.setCharacterEncoding(StandardCharsets.UTF_8.name());
    }
    String visitorToken =
        SessionCookie.read(request, COOKIE)
            .filter(value -> value.length() == TOKEN_LENGTH)
            .orElse(null);
    Optional<String> session = SessionCookie.read(request, SessionCookie.SESSION);
    String token = session.map(PostbackFilter::boundTo).orElse(visitorToken);
    String[] viewStates = request.getParameterValues(VIEW_STATE);
    if (viewStates != null || "POST".equals(request.getMethod())) {
      if (viewStates != null && !(viewStates.length == 1 && STATELESS.equals(viewStates[0]))) {
        LOG.info(() -> "Refused a form with a view state other than 'stateless' (400)");
        response.sendError(HttpServletResponse.SC_BAD_REQUEST);
        return;
      }
      if (!"POST".equals(request.getMethod())
          || fromAnotherSite(request)
          || !matches(token, request.getParameterValues(FIELD))) {
        response.sendError(HttpServletResponse.SC_FORBIDDEN);
        return;
      }
    }
    if (visitorToken == null) {
      visitorToken = renewVisitorToken(request, response);
    }
    request.setAttribute(ATTRIBUTE, session.map(PostbackFilter::boundTo).orElse(visitorToken));
    chain.doFilter(FullPageRequest.of(request), response);
  }

  /**
   * Whether the browser says the request was started by another site. {@code Sec-Fetch-Site} is set
   * by the browser and cannot be forged by a page; {@code same-site} (a sibling host) is another
   * site here. Browsers without it send {@code Origin} with every cross-origin form. Without either
   * (an old browser, a non-browser client), the token alone decides.
   */
  static boolean fromAnotherSite(HttpServletRequest request) {
    String fetchSite = request.getHeader("Sec-Fetch-Site");
    if (fetchSite != null) {
      return !(fetchSite.equals("same-origin") || fetchSite.equals("none"));
    }
    String origin = request.getHeader("Origin");
    return origin != null && !sameHost(origin, request.getHeader("Host"));
  }

  /** Whether {@code origin}'s host and port are the {@code Host} the request was sent to. */
  private static boolean sameHost(String origin, String host) {
    if (host == null) {
      return false;
    }
    try {
      String authority = new URI(origin).getRawAuthority();
      return authority != null && withoutDefaultPort(authority).equals(withoutDefaultPort(host));
    } catch (URISyntaxException e) {
      return false; // "null" (a sandboxed or privacy-sensitive context) and anything unparsable
    }
  }

  private static String withoutDefaultPort(String authority) {
    String lower = authority.toLowerCase(Locale.ROOT);
    if (lower.endsWith(":80")) {
      return lower.substring(0, lower.length() - 3);
    }
    return lower.endsWith(":443") ? lower.substring(0, lower.length() - 4) : lower;
  }

  private static boolean matches(String cookie, String[] fields) {
    return cookie != null
        && fields != null
        && fields.length == 1
        && MessageDigest.isEqual(
            cookie.getBytes(StandardCharsets.US_ASCII),
            fields[0].getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Gives the browser a new visitor token: at its first visit, and at each sign-in, so that a token
   * learnt before it is worth nothing after (and after the sign-out that follows).
   */
  public static String renewVisitorToken(HttpServletRequest request, HttpServletResponse response) {
    byte[] bytes = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    SessionCookie.write(request, response, COOKIE, token, null);
    return token;
  }

  /** The token of a signed-in browser's forms: bound to its session, as only it can know it. */
  static String boundTo(String sessionToken) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((BOUND_TO_SESSION + sessionToken).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
