package dev.flock.bench;

import java.util.Optional;

/**
 * What one wrk run measured, from the {@code BENCH_RESULT} line of bench/wrk/flock.lua: requests
 * completed, the run's length and latency percentiles in microseconds, and errors. A request counts
 * as an error when its socket failed or its response lacked its marker (wrong status included).
 */
record WrkResult(
    long requests,
    long durationMicros,
    long p50Micros,
    long p99Micros,
    long socketErrors,
    long markerErrors) {

  static Optional<WrkResult> parse(String wrkOutput) {
    return ResultLine.last(wrkOutput, "BENCH_RESULT")
        .map(
            line ->
                new WrkResult(
                    line.number("requests"),
                    line.number("duration_us"),
                    line.number("p50_us"),
                    line.number("p99_us"),
                    line.number("socket_errors"),
                    line.number("marker_errors")));
  }

  /** Requests per second over the run. */
  double rate() {
    return requests / (durationMicros / 1e6);
  }

  double p50Millis() {
    return p50Micros / 1000.0;
  }

  double p99Millis() {
    return p99Micros / 1000.0;
  }

  long errors() {
    return socketErrors + markerErrors;
  }
}
