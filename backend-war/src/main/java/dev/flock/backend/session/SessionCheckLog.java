package dev.flock.backend.session;

import dev.flock.grpc.telemetry.RequestLine;
import io.opentelemetry.api.trace.Span;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * One log line per REST request (the session checks), like the one per RPC: method, path, status,
 * duration, and the trace and span ids of Payara's server span, which continues the web tier's
 * trace.
 */
@Provider
public class SessionCheckLog implements ContainerRequestFilter, ContainerResponseFilter {

  private static final String START = SessionCheckLog.class.getName() + ".start";

  @Override
  public void filter(ContainerRequestContext request) {
    request.setProperty(START, System.nanoTime());
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    long nanos = request.getProperty(START) instanceof Long start ? System.nanoTime() - start : 0;
    Span span = Span.current();
    RequestLine.log(
        "http",
        request.getMethod() + " " + request.getUriInfo().getRequestUri().getRawPath(),
        Integer.toString(response.getStatus()),
        nanos,
        span);
  }
}
