package dev.flock.core;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure the user or the calling tier can act on. Its message is written for people: it travels
 * as the gRPC status description and is shown on the page as it is.
 */
public class FlockException extends RuntimeException {

  /** What a user reads when Flock cannot answer right now, whichever part failed. */
  public static final String TEMPORARILY_UNAVAILABLE =
      "Flock is temporarily unavailable. Please try again in a moment.";

  /** What went wrong, in the terms of the contract; each maps to exactly one gRPC code. */
  public enum Reason {
    INVALID_ARGUMENT,
    ALREADY_EXISTS,
    NOT_FOUND,
    /** The request is fine, but the user's state forbids it until they change it. */
    FAILED_PRECONDITION,
    UNAUTHENTICATED,
    RESOURCE_EXHAUSTED,
    UNAVAILABLE
  }

  private final Reason reason;
  private final Duration retryAfter;

  public FlockException(Reason reason, String message) {
    this(reason, message, null);
  }

  public FlockException(Reason reason, String message, Throwable cause) {
    this(reason, message, null, cause);
  }

  public FlockException(Reason reason, String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.retryAfter = retryAfter;
  }

  public Reason reason() {
    return reason;
  }

  /** How long to wait before trying again, when the failure says so (a rate limit does). */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  public static FlockException invalid(String message) {
    return new FlockException(Reason.INVALID_ARGUMENT, message);
  }

  public static FlockException alreadyExists(String message) {
    return new FlockException(Reason.ALREADY_EXISTS, message);
  }

  public static FlockException notFound(String message) {
    return new FlockException(Reason.NOT_FOUND, message);
  }

  public static FlockException failedPrecondition(String message) {
    return new FlockException(Reason.FAILED_PRECONDITION, message);
  }

  public static FlockException unauthenticated(String message) {
    return new FlockException(Reason.UNAUTHENTICATED, message);
  }

  /** RESOURCE_EXHAUSTED: too many attempts; the next is welcome after {@code retryAfter}. */
  public static FlockException tooManyAttempts(String message, Duration retryAfter) {
    return new FlockException(Reason.RESOURCE_EXHAUSTED, message, retryAfter, null);
  }

  public static FlockException unavailable(String message, Throwable cause) {
    return new FlockException(Reason.UNAVAILABLE, message, cause);
  }
}
