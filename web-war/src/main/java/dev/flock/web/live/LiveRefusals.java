package dev.flock.web.live;

import dev.flock.core.FlockException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A stream refused before it began: a status {@code live.js} understands (it tries again later,
 * after {@code Retry-After}) and one plain sentence, never a page or a stack trace.
 */
@Provider
public class LiveRefusals implements ExceptionMapper<FlockException> {

  private static final long RETRY_SECONDS_WHEN_UNAVAILABLE = 5;

  @Override
  public Response toResponse(FlockException refusal) {
    Response.ResponseBuilder answer =
        switch (refusal.reason()) {
          case UNAUTHENTICATED -> Response.status(Response.Status.UNAUTHORIZED);
          case INVALID_ARGUMENT, FAILED_PRECONDITION, NOT_FOUND, ALREADY_EXISTS ->
              Response.status(Response.Status.BAD_REQUEST);
          case RESOURCE_EXHAUSTED, UNAVAILABLE ->
              Response.status(Response.Status.SERVICE_UNAVAILABLE)
                  .header(
                      "Retry-After",
                      refusal
                          .retryAfter()
                          .map(wait -> Math.max(1, wait.toSeconds()))
                          .orElse(RETRY_SECONDS_WHEN_UNAVAILABLE));
        };
    return answer
        .type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
        .entity(refusal.getMessage())
        .build();
  }
}
