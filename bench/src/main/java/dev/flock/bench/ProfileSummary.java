package dev.flock.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hot methods of an async-profiler CPU profile in collapsed form (one {@code root;...;leaf
 * count} line per distinct stack): the top frames ("self"), the share of stacks containing given
 * frames ({@code --match}), and the methods found anywhere on the stacks ("total"), as markdown.
 */
final class ProfileSummary {

  private ProfileSummary() {}

  /** {@code profile --file web.collapsed [--top 15] [--title web] [--match a,b]}. */
  static int run(Options options) throws IOException {
    List<String> patterns =
        List.of(options.get("match", "").split(",")).stream().filter(m -> !m.isBlank()).toList();
    System.out.print(
        summary(
            Path.of(options.get("file")),
            options.get("title", options.get("file")),
            options.integer("top", 15),
            patterns));
    return 0;
  }

  /** The markdown summary of one collapsed profile. */
  static String summary(Path file, String title, int top, List<String> patterns)
      throws IOException {
    Map<String, Long> matched = new LinkedHashMap<>();
    patterns.forEach(pattern -> matched.put(pattern, 0L));
    Map<String, Long> self = new HashMap<>();
    Map<String, Long> total = new HashMap<>();
    long samples = 0;
    for (String line : Files.readAllLines(file)) {
      int space = line.lastIndexOf(' ');
      if (space <= 0) {
        continue;
      }
      long weight = Long.parseLong(line.substring(space + 1).trim());
      List<String> frames = List.of(line.substring(0, space).replace('/', '.').split(";"));
      samples += weight;
      self.merge(frames.get(frames.size() - 1), weight, Long::sum);
      for (String pattern : patterns) {
        if (frames.stream().anyMatch(frame -> frame.contains(pattern))) {
          matched.merge(pattern, weight, Long::sum);
        }
      }
      Set<String> seen = new HashSet<>();
      for (String frame : frames) {
        if (seen.add(frame)) {
          total.merge(frame, weight, Long::sum);
        }
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(String.format("### %s: %d CPU samples (1 ms each)%n%n", title, samples));
    if (!patterns.isEmpty()) {
      table(out, "stacks containing (--match)", matched, samples, patterns.size());
    }
    table(out, "self (top frame)", self, samples, top);
    table(
        out,
        "total (anywhere on the stack; flock, Faces, Weld, Jersey, gRPC, etcd, crypto frames)",
        ours(total),
        samples,
        top);
    return out.toString();
  }

  private static Map<String, Long> ours(Map<String, Long> total) {
    Map<String, Long> kept = new HashMap<>();
    total.forEach(
        (name, count) -> {
          if (name.startsWith("dev.flock")
              || name.startsWith("com.sun.faces")
              || name.startsWith("org.jboss.weld")
              || name.startsWith("org.glassfish.jersey")
              || name.contains("grpc")
              || name.startsWith("io.etcd")
              || name.startsWith("com.sun.crypto")) {
            kept.put(name, count);
          }
        });
    return kept;
  }

  private static void table(
      StringBuilder out, String title, Map<String, Long> counts, long samples, int top) {
    out.append(String.format("| %s | samples | %% |%n|---|---:|---:|%n", title));
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(top)
        .forEach(
            e ->
                out.append(
                    String.format(
                        "| `%s` | %d | %.1f |%n",
                        e.getKey(), e.getValue(), 100.0 * e.getValue() / Math.max(1, samples))));
    out.append(System.lineSeparator());
  }
}
