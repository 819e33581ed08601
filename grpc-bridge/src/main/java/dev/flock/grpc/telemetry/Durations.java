package dev.flock.grpc.telemetry;

import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import java.util.List;

/** The one shape of Flock's duration histograms: seconds, with buckets from 0.25 ms to 10 s. */
public final class Durations {

  /** Histogram buckets in seconds (the SDK's defaults start at 5 ms: too coarse for a page). */
  static final List<Double> BUCKETS =
      List.of(
          0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5,
          1.0, 2.5, 5.0, 10.0);

  private Durations() {}

  public static DoubleHistogram histogram(Meter meter, String name, String description) {
    return meter
        .histogramBuilder(name)
        .setUnit("s")
        .setDescription(description)
        .setExplicitBucketBoundariesAdvice(BUCKETS)
        .build();
  }
}
