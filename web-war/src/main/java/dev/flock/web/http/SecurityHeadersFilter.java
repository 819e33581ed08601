package dev.flock.web.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Headers that make the browser refuse what Flock never does: scripts and styles from elsewhere,
 * inline scripts, framing, MIME sniffing. Pages are personal, so no shared cache may keep them.
 */
public class SecurityHeadersFilter extends HttpFilter {

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    response.setHeader(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Referrer-Policy", "same-origin");
    if (!request.getRequestURI().startsWith(request.getContextPath() + "/resources/")
        && !request.getRequestURI().contains("/jakarta.faces.resource/")) {
      response.setHeader("Cache-Control", "private, no-store");
    }
    chain.doFilter(request, response);
  }
}
