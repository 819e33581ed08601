package dev.flock.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * docker/compose.yaml running for real (podman and podman-compose here, Docker where it is
 * present): images built by docker/build-images from this build's WARs, certificates of its own,
 * the load balancer on a free port, under the project name {@code flock-test} so that it never
 * touches a topology started by {@code ./flock up}. Started once for the test class; {@link #close}
 * saves every container's log to {@code target/container-logs} and removes the containers and their
 * volumes.
 */
final class ComposeTopology implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ComposeTopology.class.getName());
  static final String PROJECT = "flock-test";
  private static final Path DOCKER = Path.of("..", "docker").toAbsolutePath().normalize();
  private static final Duration READY_WITHIN = Duration.ofMinutes(4);

  private final String engine;
  private final List<String> compose;
  private final Map<String, String> environment;
  private final int port;
  private final Path certificates;
  private final Path logs;

  private ComposeTopology(String engine, int port, Path target) {
    this.engine = engine;
    this.compose =
        engine.equals("podman")
            ? List.of("podman-compose", "-p", PROJECT, "-f", "compose.yaml")
            : List.of("docker", "compose", "-p", PROJECT, "-f", "compose.yaml");
    this.port = port;
    this.certificates = target.resolve("tls");
    this.logs = target.resolve("container-logs");
    this.environment = new HashMap<>();
    environment.put("FLOCK_PORT", Integer.toString(port));
    environment.put("FLOCK_CERTS", certificates.toString());
    // make-certs and base-images use this JDK's keytool and jlink
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    environment.put(
        "PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
    if (engine.equals("podman") && System.getenv("CONTAINERS_CONF") == null) {
      // what this machine kind needs (runc, lower ulimits), as ./flock sets it
      environment.put("CONTAINERS_CONF", DOCKER.resolve("containers.conf").toString());
    }
  }

  /** Builds the images and starts the topology; returns once the site answers through the LB. */
  static ComposeTopology start() {
    String engine = onPath("podman") ? "podman" : "docker";
    Path target = Path.of("target").toAbsolutePath();
    ComposeTopology topology = new ComposeTopology(engine, PayaraMicroProcess.freePort(), target);
    try {
      topology.down(); // what an interrupted run left behind
      topology.run(
          Duration.ofMinutes(2),
          DOCKER.resolve("make-certs").toString(),
          "--force",
          topology.certificates.toString());
      topology.run(Duration.ofMinutes(8), DOCKER.resolve("build-images").toString(), engine);
      topology.compose(Duration.ofMinutes(3), "up", "-d");
      topology.awaitHealthy();
      return topology;
    } catch (RuntimeException | Error e) {
      topology.close();
      throw e;
    }
  }

  /** The site, through the load balancer. */
  URI site() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The certificates of this deployment (docker/make-certs). */
  Path certificates() {
    return certificates;
  }

  /** The container of the {@code replica}-th (from 1) instance of a compose service. */
  static String container(String service, int replica) {
    return PROJECT + "_" + service + "_" + replica;
  }

  void kill(String container) {
    engine(Duration.ofSeconds(30), "kill", container);
  }

  /** Stops a container as an orchestrator does (SIGTERM, then SIGKILL after 30 s). */
  void stop(String container) {
    engine(Duration.ofSeconds(60), "stop", "--time", "30", container);
  }

  void startContainer(String container) {
    engine(Duration.ofSeconds(60), "start", container);
  }

  /** The container's address on the compose network (reachable from this machine). */
  String address(String container) {
    return engine(
            Duration.ofSeconds(30),
            "inspect",
            "--format",
            "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
            container)
        .strip();
  }

  /** Runs a command in a container; its standard output. */
  String exec(String container, String... command) {
    List<String> args = new ArrayList<>(List.of("exec", container));
    args.addAll(List.of(command));
    return engine(Duration.ofSeconds(30), args.toArray(String[]::new));
  }

  boolean healthy(String container) {
    try {
      exec(container, "/opt/flock/health", "ready");
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  /**
   * Waits until every container runs (starting those a test stopped or killed), every backend and
   * web instance is ready and the load balancer serves the home page.
   */
  void awaitHealthy() {
    Instant deadline = Instant.now().plus(READY_WITHIN);
    List<String> instances =
        List.of(
            container("backend", 1),
            container("backend", 2),
            container("web", 1),
            container("web", 2));
    for (String each : Stream.concat(etcdMembers().stream(), instances.stream()).toList()) {
      if (!running(each)) {
        startContainer(each);
      }
    }
    for (String instance : instances) {
      while (!healthy(instance)) {
        assertThat(Instant.now())
            .as("%s ready within %s", instance, READY_WITHIN)
            .isBefore(deadline);
        sleep(Duration.ofSeconds(1));
      }
    }
    while (homePageStatus() != 200) {
      assertThat(Instant.now()).as("the site ready within %s", READY_WITHIN).isBefore(deadline);
      sleep(Duration.ofMillis(500));
    }
  }

  List<String> etcdMembers() {
    return List.of(container("etcd1", 1), container("etcd2", 1), container("etcd3", 1));
  }

  boolean running(String container) {
    return engine(Duration.ofSeconds(30), "inspect", "--format", "{{.State.Running}}", container)
        .strip()
        .equals("true");
  }

  private int homePageStatus() {
    try {
      return HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          .build()
          .send(
              HttpRequest.newBuilder(site().resolve("/")).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  @Override
  public void close() {
    try {
      Files.createDirectories(logs);
      String names = engine(Duration.ofSeconds(30), "ps", "-a", "--format", "{{.Names}}");
      for (String name : names.lines().filter(each -> each.startsWith(PROJECT + "_")).toList()) {
        new ProcessBuilder(engine, "logs", name)
            .redirectErrorStream(true) // a container's stderr (Payara's console) too
            .redirectOutput(logs.resolve(name + ".log").toFile())
            .start()
            .waitFor(30, TimeUnit.SECONDS);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warning(() -> "Saving the containers' logs failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    down();
  }

  private void down() {
    compose(Duration.ofMinutes(2), "down", "-v", "-t", "5");
  }

  private String compose(Duration within, String... args) {
    List<String> command = new ArrayList<>(compose);
    command.addAll(List.of(args));
    return run(within, command);
  }

  private String engine(Duration within, String... args) {
    List<String> command = new ArrayList<>(List.of(engine));
    command.addAll(List.of(args));
    return run(within, command);
  }

  private String run(Duration within, String... command) {
    return run(within, List.of(command));
  }

  /**
   * Runs a command in docker/ with this topology's environment; its standard output. Throws
   * IllegalStateException, with what it printed, when it fails or overruns.
   */
  private String run(Duration within, List<String> command) {
    try {
      Path out = Files.createTempFile("compose", ".out");
      Path err = Files.createTempFile("compose", ".err");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(DOCKER.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();
      if (!process.waitFor(within.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new IllegalStateException(command + " still running after " + within);
      }
      String printed = Files.readString(out);
      String errors = Files.readString(err);
      Files.delete(err);
      Files.delete(out);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            command + " exited with " + process.exitValue() + ": " + printed + errors);
      }
      return printed;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean onPath(String command) {
    return Stream.of(System.getenv("PATH").split(":"))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
