package dev.flock.web.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bookmarkable post URLs: {@code /posts/{id}} shows the post with what it answers and its replies,
 * forwarded to the Faces view with the id as a request parameter; anything else under {@code
 * /posts/} is a 404 (an id is hex digits, so it needs no decoding).
 */
public class PostUrlFilter extends HttpFilter {

  private static final Pattern POST_URL = Pattern.compile("/posts/([0-9a-f]{1,64})/?");

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    Matcher match = POST_URL.matcher(path);
    if (!match.matches()) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    request.getRequestDispatcher("/thread.xhtml?id=" + match.group(1)).forward(request, response);
  }
}
