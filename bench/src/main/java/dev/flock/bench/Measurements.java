package dev.flock.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * The timed runs of one storage mode, as {@link ResultsTable} reads them from the work directory:
 * {@code results.tsv} (a line per run) and {@code procs.tsv} (a line per process and run).
 */
final class Measurements {

  /** One timed run: {@code section} is web (wrk), backend (gRPC driver) or etcd (raw driver). */
  record Cell(String section, String op, int conns, int run) {
    @Override
    public String toString() {
      return section + " " + op + " " + conns + " " + run;
    }
  }

  private final Path results;
  private final Path procs;

  Measurements(Path work) {
    this.results = work.resolve("results.tsv");
    this.procs = work.resolve("procs.tsv");
    write(results, "", StandardOpenOption.TRUNCATE_EXISTING);
    write(procs, "", StandardOpenOption.TRUNCATE_EXISTING);
  }

  void wrk(Cell cell, WrkResult result, List<ProcessSample.Usage> processes) {
    String load = load();
    run(
        cell,
        String.format(
            Locale.ROOT,
            "%.1f %.2f %.2f %d %d %s",
            result.rate(),
            result.p50Millis(),
            result.p99Millis(),
            result.errors(),
            result.requests(),
            load));
    processes.forEach(usage -> process(cell, usage.line()));
    Console.say(
        "wrk %s c=%d run %d: %.1f req/s, p50 %s ms, p99 %s ms, errors %d (socket %d, marker %d), load %s",
        cell.op(),
        cell.conns(),
        cell.run(),
        result.rate(),
        Console.number(result.p50Millis()),
        Console.number(result.p99Millis()),
        result.errors(),
        result.socketErrors(),
        result.markerErrors(),
        load);
  }

  /** A driver's output: its last {@code RESULT} line and its {@code PROC} lines. */
  void driver(Cell cell, String output) {
    ResultLine line =
        ResultLine.last(output, "RESULT")
            .orElseThrow(
                () -> {
                  System.err.print(output);
                  return new BenchFailure(
                      cell.section() + " " + cell.op() + ": no result (see above)");
                });
    String load = load();
    run(
        cell,
        String.join(
            " ",
            line.get("rps"),
            line.get("p50_ms"),
            line.get("p99_ms"),
            line.get("errors"),
            line.get("requests"),
            load));
    output
        .lines()
        .filter(l -> l.startsWith("PROC "))
        .forEach(l -> process(cell, l.substring("PROC ".length())));
    String summary = line.text().trim().split(" ", 4)[3];
    Console.say(
        "%s %s c=%d run %d: %s, load %s",
        cell.section(), cell.op(), cell.conns(), cell.run(), summary, load);
  }

  private void run(Cell cell, String values) {
    write(results, cell + " " + values + "\n", StandardOpenOption.APPEND);
  }

  private void process(Cell cell, String usage) {
    write(procs, cell + " " + usage + "\n", StandardOpenOption.APPEND);
  }

  /** The 1-minute load average, as /proc/loadavg shows it. */
  static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "0";
    }
  }

  private static void write(Path file, String text, StandardOpenOption mode) {
    try {
      Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
