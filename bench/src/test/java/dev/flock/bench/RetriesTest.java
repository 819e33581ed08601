package dev.flock.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetriesTest {

  private final Retries retries = new Retries(Duration.ofMillis(1));
  private final AtomicInteger sent = new AtomicInteger();

  @Test
  void aRepeatableCallIsSentAgainWhileTheBackendIsUnavailableForNow() {
    String answer =
        retries.repeatable(
            () -> {
              if (sent.incrementAndGet() < 3) {
                throw Status.UNAVAILABLE.asRuntimeException();
              }
              return "done";
            });

    assertThat(answer).isEqualTo("done");
    assertThat(sent).hasValue(3);
  }

  @Test
  void anyOtherFailureAndTheLastTryAreTheCallersAtOnce() {
    assertThatThrownBy(
            () ->
                retries.repeatable(
                    () -> {
                      sent.incrementAndGet();
                      throw Status.ALREADY_EXISTS.asRuntimeException();
                    }))
        .isInstanceOf(StatusRuntimeException.class);
    assertThat(sent).hasValue(1);

    sent.set(0);
    assertThatThrownBy(
            () ->
                retries.repeatable(
                    () -> {
                      sent.incrementAndGet();
                      throw Status.UNAVAILABLE.asRuntimeException();
                    }))
        .isInstanceOf(StatusRuntimeException.class);
    assertThat(sent).hasValue(Retries.ATTEMPTS);
  }

  @Test
  void aCallNotSafeToRepeatIsNotSentAgainWhenItTookEffectAfterAll() {
    AtomicInteger stored = new AtomicInteger();

    retries.unlessDone(
        () -> {
          sent.incrementAndGet();
          stored.incrementAndGet(); // applied, but its answer is lost
          throw Status.UNAVAILABLE.asRuntimeException();
        },
        () -> stored.get() > 0);

    assertThat(sent).hasValue(1);
    assertThat(stored).hasValue(1);
  }

  @Test
  void aCallNotSafeToRepeatIsSentAgainWhenItDidNotTakeEffect() {
    AtomicInteger stored = new AtomicInteger();

    retries.unlessDone(
        () -> {
          if (sent.incrementAndGet() == 1) {
            throw Status.DEADLINE_EXCEEDED.asRuntimeException();
          }
          stored.incrementAndGet();
        },
        () -> stored.get() > 0);

    assertThat(sent).hasValue(2);
    assertThat(stored).hasValue(1);
  }

  @Test
  void theCheckWhetherACallTookEffectIsSentAgainWhileTheBackendIsUnavailableForNow() {
    AtomicInteger stored = new AtomicInteger();
    AtomicInteger checked = new AtomicInteger();

    retries.unlessDone(
        () -> {
          sent.incrementAndGet();
          stored.incrementAndGet();
          throw Status.UNAVAILABLE.asRuntimeException();
        },
        () -> {
          if (checked.incrementAndGet() < 3) {
            throw Status.UNAVAILABLE.asRuntimeException();
          }
          return stored.get() > 0;
        });

    assertThat(checked).hasValue(3);
    assertThat(sent).hasValue(1);
    assertThat(stored).hasValue(1);
  }
}
