package dev.flock.devtools;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./flock up}, {@code ./flock down} and {@code ./flock images}: the whole topology of
 * docker/compose.yaml in containers, with podman (preferred) or docker. Each command returns its
 * exit status: 0, 1 after one {@code flock: ...} line on the error stream saying what failed, or 2
 * when the command line or a setting is wrong.
 */
public final class ContainerCommands {

  static final String PROJECT = "flock";

  private final Path root;
  private final Map<String, String> environment;
  private final PrintStream out;
  private final PrintStream err;

  /**
   * @param root the project's directory
   * @param environment the launcher's: PATH, FLOCK_PORT, FLOCK_START_TIMEOUT, CONTAINERS_CONF...
   */
  public ContainerCommands(
      Path root, Map<String, String> environment, PrintStream out, PrintStream err) {
    this.root = root;
    this.environment = Map.copyOf(environment);
    this.out = out;
    this.err = err;
  }

  /**
   * Makes the certificates (docker/tls), builds the images from the built WARs, starts the topology
   * and waits until the site answers on FLOCK_PORT (8080), for FLOCK_START_TIMEOUT seconds (300).
   */
  public int up(List<String> args) {
    if (!args.isEmpty()) {
      return usage("up takes no options (FLOCK_PORT: the published port, 8080)");
    }
    String port = environment.getOrDefault("FLOCK_PORT", "8080");
    if (Ports.parse(port).isEmpty()) {
      return usage("FLOCK_PORT must be a port number, not '" + port + "'");
    }
    String timeout = environment.getOrDefault("FLOCK_START_TIMEOUT", "300");
    if (!timeout.matches("[1-9][0-9]{0,5}")) {
      return usage("FLOCK_START_TIMEOUT must be a number of seconds, not '" + timeout + "'");
    }
    Instant started = Instant.now();
    return withEngine(
        engine -> {
          ComposeProject compose = ComposeProject.of(engine, PROJECT);
          Path logs = Files.createDirectories(root.resolve(".flock/logs"));
          compose.start(
              Ports.parse(port).getAsInt(),
              root.resolve("docker/tls"),
              logs.resolve("compose-up.log"),
              this::say);
          URI site = URI.create("http://localhost:" + port + "/");
          awaitSite(site, Duration.ofSeconds(Long.parseLong(timeout)), engine);
          say(
              "Flock is up after "
                  + Duration.between(started, Instant.now()).toSeconds()
                  + " s: "
                  + site
                  + " (./flock down stops it)");
        });
  }

  /** Stops and removes the topology's containers; {@code --volumes}: etcd's data too. */
  public int down(List<String> args) {
    if (!args.isEmpty() && !args.equals(List.of("--volumes"))) {
      return usage("down takes only --volumes (also delete etcd's data)");
    }
    return withEngine(
        engine -> {
          ComposeProject.of(engine, PROJECT).down(args.toArray(String[]::new));
          say(args.isEmpty() ? "stopped" : "stopped; etcd's data deleted");
        });
  }

  /**
   * Builds the four localhost/flock-* images from the built WARs, with the engine named (podman or
   * docker) or the one {@code up} would use: for a registry or a cluster.
   */
  public int images(List<String> args) {
    if (args.size() > 1
        || (args.size() == 1 && !List.of("podman", "docker").contains(args.get(0)))) {
      return usage(
          "images takes podman or docker, or nothing (podman when installed, else docker)");
    }
    Optional<ContainerEngine> engine =
        args.isEmpty()
            ? ContainerEngine.onThisMachine(root, environment)
            : ContainerEngine.named(args.get(0), root, environment);
    if (engine.isEmpty() && !args.isEmpty()) {
      return fail(args.get(0) + " is not installed");
    }
    return withEngine(
        engine,
        chosen -> {
          say("building the images with " + chosen.name());
          new Images(chosen, this::say).build();
          say("images built: localhost/flock-{backend,web,etcd,lb}:latest");
        });
  }

  /** Waits until the site answers 200, which means the load balancer found a ready web instance. */
  private static void awaitSite(URI site, Duration timeout, ContainerEngine engine) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(timeout);
    String last = "nothing";
    while (Instant.now().isBefore(deadline)) {
      try {
        int status =
            http.send(
                    HttpRequest.newBuilder(site).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (status == 200) {
          return;
        }
        last = Integer.toString(status);
      } catch (IOException e) {
        last = "nothing";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      pause();
    }
    throw new IllegalStateException(
        "the site does not answer at "
            + site
            + " (last: "
            + last
            + "); see '"
            + engine.name()
            + " logs "
            + PROJECT
            + "_web_1' and "
            + PROJECT
            + "_backend_1");
  }

  private static void pause() {
    try {
      Thread.sleep(Duration.ofSeconds(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A step that may fail with an exception whose message says why. */
  private interface Step {
    void run(ContainerEngine engine) throws IOException;
  }

  private int withEngine(Step step) {
    return withEngine(ContainerEngine.onThisMachine(root, environment), step);
  }

  /** Runs {@code step}; 1 and the reason when the engine is missing or the step fails. */
  private int withEngine(Optional<ContainerEngine> engine, Step step) {
    if (engine.isEmpty()) {
      return fail(
          "neither podman nor docker is installed: install one"
              + " (e.g. sudo apt-get install podman podman-compose)");
    }
    try {
      step.run(engine.get());
      return 0;
    } catch (CommandFailure e) {
      if (!e.output().isBlank()) {
        err.println(e.output().stripTrailing());
      }
      return fail(e.summary());
    } catch (IOException e) {
      return fail(e.toString());
    } catch (UncheckedIOException | IllegalStateException e) {
      return fail(e.getMessage());
    }
  }

  private void say(String line) {
    out.println("flock: " + line);
  }

  private int fail(String reason) {
    err.println("flock: " + reason);
    return 1;
  }

  private int usage(String reason) {
    err.println("flock: " + reason);
    return 2;
  }
}
