package dev.flock.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The markdown results of one {@code ./flock bench}: from the run directory's {@code meta.txt}
 * ({@code key=value}), {@code results.tsv} (one line per timed run: {@code section op conns run rps
 * p50_ms p99_ms errors requests load1}) and {@code procs.tsv} ({@code section op conns run process
 * cpu_per_s rss_mb hwm_mb}). Each cell is the median of the runs and [min–max]; errors are summed.
 */
final class ResultsTable {

  record Run(
      String section,
      String op,
      int conns,
      double rps,
      double p50,
      double p99,
      long errors,
      long requests,
      double load) {}

  record Proc(
      String section, String op, int conns, String process, double cpu, double rss, double hwm) {}

  private ResultsTable() {}

  /** {@code table --dir runDir --out results.md}. */
  static int run(Options options) throws IOException {
    Path dir = Path.of(options.get("dir"));
    String markdown =
        render(
            readMeta(dir.resolve("meta.txt")),
            readRuns(dir.resolve("results.tsv")),
            readProcs(dir.resolve("procs.tsv")));
    Files.writeString(Path.of(options.get("out")), markdown);
    System.out.print(markdown);
    return 0;
  }

  static String render(Map<String, String> meta, List<Run> runs, List<Proc> procs) {
    StringBuilder out = new StringBuilder();
    out.append("# Flock bench: ")
        .append(meta.getOrDefault("storage", "?"))
        .append(" storage, shape ")
        .append(meta.getOrDefault("shape", "?"))
        .append(", ")
        .append(meta.getOrDefault("date", ""))
        .append("\n\n");
    meta.forEach(
        (key, value) -> {
          if (!key.equals("date")) {
            out.append("- ").append(key).append(": ").append(value).append('\n');
          }
        });
    section(
        out,
        runs,
        "web",
        "Pages through the web tier (wrk -t2 --latency; each connection its own signed-in user)",
        "req/s");
    section(
        out,
        runs,
        "backend",
        "gRPC backend alone (BackendLoad: N callers, each its own user; FOLLOW counts each call)",
        "calls/s");
    section(
        out, runs, "etcd", "Raw etcd cluster (EtcdLoad over jetcd, N requests in flight)", "ops/s");
    fractions(out, runs);
    processes(out, procs);
    return out.toString();
  }

  private static void section(
      StringBuilder out, List<Run> runs, String section, String title, String unit) {
    Map<String, List<Run>> groups =
        group(runs.stream().filter(r -> r.section().equals(section)).toList());
    if (groups.isEmpty()) {
      return;
    }
    out.append("\n## ").append(title).append("\n\n");
    out.append("| op | conns | runs | ")
        .append(unit)
        .append(" | p50 ms | p99 ms | errors | requests | load avg |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    groups.forEach(
        (key, group) ->
            out.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %s | %s | %s | %d | %d | %s |%n",
                    group.get(0).op(),
                    group.get(0).conns(),
                    group.size(),
                    stat(group, Run::rps, "%.0f"),
                    stat(group, Run::p50, "%.1f"),
                    stat(group, Run::p99, "%.1f"),
                    group.stream().mapToLong(Run::errors).sum(),
                    group.stream().mapToLong(Run::requests).sum(),
                    stat(group, Run::load, "%.2f"))));
  }

  /**
   * Flock's write and feed rates as fractions of the raw etcd txn and range rates at the same
   * concurrency.
   */
  private static void fractions(StringBuilder out, List<Run> runs) {
    List<String> rows = new ArrayList<>();
    for (String section : List.of("web", "backend")) {
      for (String[] pair : new String[][] {{"POST", "TXN"}, {"FEED", "RANGE"}}) {
        Map<String, List<Run>> flock =
            group(
                runs.stream()
                    .filter(r -> r.section().equals(section) && r.op().equals(pair[0]))
                    .toList());
        for (List<Run> group : flock.values()) {
          int conns = group.get(0).conns();
          List<Run> raw =
              runs.stream()
                  .filter(
                      r ->
                          r.section().equals("etcd")
                              && r.op().equals(pair[1])
                              && r.conns() == conns)
                  .toList();
          if (!raw.isEmpty()) {
            double f = median(group, Run::rps);
            double e = median(raw, Run::rps);
            rows.add(
                String.format(
                    Locale.ROOT,
                    "| %s %s | %d | %.0f | raw %s %.0f | **%.0f %%** |",
                    section,
                    pair[0],
                    conns,
                    f,
                    pair[1],
                    e,
                    100 * f / e));
          }
        }
      }
    }
    if (!rows.isEmpty()) {
      out.append("\n## Flock as a fraction of raw etcd (medians, same concurrency)\n\n");
      out.append(
          "| Flock op | conns | Flock rate | raw etcd rate | fraction |\n|---|---:|---:|---:|---:|\n");
      rows.forEach(row -> out.append(row).append('\n'));
    }
  }

  private static void processes(StringBuilder out, List<Proc> procs) {
    if (procs.isEmpty()) {
      return;
    }
    out.append(
        "\n## Processes during each measurement (CPU s/s median [min–max] of the runs; RSS and HWM: largest, MB)\n\n");
    out.append(
        "| section | op | conns | process | CPU s/s | VmRSS MB | VmHWM MB |\n|---|---|---:|---|---:|---:|---:|\n");
    Map<String, List<Proc>> groups =
        procs.stream()
            .collect(
                Collectors.groupingBy(
                    p -> p.section() + " " + p.op() + " " + p.conns() + " " + p.process(),
                    LinkedHashMap::new,
                    Collectors.toList()));
    groups.forEach(
        (key, group) -> {
          Proc first = group.get(0);
          out.append(
              String.format(
                  Locale.ROOT,
                  "| %s | %s | %d | %s | %s | %.0f | %.0f |%n",
                  first.section(),
                  first.op(),
                  first.conns(),
                  first.process(),
                  stat(group, Proc::cpu, "%.2f"),
                  group.stream().mapToDouble(Proc::rss).max().orElse(0),
                  group.stream().mapToDouble(Proc::hwm).max().orElse(0)));
        });
  }

  private static Map<String, List<Run>> group(List<Run> runs) {
    return runs.stream()
        .collect(
            Collectors.groupingBy(
                r -> r.op() + " " + r.conns(), LinkedHashMap::new, Collectors.toList()));
  }

  static <T> double median(List<T> values, ToDoubleFunction<T> field) {
    double[] sorted = values.stream().mapToDouble(field).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  static <T> String stat(List<T> values, ToDoubleFunction<T> field, String format) {
    double median = median(values, field);
    if (values.size() == 1) {
      return String.format(Locale.ROOT, format, median);
    }
    double min = values.stream().mapToDouble(field).min().orElse(0);
    double max = values.stream().mapToDouble(field).max().orElse(0);
    return String.format(
        Locale.ROOT, format + " [" + format + "–" + format + "]", median, min, max);
  }

  static Map<String, String> readMeta(Path file) throws IOException {
    Map<String, String> meta = new LinkedHashMap<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          meta.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    }
    return meta;
  }

  static List<Run> readRuns(Path file) throws IOException {
    return rows(file).stream()
        .map(
            f ->
                new Run(
                    f[0],
                    f[1],
                    Integer.parseInt(f[2]),
                    d(f[4]),
                    d(f[5]),
                    d(f[6]),
                    Long.parseLong(f[7]),
                    Long.parseLong(f[8]),
                    d(f[9])))
        .toList();
  }

  static List<Proc> readProcs(Path file) throws IOException {
    return rows(file).stream()
        .filter(f -> f.length == 8) // a process that ended while it was sampled
        .map(f -> new Proc(f[0], f[1], Integer.parseInt(f[2]), f[4], d(f[5]), d(f[6]), d(f[7])))
        .toList();
  }

  private static List<String[]> rows(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    return Files.readAllLines(file).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .map(l -> l.trim().split("\\s+"))
        .toList();
  }

  private static double d(String text) {
    return Double.parseDouble(text);
  }

  static String[] split(String line) {
    return Arrays.stream(line.split("\\|")).map(String::trim).toArray(String[]::new);
  }
}
