package dev.flock.devtools;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * docker/compose.yaml under a project name, run with the engine's compose command (podman-compose,
 * or docker compose) in docker/: how {@code ./flock up} and {@code ./flock down} run the topology,
 * and the system tests run it under a name of their own.
 */
public final class ComposeProject {

  private final ContainerEngine engine;
  private final String name;

  private ComposeProject(ContainerEngine engine, String name) {
    this.engine = engine;
    this.name = name;
  }

  /**
   * The project {@code name} on {@code engine}.
   *
   * @throws IllegalStateException when podman is the engine and podman-compose is not installed
   */
  public static ComposeProject of(ContainerEngine engine, String name) {
    if (engine.name().equals("podman") && !engine.installed("podman-compose")) {
      throw new IllegalStateException(
          "'podman-compose' is needed but not on PATH (sudo apt-get install podman-compose)");
    }
    return new ComposeProject(engine, name);
  }

  /** The compose command line with these arguments. */
  public List<String> command(String... args) {
    List<String> command =
        new ArrayList<>(
            engine.name().equals("podman")
                ? List.of("podman-compose", "-p", name)
                : List.of("docker", "compose", "-p", name));
    command.addAll(List.of(args));
    return command;
  }

  /**
   * Makes the deployment's certificates in {@code certificates} (those there are kept), builds the
   * images and starts every service in the background, the load balancer published on {@code port};
   * compose's output goes to {@code log}.
   *
   * @throws IllegalStateException when a step fails ({@link CommandFailure}: with its output)
   */
  public void start(int port, Path certificates, Path log, Consumer<String> progress) {
    progress.accept(Certificates.make(engine.root(), certificates, false));
    progress.accept("building the images with " + engine.name());
    new Images(engine, progress).build();
    progress.accept(
        "starting docker/compose.yaml (etcd x3, backend x2, web x2, load balancer) with "
            + String.join(" ", command()));
    engine.put("FLOCK_PORT", Integer.toString(port));
    engine.put("FLOCK_CERTS", certificates.toString());
    engine.run(Duration.ofMinutes(10), command("up", "-d"), log);
  }

  /** Stops and removes the project's containers (compose down with {@code options}). */
  public void down(String... options) {
    List<String> args = new ArrayList<>(List.of("down"));
    args.addAll(List.of(options));
    engine.run(Duration.ofMinutes(5), command(args.toArray(String[]::new)));
  }

  /**
   * The container of the {@code replica}-th (from 1) instance of a service, as compose names it.
   */
  public String container(String service, int replica) {
    return name + "_" + service + "_" + replica;
  }
}
