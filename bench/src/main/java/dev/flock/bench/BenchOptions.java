package dev.flock.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The options of {@code ./flock bench} (its usage text is {@link #USAGE}). */
record BenchOptions(
    List<String> arguments,
    String storage,
    String shape,
    List<String> ops,
    List<Integer> connections,
    long durationSeconds,
    int runs,
    long warmupSeconds,
    long warmupMaxSeconds,
    boolean backendDriver,
    long driverSeconds,
    boolean rawEtcd,
    boolean profile,
    boolean telemetry,
    String results,
    Optional<Path> etcdData,
    boolean smoke) {

  /** The operations in the order they run: the writes come last. */
  static final List<String> OPS =
      List.of("FEED", "EXPLORE", "LOGIN", "FOLLOW", "LIKE", "POST", "REPLY", "MIX");

  static final String USAGE =
      """
      Usage: ./flock bench [options]

      Starts its own Flock (Payara Micro JVMs with production settings on their own ports; in etcd mode its
      own 3-member etcd cluster), loads the data set of the shape through the backend's gRPC API, checks
      it, warms up, then measures each operation with wrk (pages), with the gRPC driver (backend alone)
      and, in etcd mode, the raw cluster with jetcd. Writes bench/results/<timestamp>-<storage>.md.

        --storage memory|etcd|both   (memory)
        --shape S|L|XL               (S)   the data sets of WORKLOAD.md
        --ops FEED,EXPLORE,LOGIN,FOLLOW,LIKE,POST,REPLY,MIX
                                     (all; always run in this order: the writes come last)
        --connections 16,64          (16,64)
        --duration 20s               (20s) each timed run
        --runs 3                     (3)
        --warmup 60s                 (60s) before the first run: 90% FEED, 9% FOLLOW, 1% LOGIN; then
                                     more of it, 20 s at a time, until the JIT has settled (both JVMs
                                     together compiled for less than 2 s in the last 20 s)
        --warmup-max 600s            (600s) the longest warm-up in all
        --no-backend                 skip the gRPC backend-alone driver
        --backend-duration 10s       (= --duration) each timed run of the gRPC and raw etcd drivers
        --no-raw                     skip the raw etcd driver (etcd mode)
        --profile                    CPU-profile the web and backend JVMs with async-profiler (itimer, 1 ms;
                                     ~5 % overhead here) during the first FEED run and summarise the hot
                                     methods into the results (the stacks stay in the work directory)
        --telemetry on|off           (on) off: OpenTelemetry disabled in both JVMs (otel.sdk.disabled),
                                     to measure what traces, metrics and request logs cost
        --results DIR                (bench/results)
        --etcd-data FILE             etcd mode: start the cluster on this etcd snapshot instead of
                                     loading the shape, when the file exists (its FILE.txt says what it
                                     holds, which must be the shape asked for); otherwise load the shape
                                     and save it there. An XL load takes over an hour; a restore, a minute
        --smoke                      a tiny shape for a few seconds, memory mode, one run: a quick check
                                     that the whole chain works (used by BenchSmokeIT)
      Environment: FLOCK_BENCH_PORT (18480: web, +1 backend HTTP, +2 gRPC, +3 and +4 metrics),
      FLOCK_BENCH_WEB_XMX, FLOCK_BENCH_BACKEND_XMX (the -Xmx of payara-config/production; 1g for XL's backend),
      FLOCK_NO_BUILD=1 (run what is built, without building what changed). The etcd cluster takes
      free ports and keeps its data in a temporary directory, deleted at the end.
      """;

  /**
   * The options of {@code args}, checked; empty when they ask for the usage text.
   *
   * @throws BenchFailure for an unknown option or a value out of range
   */
  static Optional<BenchOptions> parse(List<String> args) {
    Parser p = new Parser(args);
    p.run();
    if (p.help) {
      return Optional.empty();
    }
    if (p.smoke) {
      p.storage = "memory";
      p.shape = "TINY";
      p.ops = String.join(",", OPS);
      p.connections = "4";
      p.duration = "2s";
      p.runs = "1";
      p.warmup = "3s";
      p.warmupMax = "3s";
    }
    check(
        List.of("memory", "etcd", "both").contains(p.storage),
        "--storage must be memory, etcd or both");
    check(List.of("on", "off").contains(p.telemetry), "--telemetry must be on or off");
    check(List.of("S", "L", "XL", "TINY").contains(p.shape), "--shape must be S, L or XL");
    check(p.runs.matches("[1-9][0-9]*"), "--runs must be a positive number");
    check(
        p.etcdData == null || !p.storage.equals("memory"),
        "--etcd-data needs --storage etcd (or both)");
    List<String> chosen = List.of(p.ops.split(","));
    List<String> ops = OPS.stream().filter(chosen::contains).toList();
    check(!ops.isEmpty(), "--ops: none of " + String.join(",", OPS));
    List<Integer> connections = new ArrayList<>();
    for (String c : p.connections.split(",", -1)) {
      check(c.matches("[1-9][0-9]*"), "--connections: '" + c + "' is not a number");
      int count = Integer.parseInt(c);
      check(
          count % 2 == 0, "--connections: " + c + " must be even (wrk -t2 gives each thread half)");
      connections.add(count);
    }
    long durationSeconds = seconds("--duration", p.duration);
    return Optional.of(
        new BenchOptions(
            List.copyOf(args),
            p.storage,
            p.shape,
            ops,
            List.copyOf(connections),
            durationSeconds,
            Integer.parseInt(p.runs),
            seconds("--warmup", p.warmup),
            seconds("--warmup-max", p.warmupMax),
            p.backendDriver,
            p.backendDuration == null
                ? durationSeconds
                : seconds("--backend-duration", p.backendDuration),
            p.rawEtcd,
            p.profile,
            p.telemetry.equals("on"),
            p.results,
            Optional.ofNullable(p.etcdData).map(Path::of),
            p.smoke));
  }

  /** 20s, 2m, 500ms: whole seconds, rounded up. */
  static long seconds(String option, String value) {
    try {
      Duration duration = Options.parseDuration(value);
      check(!duration.isNegative(), option + " must not be negative");
      return (duration.toMillis() + 999) / 1000;
    } catch (NumberFormatException e) {
      throw new BenchFailure(option + ": '" + value + "' is not a duration (20s, 2m, 500ms)");
    }
  }

  /** The largest connection count: the warm-up's, and how many users sign in for wrk. */
  int maxConnections() {
    return Collections.max(connections);
  }

  /** The storage modes to measure, one after the other. */
  List<String> storages() {
    return storage.equals("both") ? List.of("memory", "etcd") : List.of(storage);
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new BenchFailure(message);
    }
  }

  /** The command line as given, before the checks; the fields start as the defaults. */
  private static final class Parser {
    private final List<String> args;
    private int next;
    String storage = "memory";
    String shape = "S";
    String ops = String.join(",", OPS);
    String connections = "16,64";
    String duration = "20s";
    String runs = "3";
    String warmup = "60s";
    String warmupMax = "600s";
    String backendDuration;
    boolean backendDriver = true;
    boolean rawEtcd = true;
    boolean profile;
    String telemetry = "on";
    String results = "bench/results";
    String etcdData;
    boolean smoke;
    boolean help;

    Parser(List<String> args) {
      this.args = args;
    }

    void run() {
      while (next < args.size() && !help) {
        String option = args.get(next++);
        switch (option) {
          case "--storage" -> storage = value(option);
          case "--shape" -> shape = value(option).toUpperCase(Locale.ROOT);
          case "--ops" -> ops = value(option).toUpperCase(Locale.ROOT);
          case "--connections" -> connections = value(option);
          case "--duration" -> duration = value(option);
          case "--runs" -> runs = value(option);
          case "--warmup" -> warmup = value(option);
          case "--warmup-max" -> warmupMax = value(option);
          case "--no-backend" -> backendDriver = false;
          case "--backend-duration" -> backendDuration = value(option);
          case "--no-raw" -> rawEtcd = false;
          case "--profile" -> profile = true;
          case "--results" -> results = value(option);
          case "--etcd-data" -> etcdData = value(option);
          case "--telemetry" -> telemetry = value(option);
          case "--smoke" -> smoke = true;
          case "-h", "--help" -> help = true;
          default ->
              throw new BenchFailure("unknown option '" + option + "' (./flock bench --help)");
        }
      }
    }

    private String value(String option) {
      if (next >= args.size() || args.get(next).isEmpty()) {
        throw new BenchFailure(option + " needs a value (./flock bench --help)");
      }
      return args.get(next++);
    }
  }
}
