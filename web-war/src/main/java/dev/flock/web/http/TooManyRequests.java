package dev.flock.web.http;

import dev.flock.core.FlockException;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;

/** How the site answers a request over a limit: 429, and when to come back if it is known. */
public final class TooManyRequests {

  public static final int STATUS = 429;

  /** The request attribute holding the sentence the 429 page shows. */
  public static final String MESSAGE = "flock.tooManyRequests.message";

  private TooManyRequests() {}

  /** Sets the status and {@code Retry-After} (whole seconds, rounded up) of {@code failure}. */
  public static void answer(HttpServletResponse response, FlockException failure) {
    response.setStatus(STATUS);
    failure
        .retryAfter()
        .ifPresent(wait -> response.setHeader("Retry-After", Long.toString(seconds(wait))));
  }

  private static long seconds(Duration wait) {
    return Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
  }
}
