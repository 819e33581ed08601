package dev.flock.web.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bookmarkable user URLs: {@code /users/bob} shows bob's profile, {@code /users/bob/likes} the
 * posts he likes, {@code /users/bob/followers} and {@code /users/bob/following} his connections.
 * They are forwarded to the Faces views with the name as a request parameter; anything else under
 * {@code /users/} is a 404.
 */
public class UserUrlFilter extends HttpFilter {

  private static final Pattern USER_URL =
      Pattern.compile("/users/([^/]+)(?:/(followers|following|likes))?/?");

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (path.equals("/users") || path.equals("/users/")) {
      chain.doFilter(request, response);
      return;
    }
    Matcher match = USER_URL.matcher(path);
    if (!match.matches()) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    String name = URLEncoder.encode(decoded(match.group(1)), StandardCharsets.UTF_8);
    String view =
        switch (match.group(2)) {
          case null -> "/profile.xhtml?name=" + name;
          case "likes" -> "/profile.xhtml?name=" + name + "&tab=likes";
          default -> "/connections.xhtml?name=" + name + "&list=" + match.group(2);
        };
    request.getRequestDispatcher(view).forward(request, response);
  }

  private static String decoded(String segment) {
    return java.net.URLDecoder.decode(segment, StandardCharsets.UTF_8);
  }
}
