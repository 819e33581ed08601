package dev.flock.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bench's own commands ({@code Main load}, {@code sessions}, {@code check}, {@code backend},
 * {@code etcd}), each in a JVM of its own on this JVM's class path: a driver's CPU and memory are
 * measured apart from the runner's, and its stderr (gRPC's logging, stack traces) is kept in the
 * work directory's {@code drivers.log}, shown when it fails.
 */
final class Drivers {

  private final Path work;
  private final Path log;

  Drivers(Path work) {
    this.work = work;
    this.log = work.resolve("drivers.log");
  }

  /**
   * Runs a command and returns its stdout; its stderr goes to drivers.log.
   *
   * @throws BenchFailure naming {@code what} when it fails, after the output and the log's end
   */
  String run(String what, String... command) {
    Path out = work.resolve("driver.out");
    int status =
        wait(
            java(command)
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())));
    String output = read(out);
    if (status != 0) {
      System.err.print(output);
      List<String> lines = read(log).lines().toList();
      lines.subList(Math.max(0, lines.size() - 20), lines.size()).forEach(System.err::println);
      throw new BenchFailure(
          what + " failed, exit status " + status + " (the drivers' log: " + log + ")");
    }
    return output;
  }

  /**
   * Runs a measuring driver with its stdout and stderr in {@code out}, and returns them.
   *
   * @throws BenchFailure naming {@code what} when it fails, after its output
   */
  String measure(Path out, String what, String... command) {
    int status = wait(java(command).redirectOutput(out.toFile()).redirectErrorStream(true));
    String output = read(out);
    if (status != 0) {
      System.err.print(output);
      throw new BenchFailure(what + " failed, exit status " + status);
    }
    return output;
  }

  /** Runs a command for its effect only (a warm-up): its output and its failure are ignored. */
  void quietly(String... command) {
    wait(
        java(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD));
  }

  private static ProcessBuilder java(String... command) {
    List<String> line = new ArrayList<>();
    line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    line.addAll(
        List.of("-cp", System.getProperty("java.class.path"), "-Xmx512m", Main.class.getName()));
    line.addAll(List.of(command));
    return new ProcessBuilder(line);
  }

  private static int wait(ProcessBuilder builder) {
    try {
      return builder.start().waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchFailure("interrupted");
    }
  }

  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
