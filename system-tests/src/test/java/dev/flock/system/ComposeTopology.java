package dev.flock.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flock.devtools.Certificates;
import dev.flock.devtools.ComposeProject;
import dev.flock.devtools.ContainerEngine;
import dev.flock.devtools.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * docker/compose.yaml running for real (podman and podman-compose here, Docker where it is
 * present), started as {@code ./flock up} starts it (certificates, images from this build's WARs,
 * compose up) but with certificates of its own, the load balancer on a free port and the project
 * name {@code flock-test}, so that it never touches a topology started by {@code ./flock up}.
 * Started once for the test class; {@link #close} saves every container's log to {@code
 * target/container-logs} and removes the containers and their volumes.
 */
final class ComposeTopology implements AutoCloseable {

  static final String PROJECT = "flock-test";
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Duration READY_WITHIN = Duration.ofMinutes(4);

  private final ContainerEngine engine;
  private final ComposeProject compose;
  private final int port;
  private final Path certificates;
  private final Path logs;

  private ComposeTopology(ContainerEngine engine, int port, Path target) {
    this.engine = engine;
    this.compose = ComposeProject.of(engine, PROJECT);
    this.port = port;
    this.certificates = target.resolve("tls");
    this.logs = target.resolve("container-logs");
  }

  /** Builds the images and starts the topology; returns once the site answers through the LB. */
  static ComposeTopology start() {
    Path target = Path.of("target").toAbsolutePath();
    ComposeTopology topology = new ComposeTopology(engineOnThisMachine(), Ports.free(), target);
    try {
      topology.down(); // what an interrupted run left behind
      topology.compose.start(
          topology.port,
          topology.certificates,
          target.resolve("compose-up.log"),
          line -> System.out.println("compose: " + line));
      topology.awaitHealthy();
      return topology;
    } catch (RuntimeException | Error e) {
      topology.close();
      throw e;
    }
  }

  /** The engine of this machine (podman preferred), as {@code ./flock up} chooses it. */
  static ContainerEngine engineOnThisMachine() {
    return ContainerEngine.onThisMachine(ROOT, System.getenv())
        .orElseThrow(() -> new IllegalStateException("neither podman nor docker is installed"));
  }

  /** The site, through the load balancer. */
  URI site() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The certificates of this deployment (docker/make-certs, through {@link Certificates}). */
  Path certificates() {
    return certificates;
  }

  /** The engine that runs the containers, to kill, stop, start or inspect them by name. */
  ContainerEngine engine() {
    return engine;
  }

  /** The container of the {@code replica}-th (from 1) instance of a compose service. */
  static String container(String service, int replica) {
    return PROJECT + "_" + service + "_" + replica; // as compose names it (ComposeProject)
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
      if (!engine.running(each)) {
        engine.start(each);
      }
    }
    for (String instance : instances) {
      while (!engine.ready(instance)) {
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
    // a web instance back in service only once the load balancer sends it requests again (its
    // check and a new DNS answer: a restarted container has a new address)
    while (websInService() < 2) {
      assertThat(Instant.now())
          .as("both webs in the load balancer's service within %s", READY_WITHIN)
          .isBefore(deadline);
      sleep(Duration.ofMillis(500));
    }
  }

  /** How many web instances the load balancer sends requests to, as its runtime API says. */
  int websInService() {
    String stats =
        engine.exec(
            container("lb", 1),
            "bash",
            "-c",
            "exec 3<>/dev/tcp/127.0.0.1/9999 && echo 'show stat' >&3 && cat <&3");
    // CSV: proxy, server, ..., the 18th field is the server's status
    return (int)
        stats
            .lines()
            .map(line -> line.split(","))
            .filter(row -> row.length > 17 && row[0].equals("webs") && row[17].equals("UP"))
            .filter(row -> !row[1].equals("BACKEND"))
            .count();
  }

  List<String> etcdMembers() {
    return List.of(container("etcd1", 1), container("etcd2", 1), container("etcd3", 1));
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
    engine.saveLogs(name -> name.startsWith(PROJECT + "_"), logs);
    down();
  }

  private void down() {
    compose.down("-v", "-t", "5");
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
