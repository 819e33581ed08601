package dev.flock.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * async-profiler (Maven Central: tools.profiler:async-profiler, on the bench's class path) attached
 * to running JVMs with {@code jcmd JVMTI.agent_load}. Not JFR: its profile settings cut this
 * machine's page rate to ~40 % and deoptimised code.
 */
final class Profiler {

  private static final String LIBRARY = "linux-x64/libasyncProfiler.so";

  private final Path work;

  Profiler(Path work) {
    this.work = work;
  }

  /** CPU samples, 1 ms of CPU time each (itimer), in each JVM. */
  void start(Map<String, Long> jvms) {
    jvms.values().forEach(pid -> agent(pid, "start,event=itimer,interval=1ms"));
  }

  /**
   * Stops the profiles, keeps each JVM's stacks in {@code <name>-feed.collapsed} and appends their
   * summaries to {@code profile.md}.
   */
  void stop(Map<String, Long> jvms) {
    jvms.forEach(
        (name, pid) -> {
          Path stacks = work.resolve(name + "-feed.collapsed");
          agent(pid, "stop,collapsed,file=" + stacks);
          try {
            Files.writeString(
                work.resolve("profile.md"),
                ProfileSummary.summary(stacks, name + " JVM during FEED", 15, java.util.List.of()),
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
          } catch (IOException e) {
            throw new BenchFailure("cannot summarise " + stacks + ": " + e.getMessage());
          }
        });
  }

  private void agent(long pid, String command) {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    try {
      // the quotes keep the agent's options one argument of the JVMTI.agent_load command
      int status =
          new ProcessBuilder(
                  jcmd,
                  Long.toString(pid),
                  "JVMTI.agent_load",
                  library().toString(),
                  "\"" + command + "\"")
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start()
              .waitFor();
      if (status != 0) {
        throw new BenchFailure("async-profiler: jcmd " + pid + " failed (" + command + ")");
      }
    } catch (IOException e) {
      throw new BenchFailure("async-profiler: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchFailure("interrupted");
    }
  }

  /** The native library, unpacked from the async-profiler jar once per work directory. */
  private Path library() throws IOException {
    Path library = work.resolve(LIBRARY);
    if (Files.exists(library)) {
      return library;
    }
    Path jar =
        Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(Path::of)
            .filter(p -> p.getFileName().toString().matches("async-profiler-.*\\.jar"))
            .findFirst()
            .orElseThrow(
                () -> new BenchFailure("could not unpack async-profiler: not on the class path"));
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      var entry = zip.getEntry(LIBRARY);
      if (entry == null) {
        throw new BenchFailure("could not unpack async-profiler: no " + LIBRARY + " in " + jar);
      }
      Files.createDirectories(library.getParent());
      try (InputStream in = zip.getInputStream(entry)) {
        Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return library;
  }
}
