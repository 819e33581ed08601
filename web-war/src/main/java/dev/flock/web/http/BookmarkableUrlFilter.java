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
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bookmarkable URLs, forwarded to their Faces views with what the path names as request parameters:
 *
 * <ul>
 *   <li>{@code /users/bob}: bob's profile; {@code /users/bob/likes} the posts he likes, {@code
 *       /users/bob/followers} and {@code /users/bob/following} his connections;
 *   <li>{@code /posts/{id}}: the post with what it answers and its replies (an id is hex digits);
 *   <li>{@code /tags/flock}: the posts tagged #flock (the page says when it cannot be a tag).
 * </ul>
 *
 * Anything else under {@code /users/}, {@code /posts/} or {@code /tags/} is a 404; {@code /users}
 * itself is the list of users, served as it is.
 */
public class BookmarkableUrlFilter extends HttpFilter {

  private static final Pattern USER_URL =
      Pattern.compile("/users/([^/]+)(?:/(followers|following|likes))?/?");
  private static final Pattern POST_URL = Pattern.compile("/posts/([0-9a-f]{1,64})/?");
  private static final Pattern TAG_URL = Pattern.compile("/tags/([^/]+)/?");

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (path.equals("/users") || path.equals("/users/")) {
      chain.doFilter(request, response);
      return;
    }
    Optional<String> view = viewOf(path);
    if (view.isEmpty()) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    request.getRequestDispatcher(view.get()).forward(request, response);
  }

  private static Optional<String> viewOf(String path) {
    Matcher user = USER_URL.matcher(path);
    if (user.matches()) {
      String name = parameter(user.group(1));
      return Optional.of(
          switch (user.group(2)) {
            case null -> "/profile.xhtml?name=" + name;
            case "likes" -> "/profile.xhtml?name=" + name + "&tab=likes";
            default -> "/connections.xhtml?name=" + name + "&list=" + user.group(2);
          });
    }
    Matcher post = POST_URL.matcher(path);
    if (post.matches()) {
      return Optional.of("/thread.xhtml?id=" + post.group(1));
    }
    Matcher tag = TAG_URL.matcher(path);
    if (tag.matches()) {
      return Optional.of("/tag.xhtml?tag=" + parameter(tag.group(1)));
    }
    return Optional.empty();
  }

  /** A path segment as a query parameter's value: decoded as a segment, encoded as a value. */
  private static String parameter(String segment) {
    return URLEncoder.encode(
        URLDecoder.decode(segment, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }
}
