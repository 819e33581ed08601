package dev.flock.grpc.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LastMinuteTest {

  private static final long SECOND = 1_000_000_000L;
  private static final long MILLI = 1_000_000L;

  private final AtomicLong now = new AtomicLong(5 * SECOND);
  private final LastMinute lastMinute = new LastMinute(now::get);

  @Test
  void nothingRecordedIsAllZeros() {
    now.addAndGet(10 * SECOND);

    LastMinute.Figures figures = lastMinute.figures();

    assertThat(figures.perSecond()).isZero();
    assertThat(figures.errorRate()).isZero();
    assertThat(figures.p99Millis()).isZero();
    assertThat(figures.seconds()).hasSize(60).allMatch(second -> second.calls() == 0);
  }

  @Test
  void countsRatesErrorsAndPercentilesOfTheFullSecondsOnly() {
    for (int second = 0; second < 30; second++) {
      for (int call = 0; call < 99; call++) {
        lastMinute.record(2 * MILLI, false);
      }
      lastMinute.record(100 * MILLI, true);
      now.addAndGet(SECOND);
    }
    lastMinute.record(5 * MILLI, true); // the second under way: not counted yet

    LastMinute.Figures figures = lastMinute.figures();

    assertThat(figures.perSecond()).isCloseTo(3000 / 60.0, within(1e-9));
    assertThat(figures.errorRate()).isCloseTo(0.01, within(1e-9));
    assertThat(figures.p50Millis()).isBetween(2.0, 2.0 * 1.19);
    assertThat(figures.p99Millis()).isBetween(2.0, 2.0 * 1.19);
    assertThat(figures.seconds().subList(0, 30)).allMatch(second -> second.calls() == 0);
    assertThat(figures.seconds().subList(30, 60))
        .allMatch(second -> second.calls() == 100 && second.errors() == 1);
  }

  @Test
  void theSlowestPercentFixesTheNinetyNinthPercentile() {
    for (int call = 0; call < 97; call++) {
      lastMinute.record(MILLI, false);
    }
    for (int call = 0; call < 3; call++) {
      lastMinute.record(250 * MILLI, false);
    }
    now.addAndGet(SECOND);

    LastMinute.Figures figures = lastMinute.figures();

    assertThat(figures.p50Millis()).isBetween(1.0, 1.19);
    assertThat(figures.p99Millis()).isBetween(250.0, 250.0 * 1.19);
    assertThat(figures.seconds().getLast().p99Millis()).isEqualTo(figures.p99Millis());
  }

  @Test
  void aSecondOlderThanAMinuteIsForgottenWhenItsSlotIsReused() {
    lastMinute.record(MILLI, true);
    now.addAndGet(61 * SECOND);
    lastMinute.record(MILLI, false);
    now.addAndGet(SECOND);

    LastMinute.Figures figures = lastMinute.figures();

    assertThat(figures.perSecond()).isCloseTo(1 / 60.0, within(1e-9));
    assertThat(figures.errorRate()).isZero();
  }

  @Test
  void bucketsCoverMicrosecondsToMinutesWithinNineteenPercent() {
    for (long nanos : new long[] {1_000, 37_000, 1_234_567, 999 * MILLI, 90 * SECOND}) {
      double upper = LastMinute.upperBoundMillis(LastMinute.bucketOf(nanos));
      double millis = nanos / 1e6;
      assertThat(upper).isBetween(millis, millis * 1.19 + 1e-9);
    }
    assertThat(LastMinute.bucketOf(0)).isZero();
    assertThat(LastMinute.bucketOf(Long.MAX_VALUE)).isEqualTo(LastMinute.bucketOf(10_000 * SECOND));
  }
}
