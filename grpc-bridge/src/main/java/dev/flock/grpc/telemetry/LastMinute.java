package dev.flock.grpc.telemetry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * The calls of one kind (pages, RPCs, storage calls) over the last minute, second by second: how
 * many, how many failed, and their latencies in a log-scale histogram (4 buckets per doubling, so a
 * percentile is within 19 % of the truth). It is what {@code /status} draws; the exported metrics
 * are OpenTelemetry's. Recording is a few atomic additions, without locks except once per second.
 */
public final class LastMinute {

  static final int SECONDS = 60;
  private static final int BUCKETS_PER_DOUBLING = 4;

  /** From 1 µs to 2^27 µs (~134 s); slower calls land in the last bucket. */
  private static final int BUCKETS = 27 * BUCKETS_PER_DOUBLING + 1;

  private static final int COUNT = BUCKETS;
  private static final int ERRORS = BUCKETS + 1;

  private final LongSupplier nanoClock;
  private final long origin;
  private final Slot[] slots = new Slot[SECONDS];

  public LastMinute() {
    this(System::nanoTime);
  }

  LastMinute(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    this.origin = nanoClock.getAsLong();
    for (int i = 0; i < SECONDS; i++) {
      slots[i] = new Slot();
    }
  }

  /** Records one call that took {@code nanos} and failed or not. */
  public void record(long nanos, boolean failed) {
    long second = currentSecond();
    Slot slot = slots[(int) (second % SECONDS)];
    if (slot.second != second) {
      slot.reset(second);
    }
    slot.counters.incrementAndGet(bucketOf(nanos));
    slot.counters.incrementAndGet(COUNT);
    if (failed) {
      slot.counters.incrementAndGet(ERRORS);
    }
  }

  /** The figures of the last full 60 seconds (the second under way is left out: it is partial). */
  public Figures figures() {
    long now = currentSecond();
    long[] histogram = new long[BUCKETS];
    List<Second> seconds = new ArrayList<>(SECONDS);
    long calls = 0;
    long errors = 0;
    for (long second = now - SECONDS; second < now; second++) {
      if (second < 0) {
        seconds.add(new Second(0, 0, 0));
        continue;
      }
      Slot slot = slots[(int) (second % SECONDS)];
      long[] counts = slot.snapshot(second);
      long[] ownHistogram = new long[BUCKETS];
      for (int b = 0; b < BUCKETS; b++) {
        histogram[b] += counts[b];
        ownHistogram[b] = counts[b];
      }
      calls += counts[COUNT];
      errors += counts[ERRORS];
      seconds.add(
          new Second(
              counts[COUNT], counts[ERRORS], percentileMillis(ownHistogram, counts[COUNT], 0.99)));
    }
    return new Figures(
        calls / (double) SECONDS,
        calls == 0 ? 0 : errors / (double) calls,
        percentileMillis(histogram, calls, 0.50),
        percentileMillis(histogram, calls, 0.99),
        seconds);
  }

  private long currentSecond() {
    return (nanoClock.getAsLong() - origin) / 1_000_000_000L;
  }

  static int bucketOf(long nanos) {
    double micros = Math.max(1.0, nanos / 1000.0);
    int bucket = (int) Math.ceil(Math.log(micros) / Math.log(2) * BUCKETS_PER_DOUBLING);
    return Math.min(bucket, BUCKETS - 1);
  }

  /** The upper bound of a bucket, in milliseconds. */
  static double upperBoundMillis(int bucket) {
    return Math.pow(2, bucket / (double) BUCKETS_PER_DOUBLING) / 1000.0;
  }

  private static double percentileMillis(long[] histogram, long total, double quantile) {
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(total * quantile);
    long seen = 0;
    for (int b = 0; b < BUCKETS; b++) {
      seen += histogram[b];
      if (seen >= rank) {
        return upperBoundMillis(b);
      }
    }
    return upperBoundMillis(BUCKETS - 1);
  }

  /**
   * Calls per second, the share that failed (0 to 1), the median and 99th percentile latency in
   * milliseconds, and each of the 60 seconds, oldest first.
   */
  public record Figures(
      double perSecond,
      double errorRate,
      double p50Millis,
      double p99Millis,
      List<Second> seconds) {}

  /** One second: calls, failures and the 99th percentile latency in milliseconds. */
  public record Second(long calls, long errors, double p99Millis) {}

  private static final class Slot {
    private volatile long second = -1;
    private final AtomicLongArray counters = new AtomicLongArray(BUCKETS + 2);

    /** Starts counting a new second; the first call of that second does it. */
    synchronized void reset(long newSecond) {
      if (second != newSecond) {
        for (int i = 0; i < counters.length(); i++) {
          counters.set(i, 0);
        }
        second = newSecond;
      }
    }

    /** The counters of {@code wanted}, or zeros when the slot holds another second. */
    long[] snapshot(long wanted) {
      long[] copy = new long[counters.length()];
      if (second == wanted) {
        for (int i = 0; i < copy.length; i++) {
          copy[i] = counters.get(i);
        }
      }
      return copy;
    }
  }
}
