package dev.flock.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time and memory of local processes from /proc: the drivers sample the server processes at the
 * start and the end of their timed window, so that sign-in and warm-up are not counted.
 */
final class ProcessSample {

  /** USER_HZ: the unit of utime and stime in /proc/PID/stat (100 on Linux). */
  private static final double TICKS_PER_SECOND = 100;

  private final Map<String, Long> pids = new LinkedHashMap<>();
  private final Map<String, Double> cpuAtStart = new LinkedHashMap<>();
  private long startNanos;

  /** {@code name:pid,name:pid}; the calling JVM is added as "driver". */
  ProcessSample(String spec) {
    if (spec != null && !spec.isBlank()) {
      for (String part : spec.split(",")) {
        String[] nameAndPid = part.split(":");
        pids.put(nameAndPid[0], Long.parseLong(nameAndPid[1]));
      }
    }
    pids.put("driver", ProcessHandle.current().pid());
  }

  void start() {
    pids.forEach((name, pid) -> cpuAtStart.put(name, cpuSeconds(pid)));
    startNanos = System.nanoTime();
  }

  /** {@code PROC name cpu_per_s rss_mb hwm_mb} lines for the window since {@link #start()}. */
  String lines() {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    StringBuilder out = new StringBuilder();
    pids.forEach(
        (name, pid) ->
            out.append(
                String.format(
                    java.util.Locale.ROOT,
                    "PROC %s %.2f %.0f %.0f%n",
                    name,
                    (cpuSeconds(pid) - cpuAtStart.get(name)) / seconds,
                    statusKb(pid, "VmRSS") / 1024.0,
                    statusKb(pid, "VmHWM") / 1024.0)));
    return out.toString();
  }

  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // after the command: state(0) ... utime is field 14 of the line, index 11 here; stime 12
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

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
}
