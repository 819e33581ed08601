package dev.flock.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Payara Micro JVM serving one WAR at the root context, with its log in a file and its metrics
 * (Prometheus text) on a port of its own.
 */
final class PayaraMicroProcess implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

  private final String name;
  private final int httpPort;
  private final int metricsPort;
  private final Path log;
  private final List<String> command;
  private Process process;

  private PayaraMicroProcess(
      String name, int httpPort, int metricsPort, Path log, List<String> command) {
    this.name = name;
    this.httpPort = httpPort;
    this.metricsPort = metricsPort;
    this.log = log;
    this.command = command;
  }

  /** Launches the JVM; call {@link #awaitReady} before use. */
  static PayaraMicroProcess launch(
      String name, Path war, String heap, Map<String, String> properties) {
    return launch(name, war, heap, properties, "logging.properties");
  }

  /**
   * Launches the JVM with the logging settings of {@code logging}, a file of payara-config ({@code
   * logging.properties}, or {@code logging-json.properties} for JSON lines).
   */
  static PayaraMicroProcess launch(
      String name, Path war, String heap, Map<String, String> properties, String logging) {
    int port = freePort();
    int metricsPort = freePort();
    Path logs = Path.of(System.getProperty("flock.logs", "target/payara-logs"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Dotel.exporter.prometheus.port=" + metricsPort);
    // Stopped instances drain for a second only (nothing balances over them but the tests).
    command.add("-Dflock.shutdown.grace-seconds=1");
    properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.addAll(
        List.of(
            "-jar",
            System.getProperty("flock.payara.jar"),
            "--nocluster",
            "--nohazelcast",
            "--disablephonehome",
            "--port",
            Integer.toString(port),
            "--contextroot",
            "/",
            "--deploy",
            war.toString()));
    // The boot commands ./flock run uses too (payara-config/launch.sh).
    Path config = Path.of(System.getProperty("flock.payara.config"));
    command.addAll(
        List.of(
            "--postbootcommandfile",
            config.resolve("post-boot.asadmin").toString(),
            "--logproperties",
            config.resolve(logging).toString()));
    Path preBoot =
        config.resolve(war.getFileName().toString().replace(".war", ".pre-boot.asadmin"));
    if (Files.exists(preBoot)) {
      command.addAll(List.of("--prebootcommandfile", preBoot.toString()));
    }
    try {
      Files.createDirectories(logs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    PayaraMicroProcess instance =
        new PayaraMicroProcess(name, port, metricsPort, logs.resolve(name + ".log"), command);
    instance.start();
    return instance;
  }

  private void start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is running");
    }
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot launch Payara Micro for " + name, e);
    }
  }

  /**
   * Starts the JVM again after {@link #close}, with the same port and settings; call {@link
   * #awaitReady}.
   */
  void restart() {
    start();
  }

  /**
   * Waits until {@code path} answers {@code status}: the application, not just the server, is up.
   */
  void awaitReady(String path, int status) {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited early; see " + log);
      }
      try {
        // A hard bound on each probe: a server still booting may accept and never answer.
        HttpResponse<Void> response =
            http.sendAsync(
                    HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding())
                .get(6, TimeUnit.SECONDS);
        if (response.statusCode() == status) {
          return;
        }
      } catch (ExecutionException | TimeoutException e) {
        // not answering yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(Duration.ofMillis(250));
    }
    throw new IllegalStateException(name + " not ready after " + READY_TIMEOUT + "; see " + log);
  }

  URI url(String path) {
    return URI.create("http://localhost:" + httpPort + path);
  }

  /** Where this instance serves its metrics in Prometheus text format. */
  URI metrics() {
    return URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
  }

  Path log() {
    return log;
  }

  int httpPort() {
    return httpPort;
  }

  /** Sends SIGTERM (the instance drains, then stops) and returns at once: the process is alive. */
  ProcessHandle terminate() {
    process.destroy();
    return process.toHandle();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
