package dev.flock.web.pages;

import dev.flock.grpc.telemetry.LastMinute;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One kind of call over the last minute as {@code /status} draws it: the figures as text, and the
 * points of two small server-rendered SVG charts (no script, nothing the page's CSP refuses): calls
 * and failures per second, and each second's 99th percentile latency.
 */
public record LiveChart(
    String tier,
    String kind,
    String perSecond,
    String errorRate,
    String p50,
    String p99,
    String callPoints,
    String errorPoints,
    String latencyPoints,
    String peakCalls,
    String peakLatency) {

  /** The charts' size in SVG user units (the view box); CSS scales them. */
  public static final int WIDTH = 240;

  public static final int HEIGHT = 48;

  private static final String[][] NAMES = {
    {"pages", "Pages served"},
    {"backend calls", "Calls to the backend"},
    {"rpcs", "RPCs served"},
    {"storage", "Storage calls"},
    {"etcd", "etcd requests"}
  };

  static LiveChart of(String tier, String kind, LastMinute.Figures figures) {
    List<LastMinute.Second> seconds = figures.seconds();
    double peakCalls = Math.max(1, max(seconds, LastMinute.Second::calls));
    double peakLatency = Math.max(1, max(seconds, LastMinute.Second::p99Millis));
    return new LiveChart(
        tier,
        nameOf(kind),
        format("%.1f/s", figures.perSecond()),
        format("%.1f %%", figures.errorRate() * 100),
        millis(figures.p50Millis()),
        millis(figures.p99Millis()),
        points(seconds, LastMinute.Second::calls, peakCalls),
        points(seconds, LastMinute.Second::errors, peakCalls),
        points(seconds, LastMinute.Second::p99Millis, peakLatency),
        format("%.0f/s", peakCalls),
        millis(peakLatency));
  }

  private static String nameOf(String kind) {
    for (String[] name : NAMES) {
      if (name[0].equals(kind)) {
        return name[1];
      }
    }
    return kind;
  }

  /** A polyline over the chart, oldest second on the left, {@code peak} at the top. */
  private static String points(
      List<LastMinute.Second> seconds, ToDoubleFunction<LastMinute.Second> value, double peak) {
    double step = seconds.size() < 2 ? 0 : WIDTH / (double) (seconds.size() - 1);
    return IntStream.range(0, seconds.size())
        .mapToObj(
            i ->
                format(
                    "%.1f,%.1f",
                    i * step, HEIGHT - value.applyAsDouble(seconds.get(i)) / peak * HEIGHT))
        .collect(Collectors.joining(" "));
  }

  private static double max(
      List<LastMinute.Second> seconds, ToDoubleFunction<LastMinute.Second> value) {
    return seconds.stream().mapToDouble(value).max().orElse(0);
  }

  private static String millis(double millis) {
    return millis < 10 ? format("%.2f ms", millis) : format("%.0f ms", millis);
  }

  private static String format(String pattern, Object... values) {
    return String.format(Locale.ROOT, pattern, values);
  }
}
