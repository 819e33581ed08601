package dev.flock.web.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;

/**
 * The size of what a request may carry, checked before anything reads it: a path or query string
 * over its limit is a 400, a body or a form field over its limit a 413 (the page says the limits).
 * Real use stays far below them: names have 20 characters, posts 280, cursors a few dozen.
 */
public class RequestLimitsFilter extends HttpFilter {

  /** The path of a request, e.g. {@code /users/bob/followers}. */
  static final int MAX_PATH_CHARS = 512;

  /** The query string: a search, a cursor, a notice key. */
  static final int MAX_QUERY_CHARS = 1_024;

  /** A form's body: room for every field at its limit, URL-encoded. */
  static final long MAX_BODY_BYTES = 64 * 1024;

  /** One form field, in characters. */
  static final int MAX_FIELD_CHARS = 8_000;

  /**
   * A refused body up to this size is read and dropped before the answer. Closing a connection with
   * unread bytes resets it, and the reset can destroy the answer before the client reads it (the
   * fuzz suite saw this); a bigger body is not read, and its connection closes.
   */
  static final long MAX_DRAINED_BYTES = 1024 * 1024;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request.getRequestURI().length() > MAX_PATH_CHARS
        || (request.getQueryString() != null
            && request.getQueryString().length() > MAX_QUERY_CHARS)) {
      response.sendError(HttpServletResponse.SC_BAD_REQUEST);
      return;
    }
    if (request.getContentLengthLong() > MAX_BODY_BYTES) {
      refuse(request, response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
      return;
    }
    if (request.getContentLengthLong() < 0 && request.getHeader("Transfer-Encoding") != null) {
      // a body of unknown size: forms always say theirs
      refuse(request, response, HttpServletResponse.SC_LENGTH_REQUIRED);
      return;
    }
    if (request.getContentLengthLong() > 0 && hasFieldOverLimit(request)) {
      refuse(request, response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
      return;
    }
    chain.doFilter(request, response);
  }

  private static boolean hasFieldOverLimit(HttpServletRequest request) throws IOException {
    // the first to read the parameters fixes their encoding: UTF-8, as the pages are
    request.setCharacterEncoding(StandardCharsets.UTF_8.name());
    return request.getParameterMap().values().stream()
        .flatMap(Arrays::stream)
        .anyMatch(value -> value.length() > MAX_FIELD_CHARS);
  }

  /**
   * Shows the error page of {@code status} for a request whose body is not to be read. An error
   * dispatch would let the page's Faces read it as a form (and a body over the container's own
   * limit then fails); the page sees a GET without parameters instead.
   */
  private static void refuse(HttpServletRequest request, HttpServletResponse response, int status)
      throws IOException, ServletException {
    response.setStatus(status);
    if (!drained(request)) {
      response.setHeader("Connection", "close");
    }
    request
        .getRequestDispatcher("/errors/" + status + ".xhtml")
        .forward(new WithoutBody(request), response);
  }

  /**
   * Whether the rest of the body, at most {@link #MAX_DRAINED_BYTES} of it, was read and dropped.
   */
  private static boolean drained(HttpServletRequest request) throws IOException {
    if (request.getContentLengthLong() > MAX_DRAINED_BYTES) {
      return false;
    }
    InputStream body = request.getInputStream();
    byte[] buffer = new byte[8192];
    long read = 0;
    for (int n; (n = body.read(buffer)) != -1; ) {
      read += n;
      if (read > MAX_DRAINED_BYTES) {
        return false;
      }
    }
    return true;
  }

  /** The refused request as its error page sees it: a GET without parameters or body. */
  private static final class WithoutBody extends HttpServletRequestWrapper {
    WithoutBody(HttpServletRequest request) {
      super(request);
    }

    @Override
    public String getMethod() {
      return "GET";
    }

    @Override
    public String getParameter(String name) {
      return null;
    }

    @Override
    public Map<String, String[]> getParameterMap() {
      return Map.of();
    }

    @Override
    public Enumeration<String> getParameterNames() {
      return Collections.emptyEnumeration();
    }

    @Override
    public String[] getParameterValues(String name) {
      return null;
    }

    @Override
    public int getContentLength() {
      return 0;
    }

    @Override
    public long getContentLengthLong() {
      return 0;
    }
  }
}
