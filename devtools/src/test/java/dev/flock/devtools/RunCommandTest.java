package dev.flock.devtools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ./flock run}'s options and ports, and the launcher's answers to a wrong command line. */
class RunCommandTest {

  @Test
  void optionsDefaultToOneBackendInMemory() {
    assertThat(RunCommand.Options.parse(List.of()))
        .isEqualTo(new RunCommand.Options("memory", 1, false, false));
    assertThat(RunCommand.Options.parse(List.of("--storage=etcd", "--backends", "3", "--tls")))
        .isEqualTo(new RunCommand.Options("etcd", 3, false, true));
  }

  @Test
  void wrongOptionsAreRefusedWithWhatToDo() {
    assertThatThrownBy(() -> RunCommand.Options.parse(List.of("--storage")))
        .hasMessage("--storage needs a value: memory or etcd");
    assertThatThrownBy(() -> RunCommand.Options.parse(List.of("--storage", "disk")))
        .hasMessage("--storage must be memory or etcd, not 'disk'");
    assertThatThrownBy(() -> RunCommand.Options.parse(List.of("--backends", "10")))
        .hasMessage("--backends needs a number from 1 to 9");
    assertThatThrownBy(() -> RunCommand.Options.parse(List.of("--backends", "2")))
        .hasMessageContaining("needs --storage etcd");
    assertThatThrownBy(() -> RunCommand.Options.parse(List.of("--verbose")))
        .hasMessage("run: unknown option '--verbose' (see ./flock help)");
  }

  @Test
  void portsComeFromTheEnvironmentAndMustDiffer() {
    RunCommand.PortPlan defaults = RunCommand.PortPlan.from(Map.of());
    assertThat(defaults).isEqualTo(new RunCommand.PortPlan(8080, 8081, 9090, 9464, 8443));
    assertThat(defaults.all(new RunCommand.Options("etcd", 2, false, true)))
        .containsExactly(8081, 9090, 9465, 8443, 8082, 9091, 9466, 8444, 8080, 9464);
    assertThat(defaults.all(new RunCommand.Options("memory", 1, true, false)))
        .containsExactly(8081, 9090, 9465);

    assertThatThrownBy(() -> RunCommand.PortPlan.from(Map.of("FLOCK_WEB_PORT", "70000")))
        .hasMessage("FLOCK_WEB_PORT '70000' is not a port number (1-65535)");
    assertThatThrownBy(() -> RunCommand.PortPlan.from(Map.of("FLOCK_GRPC_PORT", "8080")))
        .hasMessage("the web, backend and gRPC ports must differ (now 8080, 8081, 8080)");
  }

  @Test
  void aPortInUseIsRefusedBeforeAnythingIsStarted() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      Output output = new Output();
      int status =
          output.flock(Map.of("FLOCK_WEB_PORT", Integer.toString(taken.getLocalPort())), "run");
      assertThat(status).isEqualTo(1);
      assertThat(output.err())
          .startsWith("flock: port " + taken.getLocalPort() + " is already in use");
      assertThat(output.out()).isEmpty();
    }
  }

  @Test
  void anUnknownCommandShowsTheUsage() {
    Output output = new Output();
    assertThat(output.flock(Map.of(), "launch")).isEqualTo(2);
    assertThat(output.err()).startsWith("Usage: ./flock <command>");
    assertThat(output.flock(Map.of(), "help")).isZero();
    assertThat(output.out()).contains("run [--storage memory|etcd]", "cluster start|stop");
  }

  /** The launcher with its output captured. */
  private static final class Output {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int flock(Map<String, String> environment, String... args) {
      return new Flock(
              Path.of("target").toAbsolutePath(),
              environment,
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8))
          .run(List.of(args));
    }

    String out() {
      return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
      return err.toString(StandardCharsets.UTF_8);
    }
  }
}
