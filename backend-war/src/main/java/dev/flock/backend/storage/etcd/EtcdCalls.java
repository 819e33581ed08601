package dev.flock.backend.storage.etcd;

import dev.flock.backend.storage.StorageUnavailableException;
import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Where the etcd adapters block on jetcd's futures, and only here: each storage call waits at most
 * its deadline, the sooner of its own timeout ({@code flock.etcd.timeout-ms}) and what is left of
 * the incoming gRPC call's deadline, so no answer is computed for a caller that has given up. A
 * caller already gone (deadline passed, call cancelled) starts no etcd request at all.
 *
 * <p>Within the deadline, an attempt is abandoned after a third of the timeout (the whole timeout
 * when a third is under 200 ms) and failures that may be transient are retried with a short
 * back-off; then the call throws {@link StorageUnavailableException}, never an empty or partial
 * answer.
 */
public final class EtcdCalls {

  private static final Duration FIRST_BACKOFF = Duration.ofMillis(20);
  private static final Duration MAX_BACKOFF = Duration.ofMillis(200);
  private static final Duration MIN_ATTEMPT = Duration.ofMillis(200);

  private final Duration timeout;
  private final Duration attemptTimeout;

  public EtcdCalls(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the etcd timeout must be positive, not " + timeout);
    }
    this.timeout = timeout;
    Duration third = timeout.dividedBy(3);
    this.attemptTimeout = third.compareTo(MIN_ATTEMPT) < 0 ? timeout : third;
  }

  /** A storage call's own timeout, before any caller's deadline. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * When a storage call starting now must be over, on {@link System#nanoTime()}'s scale: after its
   * own timeout, or when the incoming gRPC call's deadline passes if that is sooner. Throws {@link
   * StorageUnavailableException} at once when that caller has gone: nothing should start for it.
   */
  public long deadline(String what) {
    Context caller = Context.current();
    long budget = timeout.toNanos();
    Deadline callers = caller.getDeadline();
    if (callers != null) {
      budget = Math.min(budget, callers.timeRemaining(TimeUnit.NANOSECONDS));
    }
    if (caller.isCancelled() || budget <= 0) {
      throw unavailable(what + " not started: its caller has given up", null);
    }
    return System.nanoTime() + budget;
  }

  /**
   * Starts something that outlives the incoming gRPC call it is started in, such as a watch: jetcd
   * opens its streams in the current {@link Context}, and a stream opened in a call's context is
   * cancelled when that call ends.
   */
  public static <T> T outlivingTheCaller(Supplier<T> start) {
    Context detached = Context.current().fork();
    Context previous = detached.attach();
    try {
      return start.get();
    } finally {
      detached.detach(previous);
    }
  }

  /**
   * Runs {@code attempt} (a read, then a write guarded by what it read) until it gives an answer.
   * An attempt whose guard failed, because of a concurrent change or because an earlier attempt's
   * write was applied and its answer lost, gives none and is run again, until the deadline.
   */
  public <T> T untilApplied(String what, Supplier<Optional<T>> attempt) {
    long deadline = deadline(what);
    while (true) {
      Optional<T> answer = attempt.get();
      if (answer.isPresent()) {
        return answer.get();
      }
      if (System.nanoTime() - deadline >= 0) {
        throw unavailable(what + " kept meeting concurrent changes", null);
      }
    }
  }

  /**
   * Runs {@code request} until it succeeds, fails for good, or the deadline passes. Only requests
   * that are safe to apply twice may come here (every request of the etcd adapters is).
   */
  public <T> T await(String what, Supplier<CompletableFuture<T>> request) {
    long start = System.nanoTime();
    long deadline = deadline(what);
    long backoff = FIRST_BACKOFF.toNanos();
    int attempts = 0;
    Throwable last = null;
    while (true) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        long millis = (deadline - start) / 1_000_000;
        throw unavailable(
            what + " timed out after " + millis + " ms, " + attempts + " attempt(s)", last);
      }
      if (Context.current().isCancelled()) {
        throw unavailable(what + " given up after " + attempts + " attempt(s): caller gone", last);
      }
      attempts++;
      CompletableFuture<T> attempt = null;
      try {
        attempt = request.get();
        return attempt.get(Math.min(remaining, attemptTimeout.toNanos()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        attempt.cancel(false);
        last = e;
        continue; // the attempt may still land: harmless, as every request here is idempotent
      } catch (ExecutionException | RuntimeException e) {
        last = unwrap(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        if (attempt != null) {
          attempt.cancel(false);
        }
        throw unavailable(what + " was interrupted", e);
      }
      if (!mayBeTransient(last)) {
        throw unavailable(what + " failed", last);
      }
      long pause = Math.min(backoff, deadline - System.nanoTime());
      if (pause > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(pause);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw unavailable(what + " was interrupted", e);
        }
      }
      backoff = Math.min(2 * backoff, MAX_BACKOFF.toNanos());
    }
  }

  /**
   * Failures worth another attempt: the member or the cluster may answer differently in a moment
   * (no leader, leader changed, connection lost, etcd's own timeout). A request etcd refuses (too
   * large, too many operations, bad argument) fails again, so it is not retried.
   */
  static boolean mayBeTransient(Throwable failure) {
    Status.Code code = codeOf(failure);
    return switch (code) {
      case INVALID_ARGUMENT,
          FAILED_PRECONDITION,
          OUT_OF_RANGE,
          PERMISSION_DENIED,
          UNAUTHENTICATED,
          UNIMPLEMENTED,
          NOT_FOUND,
          ALREADY_EXISTS ->
          false;
      default ->
          !(failure instanceof IllegalStateException
              || failure instanceof IllegalArgumentException);
    };
  }

  /** The gRPC status code of a failure as jetcd reports it (UNKNOWN for anything else). */
  static Status.Code codeOf(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof EtcdException etcd) {
      return Status.Code.valueOf(etcd.getErrorCode().name());
    }
    if (cause instanceof StatusRuntimeException grpc) {
      return grpc.getStatus().getCode();
    }
    return Status.fromThrowable(cause).getCode();
  }

  /** The failure inside the wrappers that futures put around it. */
  static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof ExecutionException || cause instanceof CompletionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  static StorageUnavailableException unavailable(String detail, Throwable cause) {
    String reason = cause == null ? "" : ": " + describe(cause);
    return new StorageUnavailableException("etcd: " + detail + reason, cause);
  }

  private static String describe(Throwable failure) {
    if (failure instanceof TimeoutException) {
      return "no answer in time";
    }
    return failure.getClass().getSimpleName() + " " + failure.getMessage();
  }
}
