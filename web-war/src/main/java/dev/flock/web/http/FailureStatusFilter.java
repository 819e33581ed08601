package dev.flock.web.http;

import dev.flock.core.FlockException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns a failed request into the right status and its friendly error page (web.xml): an unknown
 * user is 404, a backend that cannot answer is 503, a visitor who must sign in is sent to the
 * sign-in page, anything else is 500 with the details in the log only, never on the page. It runs
 * on requests and on the forwards from pretty URLs, so that no failure reaches the container, which
 * logs a stack trace for each.
 */
public class FailureStatusFilter extends HttpFilter {

  private static final Logger LOG = Logger.getLogger(FailureStatusFilter.class.getName());

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    try {
      chain.doFilter(request, response);
    } catch (ServletException | IOException | RuntimeException failure) {
      FlockException flock = flockCause(failure);
      if (response.isCommitted()) {
        LOG.log(
            Level.WARNING,
            "Request failed after the answer had begun: " + request.getRequestURI(),
            failure);
        return;
      }
      response.resetBuffer();
      if (flock == null) {
        LOG.log(Level.SEVERE, "Request failed: " + request.getRequestURI(), failure);
        response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        return;
      }
      switch (flock.reason()) {
        case NOT_FOUND -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
        case UNAUTHENTICATED -> response.sendRedirect(signInUrl(request));
        case INVALID_ARGUMENT, FAILED_PRECONDITION ->
            response.sendError(HttpServletResponse.SC_BAD_REQUEST);
        case RESOURCE_EXHAUSTED -> {
          TooManyRequests.answer(response, flock);
          request.setAttribute(TooManyRequests.MESSAGE, flock.getMessage());
          response.sendError(TooManyRequests.STATUS);
        }
        default -> {
          LOG.log(
              Level.WARNING,
              "Backend unavailable for " + request.getRequestURI() + ": " + flock.getMessage());
          response.setHeader("Retry-After", "5");
          response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        }
      }
    }
  }

  private static String signInUrl(HttpServletRequest request) {
    // within a forward from a pretty URL, back to that URL, not to the page it was forwarded to
    Object forwardedFrom = request.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI);
    String uri = forwardedFrom instanceof String original ? original : request.getRequestURI();
    String back = uri.substring(request.getContextPath().length());
    return request.getContextPath()
        + "/login?next="
        + URLEncoder.encode(back, StandardCharsets.UTF_8);
  }

  private static FlockException flockCause(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof FlockException flock) {
        return flock;
      }
    }
    return null;
  }
}
