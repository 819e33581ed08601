package dev.flock.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ./flock run --tls}: the launcher starts a backend and the web tier on loopback with the
 * deployments' mutual TLS between them, serves the site, and stops both on Ctrl-C.
 */
class FlockRunIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void runWithTlsServesTheSiteOverMutualTlsAndStopsOnCtrlC() throws Exception {
    int web = PayaraMicroProcess.freePort();
    int grpc = PayaraMicroProcess.freePort();
    int tls = PayaraMicroProcess.freePort();
    Path log = Path.of("target", "flock-run-tls.log").toAbsolutePath();
    ProcessBuilder builder =
        new ProcessBuilder(ROOT.resolve("flock").toString(), "run", "--tls")
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("FLOCK_WEB_PORT", Integer.toString(web));
    builder
        .environment()
        .put("FLOCK_BACKEND_PORT", Integer.toString(PayaraMicroProcess.freePort()));
    builder.environment().put("FLOCK_GRPC_PORT", Integer.toString(grpc));
    builder.environment().put("FLOCK_BACKEND_TLS_PORT", Integer.toString(tls));
    builder
        .environment()
        .put("FLOCK_METRICS_PORT", Integer.toString(PayaraMicroProcess.freePort()));
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process run = builder.start();
    try {
      String running = "Flock is running at http://localhost:" + web + "/";
      Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
      while (!Files.readString(log).contains(running)) {
        assertThat(run.isAlive())
            .as("./flock run --tls, still running:\n%s", Files.readString(log))
            .isTrue();
        assertThat(Instant.now())
            .as("started within 4 minutes:\n%s", Files.readString(log))
            .isBefore(deadline);
        Thread.sleep(500);
      }
      assertThat(Files.readString(log)).contains("mutual TLS between the tiers");

      URI site = URI.create("http://localhost:" + web);
      SiteWalkThrough.followPostReadUnfollow(site, site);
      MutualTlsChecks.backendRefusesStrangers(
          "127.0.0.1", grpc, tls, ROOT.resolve(".flock/tls"), "memory");

      // Ctrl-C: what the terminal sends to the launcher
      List<ProcessHandle> instances = run.descendants().toList();
      new ProcessBuilder("kill", "-INT", Long.toString(run.pid())).start().waitFor();
      assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s after Ctrl-C").isTrue();
      assertThat(Files.readString(log)).contains("stopping Flock");
      assertThat(instances).as("instances left running").noneMatch(ProcessHandle::isAlive);
    } finally {
      run.descendants().forEach(ProcessHandle::destroyForcibly);
      run.destroyForcibly();
    }
  }
}
