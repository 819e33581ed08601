package dev.flock.grpc.error;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.RetryInfo;
import dev.flock.core.FlockException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;

/** The one place where Flock's errors become gRPC status codes, and status codes become errors. */
public final class StatusMapping {

  static final String INTERNAL_MESSAGE = "Something went wrong on our side. Please try again.";

  private StatusMapping() {}

  /** The status a server answers with when a call failed with {@code failure}. */
  public static Status toStatus(Throwable failure) {
    if (failure instanceof StatusRuntimeException statusException) {
      return statusException.getStatus();
    }
    if (failure instanceof FlockException flock) {
      return codeOf(flock.reason()).toStatus().withDescription(flock.getMessage());
    }
    if (failure instanceof ConstraintViolationException violations) {
      return Status.INVALID_ARGUMENT.withDescription(messagesOf(violations));
    }
    // Anything else is a bug: its details stay in the server log, never on the wire.
    return Status.INTERNAL.withDescription(INTERNAL_MESSAGE);
  }

  /**
   * The trailers a server sends with {@link #toStatus}: a retry delay travels as gRPC's standard
   * {@code google.rpc.RetryInfo} detail, so any gRPC client can read it.
   */
  public static Metadata toTrailers(Throwable failure) {
    if (!(failure instanceof FlockException flock) || flock.retryAfter().isEmpty()) {
      return new Metadata();
    }
    Status status = toStatus(failure);
    Duration delay = flock.retryAfter().get();
    RetryInfo retry =
        RetryInfo.newBuilder()
            .setRetryDelay(
                com.google.protobuf.Duration.newBuilder()
                    .setSeconds(delay.getSeconds())
                    .setNanos(delay.getNano()))
            .build();
    com.google.rpc.Status detailed =
        com.google.rpc.Status.newBuilder()
            .setCode(status.getCode().value())
            .setMessage(String.valueOf(status.getDescription()))
            .addDetails(Any.pack(retry))
            .build();
    Metadata trailers = StatusProto.toStatusRuntimeException(detailed).getTrailers();
    return trailers == null ? new Metadata() : trailers;
  }

  /** The error a client sees for a failed call. */
  public static FlockException toException(StatusRuntimeException failure) {
    Status status = failure.getStatus();
    String description = status.getDescription();
    Optional<Duration> retryDelay = retryDelayOf(failure);
    return switch (status.getCode()) {
      case INVALID_ARGUMENT ->
          new FlockException(FlockException.Reason.INVALID_ARGUMENT, description, failure);
      case ALREADY_EXISTS ->
          new FlockException(FlockException.Reason.ALREADY_EXISTS, description, failure);
      case NOT_FOUND -> new FlockException(FlockException.Reason.NOT_FOUND, description, failure);
      case FAILED_PRECONDITION ->
          new FlockException(FlockException.Reason.FAILED_PRECONDITION, description, failure);
      case UNAUTHENTICATED ->
          new FlockException(FlockException.Reason.UNAUTHENTICATED, description, failure);
      // Flock's own RESOURCE_EXHAUSTED (a rate limit) always says when to come back; without that,
      // it is gRPC's (a server too busy to take the call): the service's trouble, not the user's.
      case RESOURCE_EXHAUSTED ->
          retryDelay.isPresent()
              ? new FlockException(
                  FlockException.Reason.RESOURCE_EXHAUSTED, description, retryDelay.get(), failure)
              : unavailable(failure);
      default -> unavailable(failure);
    };
  }

  private static FlockException unavailable(StatusRuntimeException failure) {
    return new FlockException(
        FlockException.Reason.UNAVAILABLE, FlockException.TEMPORARILY_UNAVAILABLE, failure);
  }

  private static Optional<Duration> retryDelayOf(StatusRuntimeException failure) {
    com.google.rpc.Status detailed = StatusProto.fromThrowable(failure);
    if (detailed == null) {
      return Optional.empty();
    }
    for (Any detail : detailed.getDetailsList()) {
      if (detail.is(RetryInfo.class)) {
        try {
          var delay = detail.unpack(RetryInfo.class).getRetryDelay();
          return Optional.of(Duration.ofSeconds(delay.getSeconds(), delay.getNanos()));
        } catch (InvalidProtocolBufferException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private static Status.Code codeOf(FlockException.Reason reason) {
    return switch (reason) {
      case INVALID_ARGUMENT -> Status.Code.INVALID_ARGUMENT;
      case ALREADY_EXISTS -> Status.Code.ALREADY_EXISTS;
      case NOT_FOUND -> Status.Code.NOT_FOUND;
      case FAILED_PRECONDITION -> Status.Code.FAILED_PRECONDITION;
      case UNAUTHENTICATED -> Status.Code.UNAUTHENTICATED;
      case RESOURCE_EXHAUSTED -> Status.Code.RESOURCE_EXHAUSTED;
      case UNAVAILABLE -> Status.Code.UNAVAILABLE;
    };
  }

  private static String messagesOf(ConstraintViolationException violations) {
    return violations.getConstraintViolations().stream()
        .map(ConstraintViolation::getMessage)
        .sorted()
        .collect(Collectors.joining(" "));
  }
}
