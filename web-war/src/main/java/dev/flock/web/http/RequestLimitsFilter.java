package dev.flock.web.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

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
  static final long MAX_BODY_BYTES = 32 * 1024;

  /** One form field, in characters. */
  static final int MAX_FIELD_CHARS = 2_000;

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
      refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
      return;
    }
    if (request.getContentLengthLong() < 0 && request.getHeader("Transfer-Encoding") != null) {
      // a body of unknown size: forms always say theirs
      refuse(response, HttpServletResponse.SC_LENGTH_REQUIRED);
      return;
    }
    // the first to read the parameters fixes their encoding: UTF-8, as the pages are
    request.setCharacterEncoding(StandardCharsets.UTF_8.name());
    boolean fieldTooLong =
        request.getParameterMap().values().stream()
            .flatMap(java.util.Arrays::stream)
            .anyMatch(value -> value.length() > MAX_FIELD_CHARS);
    if (fieldTooLong) {
      response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
      return;
    }
    chain.doFilter(request, response);
  }

  /** Refuses a body unread: the connection closes rather than read what is left of it. */
  private static void refuse(HttpServletResponse response, int status) throws IOException {
    response.setHeader("Connection", "close");
    response.sendError(status);
  }
}
