package dev.flock.backend.storage.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.flock.backend.storage.StorageUnavailableException;
import io.grpc.Context;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Waiting, retrying and giving up on etcd's futures, with futures that stand in for etcd. */
class EtcdCallsTest {

  private static final Duration TIMEOUT = Duration.ofMillis(900);

  /** Scheduling slack on a busy 2-core machine. */
  private static final Duration MARGIN = Duration.ofMillis(700);

  private final EtcdCalls calls = new EtcdCalls(TIMEOUT);
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final AtomicInteger attempts = new AtomicInteger();

  /** Every attempt made, to see which were cancelled. */
  private final List<CompletableFuture<String>> made = new CopyOnWriteArrayList<>();

  @AfterEach
  void stopScheduler() {
    scheduler.shutdownNow();
  }

  @Test
  void anAnswerIsReturned() {
    assertThat(calls.await("read", () -> attempt(CompletableFuture.completedFuture("answer"))))
        .isEqualTo("answer");
    assertThat(attempts).hasValue(1);
  }

  @Test
  void aGuardedWriteIsAttemptedAgainUntilItsGuardHoldsOrTheDeadlinePasses() {
    assertThat(
            calls.untilApplied(
                "follow", () -> attempts.incrementAndGet() < 3 ? Optional.empty() : Optional.of(7)))
        .isEqualTo(7);
    assertThat(attempts).hasValue(3);

    long start = System.nanoTime();
    assertThatThrownBy(() -> calls.untilApplied("follow of bob by ann", Optional::empty))
        .isInstanceOf(StorageUnavailableException.class)
        .hasMessageContaining("follow of bob by ann kept meeting concurrent changes");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(TIMEOUT)
        .isLessThan(TIMEOUT.plus(MARGIN));
  }

  @Test
  void aFailureThatMayBeTransientIsRetriedUntilAnAttemptSucceeds() {
    String answer =
        calls.await(
            "read",
            () ->
                attempts.get() < 2
                    ? attempt(
                        CompletableFuture.failedFuture(Status.UNAVAILABLE.asRuntimeException()))
                    : attempt(CompletableFuture.completedFuture("at last")));

    assertThat(answer).isEqualTo("at last");
    assertThat(attempts).hasValue(3);
  }

  @Test
  void aRequestEtcdRefusesFailsAtOnceWithoutARetry() {
    StorageUnavailableException failure =
        catchThrowableOfType(
            StorageUnavailableException.class,
            () ->
                calls.await(
                    "write",
                    () ->
                        attempt(
                            CompletableFuture.failedFuture(
                                Status.INVALID_ARGUMENT
                                    .withDescription("too many operations")
                                    .asRuntimeException()))));

    assertThat(attempts).hasValue(1);
    assertThat(failure).hasMessageContaining("write failed").hasMessageContaining("too many");
  }

  @Test
  void aFailureOfTheRequestItselfIsUnwrappedAndNotRetried() {
    assertThatThrownBy(
            () ->
                calls.await(
                    "read",
                    () -> {
                      attempts.incrementAndGet();
                      throw new IllegalArgumentException("not a key");
                    }))
        .isInstanceOf(StorageUnavailableException.class)
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(attempts).hasValue(1);
  }

  @Test
  void aRequestThatNeverAnswersFailsAtTheTimeoutAfterAbandonedAttempts() {
    long start = System.nanoTime();

    assertThatThrownBy(() -> calls.await("read", () -> attempt(new CompletableFuture<>())))
        .isInstanceOf(StorageUnavailableException.class)
        .hasMessageContaining("read timed out after 900 ms");

    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).isBetween(TIMEOUT, TIMEOUT.plus(MARGIN));
    assertThat(attempts.get()).as("a third of the timeout each").isBetween(2, 3);
    assertThat(made).allMatch(CompletableFuture::isCancelled);
  }

  @Test
  void aTransientFailureThatLastsFailsAtTheTimeout() {
    long start = System.nanoTime();

    assertThatThrownBy(
            () ->
                calls.await(
                    "read",
                    () ->
                        attempt(
                            CompletableFuture.failedFuture(
                                Status.UNAVAILABLE.asRuntimeException()))))
        .isInstanceOf(StorageUnavailableException.class)
        .hasMessageContaining("timed out")
        .hasCauseInstanceOf(io.grpc.StatusRuntimeException.class);

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isBetween(TIMEOUT, TIMEOUT.plus(MARGIN));
    assertThat(attempts.get()).as("backing off between attempts").isBetween(4, 12);
  }

  @Test
  void theCallersDeadlineWhenSoonerThanTheTimeoutEndsTheCall() {
    Duration took = timeToFailWithACallerDeadlineIn(Duration.ofMillis(150));

    assertThat(took).isBetween(Duration.ofMillis(100), Duration.ofMillis(150).plus(MARGIN));
    assertThat(took).isLessThan(TIMEOUT);
  }

  @Test
  void theTimeoutWhenSoonerThanTheCallersDeadlineEndsTheCall() {
    assertThat(timeToFailWithACallerDeadlineIn(Duration.ofSeconds(30)))
        .isBetween(TIMEOUT, TIMEOUT.plus(MARGIN));
  }

  @Test
  void aCallerWhoseDeadlineHasPassedStartsNoRequest() throws Exception {
    Context.CancellableContext caller =
        Context.current().withDeadlineAfter(1, TimeUnit.MILLISECONDS, scheduler);
    Thread.sleep(50);
    long start = System.nanoTime();
    try {
      assertThatThrownBy(() -> caller.call(() -> calls.await("read", this::answered)))
          .isInstanceOf(StorageUnavailableException.class)
          .hasMessageContaining("not started");
    } finally {
      caller.cancel(null);
    }

    assertThat(attempts).hasValue(0);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
  }

  @Test
  void aCancelledCallerStartsNoRequest() {
    Context.CancellableContext caller = Context.current().withCancellation();
    caller.cancel(null);

    assertThatThrownBy(() -> caller.call(() -> calls.await("read", this::answered)))
        .isInstanceOf(StorageUnavailableException.class)
        .hasMessageContaining("not started");
    assertThat(attempts).hasValue(0);
  }

  @Test
  void aCallerCancelledBetweenAttemptsStopsTheRetries() {
    Context.CancellableContext caller = Context.current().withCancellation();

    assertThatThrownBy(
            () ->
                caller.call(
                    () ->
                        calls.await(
                            "read",
                            () -> {
                              caller.cancel(null);
                              return attempt(
                                  CompletableFuture.failedFuture(
                                      Status.UNAVAILABLE.asRuntimeException()));
                            })))
        .isInstanceOf(StorageUnavailableException.class)
        .hasMessageContaining("caller gone");
    assertThat(attempts).hasValue(1);
  }

  @Test
  void anInterruptedWaitFailsAndKeepsTheInterrupt() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> calls.await("read", () -> attempt(new CompletableFuture<>())))
          .isInstanceOf(StorageUnavailableException.class)
          .hasMessageContaining("interrupted");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void theTimeoutMustBePositive() {
    assertThatThrownBy(() -> new EtcdCalls(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void etcdsOwnTimeoutsAndLostConnectionsMayBeTransientItsRefusalsAreNot() {
    assertThat(EtcdCalls.mayBeTransient(Status.UNAVAILABLE.asRuntimeException())).isTrue();
    assertThat(EtcdCalls.mayBeTransient(Status.DEADLINE_EXCEEDED.asRuntimeException())).isTrue();
    assertThat(EtcdCalls.mayBeTransient(Status.UNKNOWN.asRuntimeException())).isTrue();
    assertThat(EtcdCalls.mayBeTransient(Status.INVALID_ARGUMENT.asRuntimeException())).isFalse();
    assertThat(EtcdCalls.mayBeTransient(Status.NOT_FOUND.asRuntimeException())).isFalse();
    assertThat(EtcdCalls.mayBeTransient(new IllegalStateException("bad value"))).isFalse();
  }

  /** How long a request that never answers takes to fail for a caller with {@code deadline}. */
  private Duration timeToFailWithACallerDeadlineIn(Duration deadline) {
    Context.CancellableContext caller =
        Context.current().withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS, scheduler);
    long start = System.nanoTime();
    try {
      assertThatThrownBy(
              () ->
                  caller.call(() -> calls.await("read", () -> attempt(new CompletableFuture<>()))))
          .isInstanceOf(StorageUnavailableException.class);
    } finally {
      caller.cancel(null);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private CompletableFuture<String> answered() {
    return attempt(CompletableFuture.completedFuture("answer"));
  }

  private CompletableFuture<String> attempt(CompletableFuture<String> future) {
    attempts.incrementAndGet();
    made.add(future);
    return future;
  }
}
