package dev.flock.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ./flock bench --smoke} end to end: its own site on free ports, a tiny data set, every
 * operation for two seconds through wrk and through the gRPC driver; the results table must be well
 * formed and report zero errors. It measures nothing (the machine may be busy): it checks that the
 * chain works.
 */
class BenchSmokeIT {

  private static final Path ROOT =
      Path.of(System.getProperty("flock.root", "..")).toAbsolutePath().normalize();
  private static final Pattern ROW =
      Pattern.compile(
          "^\\| (FEED|POST|LOGIN|FOLLOW|MIX) \\| 4 \\| 1 \\| ([0-9.]+) \\| ([0-9.]+) \\| ([0-9.]+) \\| (\\d+) \\| (\\d+) \\| ([0-9.]+) \\|$");

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void smokeBenchWritesAWellFormedTableWithZeroErrors(
      @org.junit.jupiter.api.io.TempDir Path results) throws Exception {
    assumeTrue(
        wrkAvailable(),
        "wrk is not installed and cannot be installed here (not root): apt-get install wrk");
    Path log = results.resolve("bench.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                ROOT.resolve("flock").toString(),
                "bench",
                "--smoke",
                "--results",
                results.toString())
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("FLOCK_BENCH_PORT", String.valueOf(freePortBase()));
    builder.environment().put("FLOCK_NO_BUILD", "1"); // the reactor has just built everything
    Process bench = builder.start();
    if (!bench.waitFor(4, TimeUnit.MINUTES)) {
      bench.descendants().forEach(ProcessHandle::destroy);
      bench.destroy();
      throw new AssertionError(
          "the smoke bench took more than 4 minutes:\n" + Files.readString(log));
    }
    assertThat(bench.exitValue()).as("exit status; output:\n%s", Files.readString(log)).isZero();

    List<Path> tables;
    try (Stream<Path> files = Files.list(results)) {
      tables = files.filter(p -> p.getFileName().toString().endsWith("-memory.md")).toList();
    }
    assertThat(tables).hasSize(1);
    String markdown = Files.readString(tables.get(0));
    assertThat(markdown).startsWith("# Flock bench: memory storage, shape TINY");
    assertThat(markdown)
        .contains("## Pages through the web tier", "## gRPC backend alone", "## Processes");

    List<String> rows = markdown.lines().filter(l -> ROW.matcher(l).matches()).toList();
    assertThat(rows)
        .as("a row per operation for pages (5) and the backend alone (4):\n%s", markdown)
        .hasSize(9);
    for (String row : rows) {
      Matcher m = ROW.matcher(row);
      assertThat(m.matches()).isTrue();
      assertThat(Double.parseDouble(m.group(2))).as("rate in %s", row).isPositive();
      assertThat(Long.parseLong(m.group(5))).as("errors in %s", row).isZero();
      assertThat(Long.parseLong(m.group(6))).as("requests in %s", row).isPositive();
    }
    assertThat(
            markdown
                .lines()
                .filter(
                    l ->
                        l.matches(
                            "^\\| web \\| FEED \\| 4 \\| (web|backend|wrk) \\| [0-9.]+ \\| \\d+ \\| \\d+ \\|$")))
        .as("CPU and memory of web, backend and wrk during FEED")
        .hasSize(3);
  }

  private static boolean wrkAvailable() throws IOException, InterruptedException {
    if (new ProcessBuilder("sh", "-c", "command -v wrk").start().waitFor() == 0) {
      return true;
    }
    // ./flock bench installs it as root
    return new ProcessBuilder("id", "-u").start().inputReader().readLine().trim().equals("0");
  }

  /** A base port p with p, p+1 and p+2 free (web, backend HTTP, gRPC). */
  private static int freePortBase() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(20_000, 30_000);
      if (free(base) && free(base + 1) && free(base + 2)) {
        return base;
      }
    }
    throw new IOException("no three consecutive free ports found");
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
