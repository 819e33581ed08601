package dev.flock.web.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bookmarkable hashtag URLs: {@code /tags/flock} lists the posts tagged #flock, forwarded to the
 * Faces view with the tag as a request parameter (the page says when it cannot be a tag); anything
 * else under {@code /tags/} is a 404.
 */
public class TagUrlFilter extends HttpFilter {

  private static final Pattern TAG_URL = Pattern.compile("/tags/([^/]+)/?");

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    Matcher match = TAG_URL.matcher(path);
    if (!match.matches()) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    String tag = URLDecoder.decode(match.group(1), StandardCharsets.UTF_8);
    request
        .getRequestDispatcher("/tag.xhtml?tag=" + URLEncoder.encode(tag, StandardCharsets.UTF_8))
        .forward(request, response);
  }
}
