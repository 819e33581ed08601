package dev.flock.devtools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * External commands run to their end, in one directory, with variables added to this JVM's
 * environment, each within a time limit.
 */
final class Command {

  private final Path directory;
  private final Map<String, String> environment;

  Command(Path directory, Map<String, String> environment) {
    this.directory = directory;
    this.environment = environment;
  }

  /**
   * Runs {@code command}; its standard output.
   *
   * @throws CommandFailure with what it printed, when it fails or overruns
   */
  String run(Duration within, List<String> command) {
    try {
      Path out = Files.createTempFile("command", ".out");
      Path err = Files.createTempFile("command", ".err");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        await(builder, within, command, () -> read(out) + read(err));
        return read(out);
      } finally {
        Files.delete(out);
        Files.delete(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs {@code command} with all it prints going to {@code log} (replaced).
   *
   * @throws CommandFailure with the log, when it fails or overruns
   */
  void run(Duration within, List<String> command, Path log) {
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    await(builder, within, command, () -> read(log));
  }

  private void await(
      ProcessBuilder builder, Duration within, List<String> command, Supplier<String> printed) {
    builder.directory(directory.toFile());
    builder.environment().putAll(environment);
    try {
      Process process = builder.start();
      if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new CommandFailure(
            command, "was still running after " + within.toSeconds() + " s", printed.get());
      }
      if (process.exitValue() != 0) {
        throw new CommandFailure(command, "exited with " + process.exitValue(), printed.get());
      }
    } catch (IOException e) {
      throw new CommandFailure(command, "could not start (" + e.getMessage() + ")", "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8); // malformed: replaced
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
