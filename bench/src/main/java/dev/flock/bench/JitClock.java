package dev.flock.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * The seconds JVMs have spent compiling, together: {@code jstat -compiler}'s Time column, the JIT's
 * own clock. The warm-up goes on until it stops moving.
 */
final class JitClock {

  private JitClock() {}

  static double compileSeconds(Collection<Long> pids) {
    return pids.stream().mapToDouble(JitClock::compileSeconds).sum();
  }

  /** One JVM's compile time; 0 when jstat cannot read it. */
  static double compileSeconds(long pid) {
    String jstat = Path.of(System.getProperty("java.home"), "bin", "jstat").toString();
    try {
      Process process =
          new ProcessBuilder(jstat, "-compiler", Long.toString(pid))
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String output = new String(process.getInputStream().readAllBytes());
      process.waitFor();
      return parse(output);
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  /** The Time column (the fourth) of jstat -compiler's second line. */
  static double parse(String jstatOutput) {
    List<String> lines = jstatOutput.lines().toList();
    if (lines.size() < 2) {
      return 0;
    }
    String[] columns = lines.get(1).trim().split("\\s+");
    try {
      return columns.length > 3 ? Double.parseDouble(columns[3]) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
