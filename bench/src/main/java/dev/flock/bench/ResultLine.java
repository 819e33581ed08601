package dev.flock.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code TAG key=value key=value} line a load tool ends with: wrk's {@code BENCH_RESULT}
 * (bench/wrk/flock.lua) or a driver's {@code RESULT} ({@link LatencyRecorder#line}).
 */
record ResultLine(String text, Map<String, String> fields) {

  /** The last line of {@code output} that starts with {@code tag}, if any. */
  static Optional<ResultLine> last(String output, String tag) {
    return output
        .lines()
        .filter(line -> line.startsWith(tag + " "))
        .reduce((first, second) -> second)
        .map(ResultLine::of);
  }

  private static ResultLine of(String line) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : line.trim().split("\\s+")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        fields.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return new ResultLine(line, fields);
  }

  String get(String key) {
    String value = fields.get(key);
    if (value == null) {
      throw new IllegalArgumentException("no " + key + " in: " + text);
    }
    return value;
  }

  long number(String key) {
    return Long.parseLong(get(key));
  }
}
