package dev.flock.web.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/** The rest of the chain after a filter: records what reached it, then does {@code then}. */
public final class RestOfChain implements FilterChain {

  private final FilterChain then;
  private ServletRequest request;
  private ServletResponse response;

  private RestOfChain(FilterChain then) {
    this.then = then;
  }

  /** A chain that serves the request without doing anything. */
  public static RestOfChain serving() {
    return new RestOfChain((request, response) -> {});
  }

  public static RestOfChain doing(FilterChain then) {
    return new RestOfChain(then);
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response)
      throws IOException, ServletException {
    if (this.request != null) {
      throw new IllegalStateException("The chain was called twice");
    }
    this.request = request;
    this.response = response;
    then.doFilter(request, response);
  }

  public boolean reached() {
    return request != null;
  }

  /** The request as it reached the rest of the chain, or null. */
  public ServletRequest request() {
    return request;
  }

  /** The response as it reached the rest of the chain, or null. */
  public ServletResponse response() {
    return response;
  }
}
