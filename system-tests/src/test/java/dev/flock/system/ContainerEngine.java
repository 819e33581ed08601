package dev.flock.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The container engine of this machine (podman here, Docker where it is present), run from docker/
 * with what this machine kind needs, as ./flock runs it. Builds this build's images and works on
 * containers by name for the topologies of the system tests.
 */
final class ContainerEngine {

  private static final Logger LOG = Logger.getLogger(ContainerEngine.class.getName());
  static final Path DOCKER = Path.of("..", "docker").toAbsolutePath().normalize();

  private final String name;
  private final Map<String, String> environment = new HashMap<>();

  private ContainerEngine(String name) {
    this.name = name;
    // make-certs and base-images use this JDK's keytool and jlink
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    environment.put(
        "PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
    if (name.equals("podman") && System.getenv("CONTAINERS_CONF") == null) {
      // what this machine kind needs (runc, lower ulimits), as ./flock sets it
      environment.put("CONTAINERS_CONF", DOCKER.resolve("containers.conf").toString());
    }
  }

  /** podman when it is installed, else docker. */
  static ContainerEngine onThisMachine() {
    return new ContainerEngine(onPath("podman") ? "podman" : "docker");
  }

  String name() {
    return name;
  }

  /** Sets a variable for every command run from now on (compose files read some). */
  void put(String variable, String value) {
    environment.put(variable, value);
  }

  /** Makes a deployment's certificates (docker/make-certs) and builds the images from the WARs. */
  void buildImages(Path certificates) {
    run(
        Duration.ofMinutes(2),
        DOCKER.resolve("make-certs").toString(),
        "--force",
        certificates.toString());
    run(Duration.ofMinutes(8), DOCKER.resolve("build-images").toString(), name);
  }

  void kill(String container) {
    engine(Duration.ofSeconds(30), "kill", container);
  }

  /** Stops a container as an orchestrator does (SIGTERM, then SIGKILL after 30 s). */
  void stop(String container) {
    engine(Duration.ofSeconds(60), "stop", "--time", "30", container);
  }

  void start(String container) {
    engine(Duration.ofSeconds(60), "start", container);
  }

  boolean running(String container) {
    return engine(Duration.ofSeconds(30), "inspect", "--format", "{{.State.Running}}", container)
        .strip()
        .equals("true");
  }

  /** The container's address on its network (reachable from this machine). */
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

  /** Whether a Flock instance's container says it is ready (the images' health check). */
  boolean ready(String container) {
    try {
      exec(container, "/opt/flock/health", "ready");
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  /** Saves the log of every container whose name passes to {@code directory/NAME.log}. */
  void saveLogs(Predicate<String> containers, Path directory) {
    try {
      Files.createDirectories(directory);
      String names = engine(Duration.ofSeconds(30), "ps", "-a", "--format", "{{.Names}}");
      for (String container : names.lines().filter(containers).toList()) {
        new ProcessBuilder(name, "logs", container)
            .redirectErrorStream(true) // a container's stderr (Payara's console) too
            .redirectOutput(directory.resolve(container + ".log").toFile())
            .start()
            .waitFor(30, TimeUnit.SECONDS);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warning(() -> "Saving the containers' logs failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs the engine with these arguments; its standard output. */
  String engine(Duration within, String... args) {
    List<String> command = new ArrayList<>(List.of(name));
    command.addAll(List.of(args));
    return run(within, command);
  }

  String run(Duration within, String... command) {
    return run(within, List.of(command));
  }

  /**
   * Runs a command in docker/ with this engine's environment; its standard output. Throws
   * IllegalStateException, with what it printed, when it fails or overruns.
   */
  String run(Duration within, List<String> command) {
    try {
      Path out = Files.createTempFile("container", ".out");
      Path err = Files.createTempFile("container", ".err");
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
}
