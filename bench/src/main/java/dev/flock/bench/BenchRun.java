package dev.flock.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code ./flock bench} (bench/README.md): its options and tools checked, then a {@link StorageRun}
 * per storage mode; Ctrl-C or SIGTERM stops what runs. Run from the repository's root, as ./flock
 * does.
 */
final class BenchRun {

  private final Path root;
  private final BenchOptions options;
  private final Site.Settings settings;
  private volatile StorageRun current;
  private volatile boolean stopping;

  private BenchRun(Path root, BenchOptions options, Site.Settings settings) {
    this.root = root;
    this.options = options;
    this.settings = settings;
  }

  /** {@code Main run [option]...}: the exit status. */
  static int run(List<String> args) {
    BenchRun bench;
    try {
      Optional<BenchOptions> options = BenchOptions.parse(args);
      if (options.isEmpty()) {
        System.out.print(BenchOptions.USAGE);
        return 0;
      }
      Path root = Path.of("").toAbsolutePath();
      bench =
          new BenchRun(
              root,
              options.get(),
              Site.Settings.of(
                  root, System.getenv(), options.get().shape(), options.get().telemetry()));
      bench.checkTools();
    } catch (BenchFailure e) {
      Console.say("%s", e.getMessage());
      return 1;
    }
    // Ctrl-C or SIGTERM: stop the site, wipe the cluster, end wrk or a driver
    Thread hook =
        new Thread(
            () -> {
              bench.stopping = true;
              bench.stop();
            },
            "bench-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      for (String storage : bench.options.storages()) {
        bench.current = new StorageRun(bench.root, bench.options, bench.settings, storage);
        bench.current.run();
      }
      return 0;
    } catch (BenchFailure e) {
      if (!bench.stopping) {
        Console.say("%s", e.getMessage());
      }
      return 1;
    } finally {
      bench.stop();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs or has run
      }
    }
  }

  private void checkTools() {
    if (!Files.exists(root.resolve("bench/wrk/flock.lua"))) {
      throw new BenchFailure("run it from the repository's root, as ./flock bench");
    }
    List<String> missing =
        Stream.of(
                "payara-config/target/payara-micro.jar",
                "backend-war/target/backend.war",
                "web-war/target/web.war")
            .filter(file -> !Files.exists(root.resolve(file)))
            .toList();
    if (!missing.isEmpty()) {
      throw new BenchFailure(
          "missing: "
              + String.join(", ", missing)
              + " (build them: ./flock bench without FLOCK_NO_BUILD)");
    }
    boolean wrk =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .anyMatch(dir -> Files.isExecutable(Path.of(dir, "wrk")));
    if (!wrk) {
      throw new BenchFailure(
          "wrk is needed: sudo apt-get install wrk (Debian/Ubuntu), or build it from https://github.com/wg/wrk");
    }
  }

  /** Stops the current site and ends whatever tool still runs; safe to call more than once. */
  private void stop() {
    StorageRun run = current;
    if (run != null) {
      run.close();
    }
    ProcessHandle.current().children().forEach(ProcessHandle::destroy);
  }
}
