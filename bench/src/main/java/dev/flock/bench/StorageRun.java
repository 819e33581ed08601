package dev.flock.bench;

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
 * One storage mode of {@code ./flock bench}, end to end: its own site, the data set, sign-ins, a
 * warm-up, every operation through wrk and the gRPC backend alone, the raw etcd cluster, and the
 * results table. Its work directory, {@code bench/target/runs/<timestamp>-<storage>}, keeps the
 * logs and the raw output.
 */
final class StorageRun implements AutoCloseable {

  private static final List<String> RAW_ETCD_OPS = List.of("TXN", "RANGE", "PUT", "GET");
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

  private final Path root;
  private final BenchOptions options;
  private final Site.Settings settings;
  private final String storage;
  private final String stamp = ZonedDateTime.now().format(STAMP);
  private final Path work;
  private final Drivers drivers;
  private final Measurements measurements;
  private final Site site;

  StorageRun(Path root, BenchOptions options, Site.Settings settings, String storage) {
    this.root = root;
    this.options = options;
    this.settings = settings;
    this.storage = storage;
    this.work = root.resolve("bench/target/runs/" + stamp + "-" + storage);
    try {
      Files.createDirectories(work);
      Files.createDirectories(root.resolve(options.results()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.drivers = new Drivers(work);
    this.measurements = new Measurements(work);
    this.site = new Site(settings, work);
  }

  void run() {
    Optional<SavedEtcdData> saved =
        storage.equals("etcd") ? options.etcdData().map(SavedEtcdData::new) : Optional.empty();
    Optional<SavedEtcdData> restored = saved.filter(SavedEtcdData::exists);
    site.start(storage, restored.map(SavedEtcdData::snapshot));
    String loaded;
    if (restored.isPresent()) {
      loaded = restored.get().loaded(options.shape());
    } else {
      loaded = load();
      saved.ifPresent(data -> data.save(site, options.shape(), loaded));
    }
    Path sessions = signIn();
    Wrk wrk =
        new Wrk(
            root.resolve("bench/wrk/flock.lua"),
            site.webUrl(),
            sessions,
            work,
            drivers,
            site.grpcTarget());
    WarmUp.Outcome warmUp = warmUp(wrk);
    measureOps(wrk);
    site.etcdEndpoints()
        .filter(endpoints -> options.rawEtcd())
        .ifPresent(
            endpoints ->
                RAW_ETCD_OPS.forEach(
                    op -> driverCells("etcd", op, List.of("etcd", "--endpoints", endpoints))));
    writeMeta(loaded, warmUp);
    writeTable();
    close();
  }

  /** The data set, through gRPC; returns the loader's summary line. */
  private String load() {
    Console.say("loading shape %s through gRPC (%s)", options.shape(), site.grpcTarget());
    // In etcd mode every write waits for a Raft round: 64 in flight fill etcd's batches (~2x the
    // writes per second of 16), which XL's 1.5 million writes need.
    String threads = storage.equals("etcd") ? "64" : "16";
    String output =
        drivers.run(
            "loading",
            "load",
            "--target",
            site.grpcTarget(),
            "--shape",
            options.shape(),
            "--threads",
            threads);
    System.err.print(output);
    return output.lines().filter(l -> l.startsWith("loaded")).findFirst().orElse("");
  }

  /** wrk's users, signed in through the login form; returns their sessions file. */
  private Path signIn() {
    int users = options.maxConnections();
    Console.say("signing %d users in through the login form", users);
    Path sessions = work.resolve("sessions-" + users + ".txt");
    System.err.print(
        drivers.run(
            "signing in through the web",
            "sessions",
            "--base",
            site.webUrl(),
            "--shape",
            options.shape(),
            "--users",
            Integer.toString(users),
            "--out",
            sessions.toString()));
    return sessions;
  }

  private WarmUp.Outcome warmUp(Wrk wrk) {
    if (options.warmupSeconds() == 0) {
      return new WarmUp.Outcome(0, "");
    }
    WarmUp.Outcome outcome =
        WarmUp.run(
            wrk,
            options.maxConnections(),
            options.warmupSeconds(),
            options.warmupMaxSeconds(),
            site.jvmPids());
    if (options.backendDriver()) {
      // the backend's gRPC path as the driver calls it, warm before its first cell
      drivers.quietly(
          "backend",
          "--target",
          site.grpcTarget(),
          "--shape",
          options.shape(),
          "--op",
          "FEED",
          "--conns",
          Integer.toString(options.maxConnections()),
          "--duration",
          Math.min(outcome.seconds(), 10) + "s",
          "--warmup",
          "0s");
    }
    return outcome;
  }

  /** Each operation through wrk, then on the gRPC backend alone. */
  private void measureOps(Wrk wrk) {
    Profiler profiler = new Profiler(work);
    boolean profiled = false;
    for (String op : options.ops()) {
      System.err.print(
          drivers.run(
              "the data set check before " + op,
              "check",
              "--target",
              site.grpcTarget(),
              "--shape",
              options.shape(),
              "--repair",
              Integer.toString(options.maxConnections())));
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
        driverCells("backend", op, backendDriver());
      }
    }
    if (options.backendDriver() && options.ops().contains("POST")) {
      driverCells("backend", "POST", backendDriver());
    }
  }

  private List<String> backendDriver() {
    return List.of("backend", "--target", site.grpcTarget(), "--shape", options.shape());
  }

  /** A driver's cells: {@code op} at each connection count, {@code --runs} times. */
  private void driverCells(String section, String op, List<String> command) {
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

  private void writeMeta(String loaded, WarmUp.Outcome warmUp) {
    String command =
        String.join(
            " ", Stream.concat(Stream.of("./flock bench"), options.arguments().stream()).toList());
    List<String> meta =
        List.of(
            "date=" + ZonedDateTime.now().format(DATE),
            "storage=" + storage,
            "shape=" + options.shape(),
            "command=`" + command + "`",
            "machine=" + Machine.describe(),
            ("settings=wrk -t2 --latency, %d s × %d runs per cell after %d s warm-up%s (drivers: %d"
                    + " s per run after 2 s); web -Xmx%s, backend -Xmx%s, JVM options of"
                    + " payara-config/production, Faces Production, INFO logs to files")
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

  /** The results table (also on stdout), with the CPU profiles if any. */
  private void writeTable() {
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
  }

  /** Stops the site and wipes its etcd cluster. */
  @Override
  public void close() {
    site.close();
  }
}
