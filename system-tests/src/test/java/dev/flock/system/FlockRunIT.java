package dev.flock.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flock.devtools.PayaraInstance;
import dev.flock.devtools.Ports;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ./flock run}, the launcher, as a developer meets it: it serves the site (here with the
 * deployments' mutual TLS between the tiers), stops in order on Ctrl-C, also in the middle of
 * start-up, refuses a port in use before starting anything, and ends the run with the instance's
 * log when one fails to deploy or dies.
 */
class FlockRunIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** One {@code ./flock run} on free ports, its output in a file. */
  private record Launcher(Process process, Path output, Map<String, Integer> ports) {

    static Launcher start(String name, Map<String, Integer> ports, String... options)
        throws IOException {
      Path output = Path.of("target", "flock-run-" + name + ".log").toAbsolutePath();
      ProcessBuilder builder =
          new ProcessBuilder(
                  java.util.stream.Stream.concat(
                          java.util.stream.Stream.of(ROOT.resolve("flock").toString(), "run"),
                          java.util.Arrays.stream(options))
                      .toList())
              .directory(ROOT.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile());
      ports.forEach((variable, port) -> builder.environment().put(variable, port.toString()));
      builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
      builder.environment().put("FLOCK_NO_BUILD", "1"); // Maven's reactor has built everything
      return new Launcher(builder.start(), output, ports);
    }

    static Map<String, Integer> freePorts() {
      return Map.of(
          "FLOCK_WEB_PORT", Ports.free(),
          "FLOCK_BACKEND_PORT", Ports.free(),
          "FLOCK_GRPC_PORT", Ports.free(),
          "FLOCK_BACKEND_TLS_PORT", Ports.free(),
          "FLOCK_METRICS_PORT", Ports.free());
    }

    String text() throws IOException {
      return Files.readString(output);
    }

    void awaitOutput(String line, Duration within) throws Exception {
      Instant deadline = Instant.now().plus(within);
      while (!text().contains(line)) {
        assertThat(process.isAlive()).as("./flock run, still running:\n%s", text()).isTrue();
        assertThat(Instant.now())
            .as("'%s' within %s:\n%s", line, within, text())
            .isBefore(deadline);
        Thread.sleep(200);
      }
    }

    /** The exit status, once the launcher has ended within {@code within}. */
    int awaitExit(Duration within) throws Exception {
      assertThat(process.waitFor(within.toSeconds(), TimeUnit.SECONDS))
          .as("./flock run ended within %s:\n%s", within, text())
          .isTrue();
      return process.exitValue();
    }

    /**
     * Ctrl-C: what the terminal sends to the launcher. Where this test runs with SIGINT ignored
     * (started in the background by a shell without job control), the launcher inherits that and no
     * JVM can handle it: SIGTERM then, which takes the same path.
     */
    void interrupt() throws Exception {
      String signal = sigintIgnored() ? "-TERM" : "-INT";
      new ProcessBuilder("kill", signal, Long.toString(process.pid())).start().waitFor();
    }

    private static boolean sigintIgnored() throws IOException {
      return Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(line -> line.startsWith("SigIgn:"))
          .map(line -> Long.parseLong(line.substring("SigIgn:".length()).strip(), 16))
          .anyMatch(mask -> (mask & (1L << 1)) != 0); // SIGINT is signal 2
    }

    void destroy() {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void runWithTlsServesTheSiteOverMutualTlsAndStopsOnCtrlC() throws Exception {
    Launcher run = Launcher.start("tls", Launcher.freePorts(), "--tls");
    try {
      int web = run.ports().get("FLOCK_WEB_PORT");
      run.awaitOutput("Flock is running at http://localhost:" + web + "/", Duration.ofMinutes(4));
      assertThat(run.text()).contains("mutual TLS between the tiers");

      URI site = URI.create("http://localhost:" + web);
      SiteWalkThrough.followPostReadUnfollow(site, site);
      MutualTlsChecks.backendRefusesStrangers(
          "127.0.0.1",
          run.ports().get("FLOCK_GRPC_PORT"),
          run.ports().get("FLOCK_BACKEND_TLS_PORT"),
          ROOT.resolve(".flock/tls"),
          "memory");

      List<ProcessHandle> instances = run.process().descendants().toList();
      run.interrupt();
      run.awaitExit(Duration.ofSeconds(90));
      assertThat(run.text())
          .contains("stopping Flock", "stopping web (pid", "stopping backend (pid");
      assertThat(run.text().indexOf("stopping web"))
          .as("the web tier stops before the backend it calls")
          .isLessThan(run.text().indexOf("stopping backend"));
      assertThat(instances).as("instances left running").noneMatch(ProcessHandle::isAlive);
    } finally {
      run.destroy();
    }
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aPortInUseIsRefusedBeforeAnythingStarts() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      Map<String, Integer> ports = new java.util.HashMap<>(Launcher.freePorts());
      ports.put("FLOCK_GRPC_PORT", taken.getLocalPort());
      Launcher run = Launcher.start("port-in-use", ports);
      try {
        assertThat(run.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
        assertThat(run.text())
            .contains("flock: port " + taken.getLocalPort() + " is already in use")
            .doesNotContain("starting backend");
      } finally {
        run.destroy();
      }
    }
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void ctrlCDuringStartUpStopsEveryInstance() throws Exception {
    Launcher run = Launcher.start("interrupted", Launcher.freePorts());
    try {
      run.awaitOutput("starting web (pid", Duration.ofSeconds(60));
      List<ProcessHandle> instances = run.process().descendants().toList();
      assertThat(instances).hasSizeGreaterThanOrEqualTo(2);
      run.interrupt();
      run.awaitExit(Duration.ofSeconds(90));
      assertThat(run.text()).contains("stopping Flock").doesNotContain("Flock is running");
      assertThat(instances).as("instances left running").noneMatch(ProcessHandle::isAlive);
    } finally {
      run.destroy();
    }
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void anInstanceThatDiesEndsTheRunWithItsLog() throws Exception {
    Launcher run = Launcher.start("dies", Launcher.freePorts());
    try {
      run.awaitOutput("press Ctrl-C to stop", Duration.ofMinutes(3));
      ProcessHandle backend =
          run.process()
              .children()
              .filter(p -> p.info().commandLine().orElse("").contains("backend.war"))
              .findFirst()
              .orElseThrow();
      List<ProcessHandle> instances = run.process().descendants().toList();
      backend.destroyForcibly(); // SIGKILL, as the kernel's OOM killer would

      assertThat(run.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(run.text())
          .contains(
              "flock: backend: the JVM exited (status 137)", "last lines of ", "stopping web (pid");
      assertThat(instances).as("instances left running").noneMatch(ProcessHandle::isAlive);
    } finally {
      run.destroy();
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aFailedDeploymentIsReportedWithTheServersErrors() throws Exception {
    Path war = Path.of("target", "broken.war").toAbsolutePath();
    try (OutputStream file = Files.newOutputStream(war);
        ZipOutputStream zip = new ZipOutputStream(file)) {
      zip.putNextEntry(new ZipEntry("WEB-INF/web.xml"));
      zip.write("<web-app><servlet>not a deployment descriptor".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    Path config = Path.of(System.getProperty("flock.payara.config"));
    try (PayaraInstance broken =
        PayaraInstance.builder(
                "broken",
                Path.of(System.getProperty("flock.payara.jar")),
                config,
                war,
                Ports.free())
            .jvmOptionsFile(config.resolve("local/web.jvm-options"))
            .log(Path.of(System.getProperty("flock.logs", "target/payara-logs"), "broken.log"))
            .start()) {
      assertThatThrownBy(() -> broken.awaitReady("/", 200, Duration.ofMinutes(2)))
          .isInstanceOf(PayaraInstance.LaunchFailure.class)
          .hasMessageContaining("deployment")
          .hasMessageNotContaining("not ready after");
      assertThat(broken.failureReport()).contains("first errors in", "[SEVERE]");
    }
  }
}
