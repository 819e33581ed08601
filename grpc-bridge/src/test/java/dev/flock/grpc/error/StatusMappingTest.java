package dev.flock.grpc.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flock.core.FlockException;
import io.grpc.Status;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StatusMappingTest {

  @ParameterizedTest
  @EnumSource(
      value = FlockException.Reason.class,
      names = {"UNAVAILABLE", "RESOURCE_EXHAUSTED"},
      mode = EnumSource.Mode.EXCLUDE)
  void everyReasonSurvivesTheWireWithItsMessage(FlockException.Reason reason) {
    Status status = StatusMapping.toStatus(new FlockException(reason, "a message for people"));
    FlockException back = StatusMapping.toException(status.asRuntimeException());
    assertThat(back.reason()).isEqualTo(reason);
    assertThat(back.getMessage()).isEqualTo("a message for people");
  }

  @Test
  void aRateLimitSurvivesTheWireWithItsMessageAndDelay() {
    FlockException limited =
        FlockException.tooManyAttempts("Slow down a little.", Duration.ofMillis(7_250));

    FlockException back =
        StatusMapping.toException(
            StatusMapping.toStatus(limited).asRuntimeException(StatusMapping.toTrailers(limited)));

    assertThat(back.reason()).isEqualTo(FlockException.Reason.RESOURCE_EXHAUSTED);
    assertThat(back.getMessage()).isEqualTo("Slow down a little.");
    assertThat(back.retryAfter()).contains(Duration.ofMillis(7_250));
  }

  /**
   * A server over its bound of calls says RESOURCE_EXHAUSTED with no delay: not the user's fault.
   */
  @Test
  void aBusyServerIsUnavailableNotARateLimit() {
    FlockException failure =
        StatusMapping.toException(
            Status.RESOURCE_EXHAUSTED.withDescription("busy right now").asRuntimeException());

    assertThat(failure.reason()).isEqualTo(FlockException.Reason.UNAVAILABLE);
    assertThat(failure.getMessage()).contains("temporarily unavailable");
    assertThat(failure.retryAfter()).isEmpty();
  }

  @Test
  void eachReasonHasItsOwnCode() {
    assertThat(
            EnumSet.allOf(FlockException.Reason.class).stream()
                .map(reason -> StatusMapping.toStatus(new FlockException(reason, "m")).getCode())
                .distinct())
        .hasSize(FlockException.Reason.values().length);
  }

  @Test
  void unexpectedFailuresBecomeInternalWithoutTheirDetails() {
    Status status = StatusMapping.toStatus(new IllegalStateException("secret stack detail"));
    assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(status.getDescription()).doesNotContain("secret");
  }

  @Test
  void transportFailuresReachTheClientAsUnavailableWithAFriendlyMessage() {
    for (Status status :
        new Status[] {
          Status.UNAVAILABLE, Status.DEADLINE_EXCEEDED, Status.INTERNAL, Status.UNKNOWN
        }) {
      FlockException failure =
          StatusMapping.toException(status.withDescription("io details").asRuntimeException());
      assertThat(failure.reason()).isEqualTo(FlockException.Reason.UNAVAILABLE);
      assertThat(failure.getMessage())
          .contains("temporarily unavailable")
          .doesNotContain("io details");
    }
  }
}
