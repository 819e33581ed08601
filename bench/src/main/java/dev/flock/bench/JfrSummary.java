package dev.flock.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The hot methods of a JFR recording (execution samples): the top frames ("self") and the methods
 * that appear anywhere on the sampled stacks ("total"), as markdown tables.
 */
final class JfrSummary {

  private JfrSummary() {}

  /** {@code jfr --file recording.jfr [--top 15] [--title web] [--match a,b]}. */
  static int run(Options options) throws IOException {
    int top = options.integer("top", 15);
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> total = new HashMap<>();
    List<String> patterns =
        List.of(options.get("match", "").split(",")).stream().filter(m -> !m.isBlank()).toList();
    Map<String, Integer> matched = new java.util.LinkedHashMap<>();
    patterns.forEach(m -> matched.put(m, 0));
    int samples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(options.get("file")))) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")
          || event.getStackTrace() == null) {
        continue;
      }
      samples++;
      List<RecordedFrame> frames = event.getStackTrace().getFrames();
      if (!frames.isEmpty()) {
        self.merge(name(frames.get(0)), 1, Integer::sum);
      }
      for (String pattern : patterns) {
        if (frames.stream().anyMatch(frame -> name(frame).contains(pattern))) {
          matched.merge(pattern, 1, Integer::sum);
        }
      }
      Set<String> seen = new HashSet<>();
      for (RecordedFrame frame : frames) {
        if (seen.add(name(frame))) {
          total.merge(name(frame), 1, Integer::sum);
        }
      }
    }
    System.out.printf(
        "### %s: %d execution samples%n%n", options.get("title", options.get("file")), samples);
    if (!patterns.isEmpty()) {
      print("stacks containing (--match)", matched, samples, patterns.size());
    }
    print("self (top frame)", self, samples, top);
    print(
        "total (anywhere on the stack; flock, Faces, Weld, gRPC, crypto and JDK I/O frames)",
        filter(total),
        samples,
        top);
    return 0;
  }

  private static Map<String, Integer> filter(Map<String, Integer> total) {
    Map<String, Integer> kept = new HashMap<>();
    total.forEach(
        (name, count) -> {
          if (name.startsWith("dev.flock")
              || name.startsWith("com.sun.faces")
              || name.startsWith("org.jboss.weld")
              || name.contains("grpc")
              || name.startsWith("com.sun.crypto")
              || name.startsWith("sun.security")
              || name.startsWith("io.etcd")
              || name.startsWith("org.glassfish.jersey")
              || name.startsWith("sun.nio")) {
            kept.put(name, count);
          }
        });
    return kept;
  }

  private static void print(String title, Map<String, Integer> counts, int samples, int top) {
    System.out.printf("| %s | samples | %% |%n|---|---:|---:|%n", title);
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(top)
        .forEach(
            e ->
                System.out.printf(
                    "| `%s` | %d | %.1f |%n",
                    e.getKey(), e.getValue(), 100.0 * e.getValue() / Math.max(1, samples)));
    System.out.println();
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }
}
