package dev.flock.web.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

/**
 * What every answer carries, error pages included (the filter runs again on the error dispatch,
 * because sending an error drops the headers set before it): headers that make the browser refuse
 * what Flock never does (scripts and styles from elsewhere, inline scripts, framing, MIME
 * sniffing), no caching of personal pages, and redirects that are relative. The container would
 * make a {@code Location} absolute from the request's Host header and scheme, which behind a TLS
 * proxy sends users to {@code http://}; a relative one is resolved by the browser against the
 * address it used.
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
    chain.doFilter(request, new RelativeRedirects(response));
  }

  /** {@link HttpServletResponse#sendRedirect} with the location as given: 302, nothing added. */
  private static final class RelativeRedirects extends HttpServletResponseWrapper {

    RelativeRedirects(HttpServletResponse response) {
      super(response);
    }

    @Override
    public void sendRedirect(String location) {
      if (isCommitted()) {
        throw new IllegalStateException("The response is already committed");
      }
      resetBuffer();
      setStatus(SC_FOUND);
      setHeader("Location", location);
    }
  }
}
