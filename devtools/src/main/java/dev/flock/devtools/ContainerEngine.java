package dev.flock.devtools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A container engine of this machine (podman, or Docker), run from the project's docker/ directory
 * with what this machine kind needs: how {@code ./flock up}, {@code ./flock images} and the system
 * tests build images and work on containers by name.
 */
public final class ContainerEngine {

  private static final Logger LOG = Logger.getLogger(ContainerEngine.class.getName());

  private final String name;
  private final Path root;
  private final Path docker;
  private final Map<String, String> environment;

  private ContainerEngine(String name, Path root, Map<String, String> environment) {
    this.name = name;
    this.root = root;
    this.docker = root.resolve("docker");
    this.environment = new HashMap<>(environment);
    if (name.equals("podman")) {
      // what this machine kind needs (runc, lower ulimits), unless CONTAINERS_CONF says otherwise
      this.environment.putIfAbsent("CONTAINERS_CONF", docker.resolve("containers.conf").toString());
    }
  }

  /**
   * podman when it is on the PATH of {@code environment}, else docker when it is; empty when
   * neither is installed.
   *
   * @param root the project's directory (the one holding docker/)
   * @param environment the launcher's environment: PATH, and variables compose files read
   */
  public static Optional<ContainerEngine> onThisMachine(
      Path root, Map<String, String> environment) {
    return named("podman", root, environment).or(() -> named("docker", root, environment));
  }

  /** The engine {@code name} (podman or docker) when it is on the PATH of {@code environment}. */
  public static Optional<ContainerEngine> named(
      String name, Path root, Map<String, String> environment) {
    return onPath(name, environment)
        ? Optional.of(new ContainerEngine(name, root, environment))
        : Optional.empty();
  }

  /** podman or docker. */
  public String name() {
    return name;
  }

  /** Whether {@code command} is on this engine's PATH (podman-compose, mmdebstrap). */
  public boolean installed(String command) {
    return onPath(command, environment);
  }

  /** The project's directory. */
  Path root() {
    return root;
  }

  /** The project's docker/ directory, where every command runs. */
  Path docker() {
    return docker;
  }

  /** The variables every command gets on top of this JVM's environment. */
  Map<String, String> environment() {
    return Map.copyOf(environment);
  }

  /** Sets a variable for every command run from now on (compose files read some). */
  public void put(String variable, String value) {
    environment.put(variable, value);
  }

  /** Whether the engine has {@code image} already. */
  public boolean has(String image) {
    return succeeds(Duration.ofSeconds(30), "image", "inspect", image);
  }

  /** Whether {@code image} could be pulled from a registry within 30 s. */
  public boolean pulled(String image) {
    return succeeds(Duration.ofSeconds(30), "pull", "-q", image);
  }

  public void kill(String container) {
    engine(Duration.ofSeconds(30), "kill", container);
  }

  /** Stops a container as an orchestrator does (SIGTERM, then SIGKILL after 30 s). */
  public void stop(String container) {
    engine(Duration.ofSeconds(60), "stop", "--time", "30", container);
  }

  public void start(String container) {
    engine(Duration.ofSeconds(60), "start", container);
  }

  public boolean running(String container) {
    return engine(Duration.ofSeconds(30), "inspect", "--format", "{{.State.Running}}", container)
        .strip()
        .equals("true");
  }

  /** The container's address on its network (reachable from this machine). */
  public String address(String container) {
    return engine(
            Duration.ofSeconds(30),
            "inspect",
            "--format",
            "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
            container)
        .strip();
  }

  /** Runs a command in a container; its standard output. */
  public String exec(String container, String... command) {
    List<String> args = new ArrayList<>(List.of("exec", container));
    args.addAll(List.of(command));
    return engine(Duration.ofSeconds(30), args.toArray(String[]::new));
  }

  /** Whether a Flock instance's container says it is ready (the images' health check). */
  public boolean ready(String container) {
    return succeeds(Duration.ofSeconds(30), "exec", container, "/opt/flock/health", "ready");
  }

  /** Saves the log of every container whose name passes to {@code directory/NAME.log}. */
  public void saveLogs(Predicate<String> containers, Path directory) {
    try {
      Files.createDirectories(directory);
      String names = engine(Duration.ofSeconds(30), "ps", "-a", "--format", "{{.Names}}");
      for (String container : names.lines().filter(containers).toList()) {
        // a container's stderr (Payara's console) too
        commands()
            .run(
                Duration.ofSeconds(30),
                List.of(name, "logs", container),
                directory.resolve(container + ".log"));
      }
    } catch (IOException | RuntimeException e) {
      LOG.warning(() -> "Saving the containers' logs failed: " + e);
    }
  }

  /**
   * Runs the engine with these arguments; its standard output.
   *
   * @throws CommandFailure with what it printed, when it fails or overruns
   */
  public String engine(Duration within, String... args) {
    List<String> command = new ArrayList<>(List.of(name));
    command.addAll(List.of(args));
    return run(within, command);
  }

  /**
   * Runs a command in docker/ with this engine's environment; its standard output.
   *
   * @throws CommandFailure with what it printed, when it fails or overruns
   */
  public String run(Duration within, List<String> command) {
    return commands().run(within, command);
  }

  /** Runs a command as {@link #run} does, with all it prints going to {@code log}. */
  public void run(Duration within, List<String> command, Path log) {
    commands().run(within, command, log);
  }

  private boolean succeeds(Duration within, String... args) {
    try {
      engine(within, args);
      return true;
    } catch (CommandFailure e) {
      return false;
    }
  }

  private Command commands() {
    return new Command(docker, environment);
  }

  private static boolean onPath(String command, Map<String, String> environment) {
    return Stream.of(environment.getOrDefault("PATH", "").split(":"))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, command))
        .anyMatch(file -> Files.isRegularFile(file) && Files.isExecutable(file));
  }

  @Override
  public String toString() {
    return name;
  }
}
