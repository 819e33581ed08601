package dev.flock.devtools;

import dev.flock.raft.LocalEtcdCluster;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ./flock run}: the backend(s) and the web tier on Payara Micro in the foreground, with the
 * local settings of payara-config/local, until Ctrl-C (or SIGTERM) stops them in order, newest
 * first. An instance that fails to start or dies stops the whole run, with the end of its log.
 */
final class RunCommand {

  private static final Duration STOP_WITHIN = Duration.ofSeconds(30);

  /** What the command line chose. */
  record Options(String storage, int backends, boolean backendOnly, boolean tls) {

    static Options parse(List<String> args) {
      String storage = "memory";
      int backends = 1;
      boolean backendOnly = false;
      boolean tls = false;
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        switch (arg) {
          case "--storage" -> {
            if (i + 1 >= args.size()) {
              throw new LauncherException("--storage needs a value: memory or etcd");
            }
            storage = args.get(++i);
          }
          case "--backends" -> {
            if (i + 1 >= args.size() || !args.get(i + 1).matches("[1-9]")) {
              throw new LauncherException("--backends needs a number from 1 to 9");
            }
            backends = Integer.parseInt(args.get(++i));
          }
          case "--backend-only" -> backendOnly = true;
          case "--tls" -> tls = true;
          default -> {
            if (arg.startsWith("--storage=")) {
              storage = arg.substring("--storage=".length());
            } else {
              throw new LauncherException("run: unknown option '" + arg + "' (see ./flock help)");
            }
          }
        }
      }
      if (!storage.equals("memory") && !storage.equals("etcd")) {
        throw new LauncherException("--storage must be memory or etcd, not '" + storage + "'");
      }
      if (backends > 1 && !storage.equals("etcd")) {
        throw new LauncherException(
            "--backends "
                + backends
                + " needs --storage etcd: in-memory storage lives inside one backend");
      }
      return new Options(storage, backends, backendOnly, tls);
    }
  }

  /** The base ports, from the environment; backend i (from 0) listens on each + i. */
  record PortPlan(int web, int backend, int grpc, int metrics, int backendTls) {

    static PortPlan from(Map<String, String> environment) {
      PortPlan plan =
          new PortPlan(
              port(environment, "FLOCK_WEB_PORT", 8080),
              port(environment, "FLOCK_BACKEND_PORT", 8081),
              port(environment, "FLOCK_GRPC_PORT", 9090),
              port(environment, "FLOCK_METRICS_PORT", 9464),
              port(environment, "FLOCK_BACKEND_TLS_PORT", 8443));
      if (plan.web == plan.backend || plan.web == plan.grpc || plan.backend == plan.grpc) {
        throw new LauncherException(
            "the web, backend and gRPC ports must differ (now %d, %d, %d)"
                .formatted(plan.web, plan.backend, plan.grpc));
      }
      return plan;
    }

    private static int port(Map<String, String> environment, String variable, int fallback) {
      String value = environment.getOrDefault(variable, Integer.toString(fallback));
      return Ports.parse(value)
          .orElseThrow(
              () ->
                  new LauncherException(
                      variable + " '" + value + "' is not a port number (1-65535)"));
    }

    /** Every port this run will listen on. */
    List<Integer> all(Options options) {
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < options.backends(); i++) {
        ports.addAll(List.of(backend + i, grpc + i, metrics + 1 + i));
        if (options.tls()) {
          ports.add(backendTls + i);
        }
      }
      if (!options.backendOnly()) {
        ports.addAll(List.of(web, metrics));
      }
      return ports;
    }
  }

  private final Path root;
  private final Map<String, String> environment;
  private final PrintStream out;
  private final PrintStream err;
  private final List<PayaraInstance> instances = new CopyOnWriteArrayList<>();
  private final Map<String, String> instanceEnvironment = new LinkedHashMap<>();
  private volatile boolean stopping;
  private volatile boolean finished;
  private Optional<LocalEtcdCluster> startedCluster = Optional.empty();

  RunCommand(Path root, Map<String, String> environment, PrintStream out, PrintStream err) {
    this.root = root;
    this.environment = environment;
    this.out = out;
    this.err = err;
  }

  /** Runs until an instance fails (returns 1) or a signal ends the JVM (its shutdown hook). */
  int run(List<String> args) {
    Options options = Options.parse(args);
    PortPlan ports = PortPlan.from(environment);
    String logging = loggingFile();
    exportSpansIfAsked();
    for (int port : ports.all(options)) {
      if (Ports.inUse(port)) {
        throw new LauncherException(
            "port "
                + port
                + " is already in use (choose others with FLOCK_WEB_PORT, FLOCK_BACKEND_PORT,"
                + " FLOCK_GRPC_PORT, FLOCK_METRICS_PORT)");
      }
    }
    FlockFiles files = new FlockFiles(root);
    files.requireBuilt(!options.backendOnly());
    Runtime.getRuntime().addShutdownHook(new Thread(this::onShutdown, "flock-run-stop"));

    Map<String, String> storage = prepareStorage(options);
    Optional<Tls> tls = options.tls() ? Optional.of(prepareTls(files)) : Optional.empty();
    List<String> targets = new ArrayList<>();
    List<String> sessionUrls = new ArrayList<>();
    for (int i = 0; i < options.backends(); i++) {
      Map<String, String> chosen = new LinkedHashMap<>(storage);
      tls.ifPresent(t -> chosen.put("flock.tls.dir", t.directory().toString()));
      chosen.put("flock.grpc.port", Integer.toString(ports.grpc() + i));
      chosen.put("otel.exporter.prometheus.port", Integer.toString(ports.metrics() + 1 + i));
      PayaraInstance.Builder backend =
          instance(files, i == 0 ? "backend" : "backend-" + (i + 1), "backend", ports.backend() + i)
              .logging(logging)
              .systemProperties(chosen);
      if (tls.isPresent()) {
        backend
            .jvmOptions(List.of("@" + tls.get().backendArguments()))
            .postBoot(tls.get().backendPostBoot())
            .payaraArguments(
                List.of(
                    "--sslport", Integer.toString(ports.backendTls() + i), "--sslcert", "flock"));
        sessionUrls.add("https://127.0.0.1:" + (ports.backendTls() + i));
      } else {
        sessionUrls.add("http://127.0.0.1:" + (ports.backend() + i));
      }
      start(backend, ports.backend() + i);
      targets.add("localhost:" + (ports.grpc() + i));
    }
    if (!options.backendOnly()) {
      Map<String, String> chosen = new LinkedHashMap<>();
      tls.ifPresent(t -> chosen.put("flock.tls.dir", t.directory().toString()));
      // the web tier spreads its gRPC calls and session checks over every backend
      chosen.put("flock.backend.grpc.target", String.join(",", targets));
      chosen.put("flock.backend.session.url", String.join(",", sessionUrls));
      chosen.put("otel.exporter.prometheus.port", Integer.toString(ports.metrics()));
      start(
          instance(files, "web", "web", ports.web()).logging(logging).systemProperties(chosen),
          ports.web());
    }

    Duration timeout =
        Duration.ofSeconds(Long.parseLong(environment.getOrDefault("FLOCK_START_TIMEOUT", "90")));
    for (int i = 0; i < options.backends(); i++) {
      awaitReady(instances.get(i), "/api/v1/session", 401, timeout);
    }
    if (options.backendOnly()) {
      say(
          "Flock's backend is running: gRPC on localhost:%d, REST on http://localhost:%d/api/v1/session"
              .formatted(ports.grpc(), ports.backend()));
    } else {
      awaitReady(instances.getLast(), "/", 200, timeout);
      say("Flock is running at http://localhost:" + ports.web() + "/");
    }
    say(
        "metrics (Prometheus text): "
            + (options.backendOnly()
                ? ""
                : "web http://localhost:" + ports.metrics() + "/metrics, ")
            + "backend http://localhost:"
            + (ports.metrics() + 1)
            + "/metrics");
    say("logs: .flock/logs/ (tail -f .flock/logs/*.log); press Ctrl-C to stop");

    PayaraInstance exited = firstToExit();
    return fail(exited, "the JVM exited (status " + exited.onExit().join().exitValue() + ")");
  }

  private String loggingFile() {
    return switch (environment.getOrDefault("FLOCK_LOG_FORMAT", "")) {
      case "" -> "logging.properties";
      case "json" -> "logging-json.properties";
      default ->
          throw new LauncherException(
              "FLOCK_LOG_FORMAT must be json or unset, not '"
                  + environment.get("FLOCK_LOG_FORMAT")
                  + "'");
    };
  }

  /** An OTLP endpoint given means: send the spans there (Payara exports nothing unasked). */
  private void exportSpansIfAsked() {
    String endpoint =
        environment.getOrDefault(
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
            environment.getOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT", ""));
    if (!endpoint.isEmpty() && !environment.containsKey("OTEL_TRACES_EXPORTER")) {
      instanceEnvironment.put("OTEL_TRACES_EXPORTER", "otlp");
      say("exporting spans over OTLP to " + endpoint);
    }
  }

  /**
   * The storage properties of the backends. etcd: the local cluster, started (or found running);
   * one this run started is stopped again when the run ends, its data kept.
   */
  private Map<String, String> prepareStorage(Options options) {
    if (options.storage().equals("memory")) {
      return Map.of("flock.storage", "memory");
    }
    say("starting the local etcd cluster: ./flock cluster start");
    LocalEtcdCluster cluster =
        new LocalEtcdCluster(
            root.resolve(environment.getOrDefault("FLOCK_CLUSTER_DIR", ".flock/etcd")),
            environment);
    AtomicInteger alreadyRunning = new AtomicInteger();
    LocalEtcdCluster.Layout layout;
    try {
      layout = cluster.start(Optional.empty(), running -> alreadyRunning.incrementAndGet());
    } catch (LocalEtcdCluster.ClusterException | IllegalStateException e) {
      throw new LauncherException(
          "the etcd cluster did not start: " + e.getMessage() + " (./flock cluster status)");
    }
    if (alreadyRunning.get() < layout.members()) {
      startedCluster = Optional.of(cluster);
    }
    say("etcd cluster ready: " + layout.endpointsCsv());
    return Map.of("flock.storage", "etcd", "flock.etcd.endpoints", layout.endpointsCsv());
  }

  /** The files of {@code --tls}: certificates, the backend's key-store options, its boot. */
  private record Tls(Path directory, Path backendArguments, Path backendPostBoot) {}

  /**
   * The deployments' mutual TLS between the tiers, on loopback: certificates in .flock/tls
   * (docker/make-certs, kept across runs), the backend's key and trust stores through an argument
   * file only this user reads (no password on a command line), and the HTTPS listener that requires
   * a client certificate, as docker/payara/entrypoint sets it up in a container.
   */
  private Tls prepareTls(FlockFiles files) {
    Path directory = root.resolve(".flock/tls");
    Path arguments = files.runDirectory().resolve("backend-tls.args");
    Path postBoot = files.runDirectory().resolve("backend-tls.post-boot.asadmin");
    try {
      Files.createDirectories(files.runDirectory());
      script(List.of("docker/make-certs", directory.toString()), Optional.empty());
      Files.deleteIfExists(arguments);
      Files.createFile(
          arguments,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      script(
          List.of("docker/payara/tls-jvm-options", directory.toString()), Optional.of(arguments));
      Files.writeString(
          postBoot,
          Files.readString(files.config().resolve("post-boot.asadmin"))
              + Files.readString(root.resolve("docker/payara/backend-mtls.asadmin")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    say("mutual TLS between the tiers (certificates in .flock/tls)");
    return new Tls(directory, arguments, postBoot);
  }

  private void script(List<String> command, Optional<Path> output) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.redirectOutput(
        output
            .map(file -> ProcessBuilder.Redirect.to(file.toFile()))
            .orElse(ProcessBuilder.Redirect.DISCARD));
    try {
      if (builder.start().waitFor() != 0) {
        throw new LauncherException(command.getFirst() + " failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LauncherException(command.getFirst() + " was interrupted");
    }
  }

  private PayaraInstance.Builder instance(FlockFiles files, String name, String tier, int port) {
    Path local = files.config().resolve("local");
    return PayaraInstance.builder(name, files.payaraJar(), files.config(), files.war(tier), port)
        .jvmOptionsFile(local.resolve(tier + ".jvm-options"))
        .systemPropertiesFile(local.resolve(tier + ".properties"))
        .propertiesFile(files.runDirectory().resolve(name + ".properties"))
        .log(files.logDirectory().resolve(name + ".log"))
        .environment(instanceEnvironment);
  }

  private void start(PayaraInstance.Builder builder, int port) {
    PayaraInstance instance = builder.start();
    instances.add(instance);
    say(
        "starting %s (pid %d) on http://localhost:%d/, log: %s"
            .formatted(instance.name(), instance.pid(), port, root.relativize(instance.log())));
  }

  private void awaitReady(PayaraInstance instance, String path, int status, Duration timeout) {
    Instant started = Instant.now();
    try {
      instance.awaitReady(path, status, timeout);
    } catch (PayaraInstance.LaunchFailure e) {
      fail(instance, e.getMessage());
    }
    say(
        "%s is ready (%s answers %d) after %d s"
            .formatted(
                instance.name(),
                instance.url(path),
                status,
                Duration.between(started, Instant.now()).toSeconds()));
  }

  private PayaraInstance firstToExit() {
    CompletableFuture.anyOf(
            instances.stream().map(PayaraInstance::onExit).toArray(CompletableFuture[]::new))
        .join();
    return instances.stream().filter(i -> !i.isAlive()).findFirst().orElseThrow();
  }

  /** Says why the run ends, with the end of the instance's log, stops everything: exit 1. */
  private int fail(PayaraInstance instance, String reason) {
    if (stopping) {
      awaitShutdown(); // a signal stopped the instances: the shutdown hook ends the run
    }
    err.println("flock: " + instance.name() + ": " + reason);
    instance.failureReport().lines().forEach(line -> err.println("flock: " + line));
    stopAll();
    finished = true;
    throw new LauncherException.Reported();
  }

  private void onShutdown() {
    if (!finished) {
      stopping = true;
      out.println();
      say("stopping Flock");
    }
    stopAll();
  }

  /** Stops every instance, newest first, then a cluster this run started. */
  private synchronized void stopAll() {
    for (PayaraInstance instance : instances.reversed()) {
      if (instance.isAlive()) {
        say("stopping " + instance.name() + " (pid " + instance.pid() + ")");
        if (!instance.stop(STOP_WITHIN)) {
          say(instance.name() + " did not stop in " + STOP_WITHIN.toSeconds() + " s: killed it");
        }
      }
    }
    startedCluster.ifPresent(
        cluster -> {
          say(
              "stopping the etcd cluster this run started (data kept in "
                  + (cluster.directory().startsWith(root)
                      ? root.relativize(cluster.directory())
                      : cluster.directory())
                  + ")");
          cluster.stop();
        });
    startedCluster = Optional.empty();
  }

  private static void awaitShutdown() {
    try {
      Thread.currentThread().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void say(String line) {
    out.println("flock: " + line);
  }
}
