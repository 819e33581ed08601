package dev.flock.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * wrk with bench/wrk/flock.lua against the site, each connection its own signed-in user, measuring
 * the CPU and memory of every server process and of wrk itself during the run.
 */
final class Wrk {

  /** The operations that leave follow/unfollow pairs cut off when a run ends. */
  private static final Set<String> FOLLOWING = Set.of("FOLLOW", "MIX", "WARM");

  private final Path script;
  private final String url;
  private final Path sessions;
  private final Path work;
  private final Drivers drivers;
  private final String grpcTarget;

  /**
   * @param sessions the users wrk plays ({@code Main sessions}: user, session, csrf, follow target)
   * @param grpcTarget the backend, which {@code Main repair} sets right after a run
   */
  Wrk(Path script, String url, Path sessions, Path work, Drivers drivers, String grpcTarget) {
    this.script = script;
    this.url = url;
    this.sessions = sessions;
    this.work = work;
    this.drivers = drivers;
    this.grpcTarget = grpcTarget;
  }

  /** What one run printed and what the processes used meanwhile (the servers', then wrk's). */
  record Run(String output, String errors, List<ProcessSample.Usage> processes) {

    /**
     * @throws BenchFailure when wrk printed no result line
     */
    WrkResult result(String op) {
      return WrkResult.parse(output)
          .orElseThrow(
              () -> {
                System.err.print(output + errors);
                return new BenchFailure("wrk " + op + ": no result line");
              });
    }
  }

  /** Runs {@code op} at {@code conns} connections for {@code seconds}; {@code run} names files. */
  Run run(String op, int conns, long seconds, int run, Map<String, Long> servers) {
    Path out = work.resolve("wrk-%s-%d-%d.txt".formatted(op, conns, run));
    Path err = work.resolve(out.getFileName() + ".err");
    ProcessSample sample = new ProcessSample(servers);
    sample.start();
    double childrenCpu = ProcessSample.exitedChildrenCpuSeconds();
    long t0 = System.nanoTime();
    Process wrk = start(op, conns, seconds, out, err);
    long rssMb = 0;
    long hwmMb = 0;
    // sampled every 0.5 s while it runs; the last sample may catch it exiting, so keep the largest
    do {
      rssMb = Math.max(rssMb, ProcessSample.megabytes(ProcessSample.statusKb(wrk.pid(), "VmRSS")));
      hwmMb = Math.max(hwmMb, ProcessSample.megabytes(ProcessSample.statusKb(wrk.pid(), "VmHWM")));
    } while (!waitFor(wrk, 500));
    double wall = (System.nanoTime() - t0) / 1e9;
    List<ProcessSample.Usage> processes = new ArrayList<>(sample.usage());
    // wrk has been waited for: its CPU time is now in this JVM's children's times
    processes.add(
        new ProcessSample.Usage(
            "wrk", (ProcessSample.exitedChildrenCpuSeconds() - childrenCpu) / wall, rssMb, hwmMb));
    String output = Drivers.read(out);
    String errors = Drivers.read(err);
    if (wrk.exitValue() != 0) {
      System.err.print(output + errors);
      throw new BenchFailure("wrk failed (%s, %d connections)".formatted(op, conns));
    }
    if (FOLLOWING.contains(op)) {
      // the run stopped in the middle of follow/unfollow pairs: put the graph back
      drivers.run(
          "undoing the follows of the " + op + " run",
          "repair",
          "--target",
          grpcTarget,
          "--sessions",
          sessions.toString());
    }
    return new Run(output, errors, processes);
  }

  private Process start(String op, int conns, long seconds, Path out, Path err) {
    try {
      return new ProcessBuilder(
              "wrk",
              "-t2",
              "-c" + conns,
              "-d" + seconds + "s",
              "--timeout",
              "10s",
              "--latency",
              "-s",
              script.toString(),
              url,
              "--",
              op,
              sessions.toString(),
              "42",
              "2")
          .redirectOutput(out.toFile())
          .redirectError(err.toFile())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start wrk", e);
    }
  }

  private static boolean waitFor(Process process, long millis) {
    try {
      return process.waitFor(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroy();
      throw new BenchFailure("interrupted");
    }
  }
}
