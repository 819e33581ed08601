package dev.flock.bench;

import dev.flock.devtools.PayaraInstance;
import dev.flock.devtools.Ports;
import dev.flock.raft.EtcdCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Flock under test: the backend and the web tier on Payara Micro with production settings, on
 * the bench's own ports, and in etcd mode a 3-member etcd cluster of its own, wiped when it closes.
 */
final class Site implements AutoCloseable {

  private static final Duration READY_WITHIN = Duration.ofSeconds(180);
  private static final Duration STOP_WITHIN = Duration.ofSeconds(30);

  /**
   * Where and how: the web port (backend HTTP +1, gRPC +2, metrics +3 and +4) and each JVM's heap.
   */
  record Settings(Path root, int webPort, String webXmx, String backendXmx, boolean telemetry) {

    /**
     * FLOCK_BENCH_PORT, FLOCK_BENCH_WEB_XMX and FLOCK_BENCH_BACKEND_XMX, else the heaps of
     * payara-config/production; XL's million posts need a bigger backend heap.
     */
    static Settings of(Path root, Map<String, String> env, String shape, boolean telemetry) {
      String port = env.getOrDefault("FLOCK_BENCH_PORT", "18480");
      if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65531) {
        throw new BenchFailure("FLOCK_BENCH_PORT must be a port number, not '" + port + "'");
      }
      String webXmx = env.getOrDefault("FLOCK_BENCH_WEB_XMX", productionXmx(root, "web"));
      String backendXmx =
          env.getOrDefault(
              "FLOCK_BENCH_BACKEND_XMX",
              shape.equals("XL") ? "1g" : productionXmx(root, "backend"));
      return new Settings(root, Integer.parseInt(port), webXmx, backendXmx, telemetry);
    }

    /** The last -Xmx of payara-config/production/<tier>.jvm-options, without "-Xmx". */
    private static String productionXmx(Path root, String tier) {
      Path file = root.resolve("payara-config/production/" + tier + ".jvm-options");
      try {
        return Files.readAllLines(file).stream()
            .map(String::strip)
            .filter(line -> line.startsWith("-Xmx"))
            .reduce((first, second) -> second)
            .map(line -> line.substring("-Xmx".length()))
            .orElseThrow(() -> new BenchFailure("no -Xmx in " + file));
      } catch (IOException e) {
        throw new BenchFailure("cannot read " + file + ": " + e.getMessage());
      }
    }

    int backendPort() {
      return webPort + 1;
    }

    int grpcPort() {
      return webPort + 2;
    }

    int webMetricsPort() {
      return webPort + 3;
    }

    int backendMetricsPort() {
      return webPort + 4;
    }
  }

  private final Settings settings;
  private final Path work;
  private final Map<String, Long> pids = new LinkedHashMap<>();
  private final List<PayaraInstance> jvms = new ArrayList<>();
  private EtcdCluster cluster;
  private Optional<Path> etcdSnapshot = Optional.empty();
  private String readiness = "";
  private boolean closed;

  Site(Settings settings, Path work) {
    this.settings = settings;
    this.work = work;
  }

  /**
   * Starts the site for {@code storage} and waits until both tiers serve; on failure it stops what
   * it started.
   */
  void start(String storage, Optional<Path> etcdSnapshot) {
    this.etcdSnapshot = etcdSnapshot;
    try {
      startAll(storage);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void startAll(String storage) {
    for (int port :
        List.of(
            settings.webPort(),
            settings.backendPort(),
            settings.grpcPort(),
            settings.webMetricsPort(),
            settings.backendMetricsPort())) {
      if (Ports.inUse(port)) {
        throw new BenchFailure("port " + port + " is in use (set FLOCK_BENCH_PORT)");
      }
    }
    Map<String, String> backend = new LinkedHashMap<>();
    backend.put("flock.grpc.port", Integer.toString(settings.grpcPort()));
    backend.put("flock.storage", storage);
    if (storage.equals("etcd")) {
      backend.put("flock.etcd.endpoints", startEtcd());
    }
    backend.put("otel.exporter.prometheus.port", Integer.toString(settings.backendMetricsPort()));
    // Each connection is one user posting, following and liking many times a second: the rate
    // limits are
    // counted as in production (that cost is measured), at numbers the bench never reaches.
    for (String limit : List.of("posts-per-account", "follows-per-account", "likes-per-account")) {
      backend.put("flock.limits." + limit + ".max", "1000000000");
    }
    Map<String, String> web = new LinkedHashMap<>();
    web.put("flock.backend.grpc.target", grpcTarget());
    web.put("flock.backend.session.url", "http://127.0.0.1:" + settings.backendPort());
    web.put("otel.exporter.prometheus.port", Integer.toString(settings.webMetricsPort()));
    for (Map<String, String> properties : List.of(backend, web)) {
      properties.put("flock.shutdown.grace-seconds", "0");
      if (!settings.telemetry()) {
        properties.put("otel.sdk.disabled", "true");
      }
    }
    long t0 = System.nanoTime();
    PayaraInstance backendJvm =
        startJvm(
            "backend",
            settings.backendPort(),
            "backend-war/target/backend.war",
            settings.backendXmx(),
            backend);
    PayaraInstance webJvm =
        startJvm("web", settings.webPort(), "web-war/target/web.war", settings.webXmx(), web);
    awaitReady(backendJvm, "/api/v1/session", 401);
    long backendReady = secondsSince(t0);
    awaitReady(webJvm, "/", 200);
    readiness =
        "backend %d s, web %d s after start (both started together)"
            .formatted(backendReady, secondsSince(t0));
    Console.say("ready: %s", readiness);
  }

  private synchronized String startEtcd() {
    stopIfClosed();
    try {
      if (etcdSnapshot.isPresent()) {
        Console.say("etcd cluster: restoring %s", etcdSnapshot.get());
      }
      cluster =
          etcdSnapshot
              .map(snapshot -> EtcdCluster.restore(3, snapshot))
              .orElseGet(() -> EtcdCluster.start(3));
    } catch (IllegalStateException | java.io.UncheckedIOException e) {
      throw new BenchFailure("the etcd cluster did not start: " + e.getMessage());
    }
    cluster.members().forEach(member -> pids.put(member.name(), pidOf(member)));
    Console.say("etcd cluster: %s", cluster.endpointsCsv());
    return cluster.endpointsCsv();
  }

  /** Saves the etcd cluster's data (etcdctl snapshot save) to {@code file}. */
  void saveEtcdSnapshot(Path file) {
    Console.say("etcd cluster: saving a snapshot to %s", file);
    try {
      cluster.saveSnapshot(file);
    } catch (IllegalStateException | java.io.UncheckedIOException e) {
      throw new BenchFailure("the etcd snapshot was not saved: " + e.getMessage());
    }
  }

  /** A member's process: the child of this JVM that runs etcd on the member's data dir. */
  private static long pidOf(EtcdCluster.Member member) {
    String dataDir = member.dataDir().toString();
    return ProcessHandle.current()
        .children()
        .filter(p -> p.info().arguments().map(a -> List.of(a).contains(dataDir)).orElse(false))
        .findFirst()
        .orElseThrow(() -> new BenchFailure("no process found for " + member.name()))
        .pid();
  }

  /**
   * Production-like JVM settings from payara-config/production/<tier>.jvm-options (C2, the serial
   * collector, capped non-heap memory; not the dev flags of payara-config/local), the heap chosen
   * for this run after them (the last -Xmx wins), INFO logs to a file, Faces in Production stage
   * (web.xml). Two malloc arenas: glibc would otherwise grow an arena per busy thread
   * (BENCHMARKS.md, "Memory per JVM").
   */
  private synchronized PayaraInstance startJvm(
      String tier, int port, String war, String xmx, Map<String, String> properties) {
    stopIfClosed();
    Path root = settings.root();
    Path log = work.resolve(tier + ".log");
    PayaraInstance jvm =
        PayaraInstance.builder(
                "bench-" + tier,
                root.resolve("payara-config/target/payara-micro.jar"),
                root.resolve("payara-config"),
                root.resolve(war),
                port)
            .jvmOptionsFile(root.resolve("payara-config/production/" + tier + ".jvm-options"))
            .jvmOptions(List.of("-Xmx" + xmx))
            .systemProperties(properties)
            .environment(Map.of("MALLOC_ARENA_MAX", "2"))
            .log(log)
            .start();
    jvms.add(jvm);
    pids.put(tier, jvm.pid());
    Console.say("started %s (pid %d, -Xmx%s) on port %d, log %s", tier, jvm.pid(), xmx, port, log);
    return jvm;
  }

  /** A stop (Ctrl-C) while starting: nothing more is started, so nothing is left behind. */
  private void stopIfClosed() {
    if (closed) {
      throw new BenchFailure("stopped");
    }
  }

  private static void awaitReady(PayaraInstance jvm, String path, int status) {
    try {
      jvm.awaitReady(path, status, READY_WITHIN);
    } catch (PayaraInstance.LaunchFailure e) {
      System.err.print(jvm.failureReport());
      throw new BenchFailure(jvm.name().replaceFirst("^bench-", "") + ": " + e.getMessage());
    }
  }

  private static long secondsSince(long nanos) {
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - nanos);
  }

  /** Every server process by name, in start order: etcd1..etcd3 (etcd mode), backend, web. */
  Map<String, Long> pids() {
    return new LinkedHashMap<>(pids);
  }

  /** The Payara Micro JVMs by tier: backend, web. */
  Map<String, Long> jvmPids() {
    Map<String, Long> tiers = new LinkedHashMap<>(pids);
    tiers.keySet().retainAll(List.of("backend", "web"));
    return tiers;
  }

  Optional<String> etcdEndpoints() {
    return Optional.ofNullable(cluster).map(EtcdCluster::endpointsCsv);
  }

  String grpcTarget() {
    return "localhost:" + settings.grpcPort();
  }

  String webUrl() {
    return "http://localhost:" + settings.webPort();
  }

  /** How long each tier took to serve, for the results. */
  String readiness() {
    return readiness;
  }

  /** Stops the JVMs (web first, both at once, SIGKILL after 30 s) and wipes the etcd cluster. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<PayaraInstance> reversed = jvms.reversed();
    reversed.forEach(PayaraInstance::terminate);
    reversed.forEach(jvm -> jvm.stop(STOP_WITHIN));
    if (cluster != null) {
      cluster.close();
    }
  }
}
