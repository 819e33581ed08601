package dev.flock.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code ./flock bench}: per storage mode, its own site, the data set, sign-ins, a warm-up, then
 * every operation through wrk, the gRPC backend alone and the raw etcd cluster, and the results
 * table (bench/README.md). Run from the repository's root, as ./flock does.
 */
final class BenchRun {

  private static final List<String> RAW_ETCD_OPS = List.of("TXN", "RANGE", "PUT", "GET");
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

  private final Path root;
  private final BenchOptions options;
  private final Site.Settings settings;
  private volatile Site site;
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
        bench.measure(storage);
      }
      return 0;
    } catch (BenchFailure e) {
      if (!bench.stopping) {
        Console.say("%s", e.getMessage());
      }
      return 1;
    } finally {
      bench.stop();
      if (!bench.stopping) {
        Runtime.getRuntime().removeShutdownHook(hook);
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
              + " (build them: ./flock bench without FLOCK_BENCH_NO_BUILD)");
    }
    boolean wrk =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .anyMatch(dir -> Files.isExecutable(Path.of(dir, "wrk")));
    if (!wrk) {
      throw new BenchFailure(
          "wrk is needed: sudo apt-get install wrk (Debian/Ubuntu), or build it from https://github.com/wg/wrk");
    }
  }

  /** One storage mode, end to end. */
  private void measure(String storage) {
    String stamp = ZonedDateTime.now().format(STAMP);
    Path work = root.resolve("bench/target/runs/" + stamp + "-" + storage);
    Path resultsDir = root.resolve(options.results());
    createDirectories(work);
    createDirectories(resultsDir);
    Measurements measurements = new Measurements(work);
    Drivers drivers = new Drivers(work);
    site = Site.start(settings, storage, work);
    String target = site.grpcTarget();
    String shape = options.shape();
    int users = options.maxConnections();

    Console.say("loading shape %s through gRPC (%s)", shape, target);
    // In etcd mode every write waits for a Raft round: 64 in flight fill etcd's batches (~2x the
    // writes per second of 16), which XL's 1.5 million writes need.
    String threads = storage.equals("etcd") ? "64" : "16";
    String loadOutput =
        drivers.run("loading", "load", "--target", target, "--shape", shape, "--threads", threads);
    System.err.print(loadOutput);
    String loaded = loadOutput.lines().filter(l -> l.startsWith("loaded")).findFirst().orElse("");

    Console.say("signing %d users in through the login form", users);
    Path sessions = work.resolve("sessions-" + users + ".txt");
    System.err.print(
        drivers.run(
            "signing in through the web",
            "sessions",
            "--base",
            site.webUrl(),
            "--shape",
            shape,
            "--users",
            Integer.toString(users),
            "--out",
            sessions.toString()));

    Wrk wrk =
        new Wrk(
            root.resolve("bench/wrk/flock.lua"), site.webUrl(), sessions, work, drivers, target);
    WarmUp.Outcome warmUp = new WarmUp.Outcome(options.warmupSeconds(), "");
    if (options.warmupSeconds() > 0) {
      warmUp =
          WarmUp.run(
              wrk, users, options.warmupSeconds(), options.warmupMaxSeconds(), site.jvmPids());
      if (options.backendDriver()) {
        // the backend's own gRPC path, which the pages do not take the same way
        drivers.quietly(
            "backend",
            "--target",
            target,
            "--shape",
            shape,
            "--op",
            "FEED",
            "--conns",
            Integer.toString(users),
            "--duration",
            Math.min(warmUp.seconds(), 10) + "s",
            "--warmup",
            "0s");
      }
    }

    Profiler profiler = new Profiler(work);
    boolean profiled = false;
    for (String op : options.ops()) {
      System.err.print(
          drivers.run(
              "the data set check before " + op,
              "check",
              "--target",
              target,
              "--shape",
              shape,
              "--repair",
              Integer.toString(users)));
      for (int conns : options.connections()) {
        for (int run = 1; run <= options.runs(); run++) {
          boolean profiling = options.profile() && !profiled && op.equals("FEED");
          if (profiling) {
            profiler.start(site.jvmPids());
          }
          Wrk.Run measured = wrk.run(op, conns, options.durationSeconds(), run, site.pids());
          measurements.wrk(
              new Measurements.Cell("web", op, conns, run),
              measured.result(op),
              measured.processes());
          if (profiling) {
            profiler.stop(site.jvmPids());
            profiled = true;
          }
        }
      }
      // the same operation on the gRPC backend alone, on the same data (before the writes change
      // it); not POST yet: its cells store ~10^5 posts each, which in memory mode fill the
      // backend's heap and would slow every page measured after them (MIX measured the collector
      // that way)
      if (options.backendDriver() && !op.equals("MIX") && !op.equals("POST")) {
        driverCells(drivers, measurements, work, "backend", op, backend(target, shape));
      }
    }
    if (options.backendDriver() && options.ops().contains("POST")) {
      driverCells(drivers, measurements, work, "backend", "POST", backend(target, shape));
    }
    Optional<String> endpoints = site.etcdEndpoints();
    if (endpoints.isPresent() && options.rawEtcd()) {
      for (String op : RAW_ETCD_OPS) {
        driverCells(
            drivers,
            measurements,
            work,
            "etcd",
            op,
            List.of("etcd", "--endpoints", endpoints.get()));
      }
    }

    writeMeta(work, storage, loaded, warmUp);
    // as given, like the option: relative to the repository's root or absolute
    Path table = Path.of(options.results(), stamp + "-" + storage + ".md");
    try {
      ResultsTable.run(new Options(Map.of("dir", work.toString(), "out", table.toString())));
      String profile = Drivers.read(work.resolve("profile.md"));
      if (!profile.isEmpty()) {
        Files.writeString(
            table,
            "\n## CPU profile during the first FEED run (async-profiler)\n\n" + profile,
            StandardOpenOption.APPEND);
        System.out.print(profile);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Console.say("results: %s", table);
    stop();
  }

  private static List<String> backend(String target, String shape) {
    return List.of("backend", "--target", target, "--shape", shape);
  }

  /** A driver's cells: {@code op} at each connection count, {@code --runs} times. */
  private void driverCells(
      Drivers drivers,
      Measurements measurements,
      Path work,
      String section,
      String op,
      List<String> command) {
    for (int conns : options.connections()) {
      for (int run = 1; run <= options.runs(); run++) {
        List<String> line = new ArrayList<>(command);
        line.addAll(
            List.of(
                "--op",
                op,
                "--conns",
                Integer.toString(conns),
                "--duration",
                options.driverSeconds() + "s",
                "--warmup",
                "2s",
                "--pids",
                ProcessSample.spec(site.pids())));
        Path out = work.resolve("%s-%s-%d-%d.txt".formatted(section, op, conns, run));
        String output = drivers.measure(out, section + " driver", line.toArray(String[]::new));
        measurements.driver(new Measurements.Cell(section, op, conns, run), output);
      }
    }
  }

  private void writeMeta(Path work, String storage, String loaded, WarmUp.Outcome warmUp) {
    List<String> meta =
        List.of(
            "date=" + ZonedDateTime.now().format(DATE),
            "storage=" + storage,
            "shape=" + options.shape(),
            "command=`"
                + String.join(
                    " ",
                    Stream.concat(Stream.of("./flock bench"), options.arguments().stream())
                        .toList())
                + "`",
            "machine=" + Machine.describe(),
            "settings=wrk -t2 --latency, %d s × %d runs per cell after %d s warm-up%s (drivers: %d s per run after 2 s); web -Xmx%s, backend -Xmx%s, JVM options of payara-config/production, Faces Production, INFO logs to files"
                .formatted(
                    options.durationSeconds(),
                    options.runs(),
                    warmUp.seconds(),
                    warmUp.note(),
                    options.driverSeconds(),
                    settings.webXmx(),
                    settings.backendXmx()),
            "data set=" + loaded,
            "startup=" + site.readiness(),
            "telemetry=" + (options.telemetry() ? "on" : "off"),
            "work directory=" + root.relativize(work) + " (logs, raw wrk and driver output)");
    try {
      Files.write(work.resolve("meta.txt"), meta);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the current site and ends whatever tool still runs; safe to call more than once. */
  private void stop() {
    Site current = site;
    if (current != null) {
      current.close();
    }
    ProcessHandle.current().children().forEach(ProcessHandle::destroy);
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
