package dev.flock.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The machine a run measured on, for its results: CPUs, memory and Java. */
final class Machine {

  private Machine() {}

  /** e.g. {@code 2 CPUs (AMD EPYC), 23.5 GiB RAM, openjdk version "25.0.3" 2026-04-21 LTS}. */
  static String describe() {
    return String.format(
        Locale.ROOT,
        "%d CPUs (%s), %.1f GiB RAM, %s",
        Runtime.getRuntime().availableProcessors(),
        procValue("cpuinfo", "model name"),
        Long.parseLong(procValue("meminfo", "MemTotal").replaceAll("[^0-9]", "")) / 1048576.0,
        javaVersion());
  }

  /** The first value of {@code key} in /proc/{@code file} ({@code key : value} lines). */
  private static String procValue(String file, String key) {
    try {
      return Files.readAllLines(Path.of("/proc", file)).stream()
          .filter(line -> line.startsWith(key))
          .map(line -> line.substring(line.indexOf(':') + 1).strip())
          .findFirst()
          .orElse("0");
    } catch (IOException e) {
      return "0";
    }
  }

  /** The first line of {@code java -version} of the JDK the site runs on (this one). */
  private static String javaVersion() {
    try {
      Process java =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
              .redirectErrorStream(true)
              .start();
      List<String> lines = new String(java.getInputStream().readAllBytes()).lines().toList();
      java.waitFor();
      return lines.isEmpty() ? "" : lines.get(0);
    } catch (IOException e) {
      return "java " + System.getProperty("java.version");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "java " + System.getProperty("java.version");
    }
  }
}
