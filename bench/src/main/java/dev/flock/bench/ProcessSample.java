package dev.flock.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time and memory of local processes from /proc: the runner and the drivers sample the server
 * processes at the start and the end of their timed window, so that sign-in and warm-up are not
 * counted.
 */
final class ProcessSample {

  /** USER_HZ: the unit of the times in /proc/PID/stat (100 on Linux). */
  private static final double TICKS_PER_SECOND = 100;

  /** One process over one window: CPU seconds per second, VmRSS and VmHWM at its end, in MB. */
  record Usage(String name, double cpuPerSecond, long rssMb, long hwmMb) {

    /** {@code name cpu_per_s rss_mb hwm_mb}, as procs.tsv and the drivers' PROC lines hold it. */
    String line() {
      return String.format(Locale.ROOT, "%s %.2f %d %d", name, cpuPerSecond, rssMb, hwmMb);
    }
  }

  private final Map<String, Long> pids;
  private final Map<String, Double> cpuAtStart = new LinkedHashMap<>();
  private long startNanos;

  /** Samples these processes, by name, in this order. */
  ProcessSample(Map<String, Long> pids) {
    this.pids = new LinkedHashMap<>(pids);
  }

  /** The processes of a {@code name:pid,name:pid} spec, then the calling JVM as "driver". */
  static ProcessSample withDriver(String spec) {
    Map<String, Long> pids = new LinkedHashMap<>();
    if (spec != null && !spec.isBlank()) {
      for (String part : spec.split(",")) {
        String[] nameAndPid = part.split(":");
        pids.put(nameAndPid[0], Long.parseLong(nameAndPid[1]));
      }
    }
    pids.put("driver", ProcessHandle.current().pid());
    return new ProcessSample(pids);
  }

  /** {@code name:pid,name:pid}, for a driver's {@code --pids}. */
  static String spec(Map<String, Long> pids) {
    return pids.entrySet().stream()
        .map(e -> e.getKey() + ":" + e.getValue())
        .collect(Collectors.joining(","));
  }

  void start() {
    pids.forEach((name, pid) -> cpuAtStart.put(name, cpuSeconds(pid)));
    startNanos = System.nanoTime();
  }

  /** Every process over the window since {@link #start()}. */
  List<Usage> usage() {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    return pids.entrySet().stream()
        .map(
            e ->
                new Usage(
                    e.getKey(),
                    (cpuSeconds(e.getValue()) - cpuAtStart.get(e.getKey())) / seconds,
                    megabytes(statusKb(e.getValue(), "VmRSS")),
                    megabytes(statusKb(e.getValue(), "VmHWM"))))
        .toList();
  }

  /** {@code PROC name cpu_per_s rss_mb hwm_mb} lines for the window since {@link #start()}. */
  String lines() {
    return usage().stream()
        .map(u -> "PROC " + u.line() + System.lineSeparator())
        .collect(Collectors.joining());
  }

  /** User and system time of a process so far; 0 when it is gone. */
  static double cpuSeconds(long pid) {
    long[] times = times(Path.of("/proc/" + pid + "/stat"));
    return (times[0] + times[1]) / TICKS_PER_SECOND;
  }

  /**
   * User and system time of this JVM's children that have exited and been waited for: how the CPU
   * time of a short-lived tool such as wrk is measured without racing its exit.
   */
  static double exitedChildrenCpuSeconds() {
    long[] times = times(Path.of("/proc/self/stat"));
    return (times[2] + times[3]) / TICKS_PER_SECOND;
  }

  /** utime, stime, cutime and cstime in ticks; zeros when the process is gone. */
  private static long[] times(Path stat) {
    try {
      String line = Files.readString(stat);
      // after the command, in parentheses: state is index 0, utime 11, stime 12, cutime 13, cstime
      // 14
      String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
      long[] times = new long[4];
      for (int i = 0; i < 4; i++) {
        times[i] = Long.parseLong(fields[11 + i]);
      }
      return times;
    } catch (IOException | RuntimeException e) {
      return new long[4];
    }
  }

  /** A value of /proc/PID/status in kB (VmRSS, VmHWM); 0 when the process is gone. */
  static long statusKb(long pid, String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith(key + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process is gone
    }
    return 0;
  }

  static long megabytes(long kb) {
    return Math.round(kb / 1024.0);
  }
}
