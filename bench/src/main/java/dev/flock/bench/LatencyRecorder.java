package dev.flock.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** The result of one timed run: operations, errors and a latency histogram (microseconds). */
final class LatencyRecorder {

  private final Histogram histogram = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
  private long errors;

  void record(long nanos) {
    histogram.recordValue(
        Math.min(TimeUnit.NANOSECONDS.toMicros(nanos), histogram.getHighestTrackableValue()));
  }

  void error() {
    errors++;
  }

  synchronized void add(LatencyRecorder other) {
    histogram.add(other.histogram);
    errors += other.errors;
  }

  /**
   * One line the runner reads: {@code RESULT op=... conns=... rps=... p50_ms=... p99_ms=...
   * errors=... requests=...}.
   */
  String line(String op, int conns, double seconds) {
    long count = histogram.getTotalCount();
    return String.format(
        "RESULT op=%s conns=%d rps=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d requests=%d",
        op,
        conns,
        count / seconds,
        histogram.getValueAtPercentile(50) / 1000.0,
        histogram.getValueAtPercentile(99) / 1000.0,
        errors,
        count + errors);
  }
}
