package dev.flock.devtools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the commands refuse before they start anything. */
class ContainerCommandsTest {

  @TempDir Path root;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private ContainerCommands commands(Map<String, String> environment) {
    return new ContainerCommands(
        root,
        environment,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private ContainerCommands commands(String... installed) {
    return commands(FakeCommands.pathWith(root, installed));
  }

  private String errors() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void upTakesNoOptions() {
    assertThat(commands("podman").up(List.of("--volumes"))).isEqualTo(2);
    assertThat(errors())
        .isEqualTo("flock: up takes no options (FLOCK_PORT: the published port, 8080)\n");
  }

  @Test
  void upNeedsAPortNumberInFlockPort() {
    Map<String, String> environment = new HashMap<>(FakeCommands.pathWith(root, "podman"));
    environment.put("FLOCK_PORT", "80a");

    assertThat(commands(environment).up(List.of())).isEqualTo(2);
    assertThat(errors()).isEqualTo("flock: FLOCK_PORT must be a port number, not '80a'\n");
  }

  @Test
  void upNeedsSecondsInFlockStartTimeout() {
    Map<String, String> environment = new HashMap<>(FakeCommands.pathWith(root, "podman"));
    environment.put("FLOCK_START_TIMEOUT", "5m");

    assertThat(commands(environment).up(List.of())).isEqualTo(2);
    assertThat(errors())
        .isEqualTo("flock: FLOCK_START_TIMEOUT must be a number of seconds, not '5m'\n");
  }

  @Test
  void upWithoutAnyEngineSaysWhatToInstall() {
    assertThat(commands("curl").up(List.of())).isEqualTo(1);
    assertThat(errors())
        .isEqualTo(
            "flock: neither podman nor docker is installed: install one"
                + " (e.g. sudo apt-get install podman podman-compose)\n");
  }

  @Test
  void upWithPodmanNeedsPodmanCompose() {
    assertThat(commands("podman").up(List.of())).isEqualTo(1);
    assertThat(errors())
        .isEqualTo(
            "flock: 'podman-compose' is needed but not on PATH"
                + " (sudo apt-get install podman-compose)\n");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void downTakesOnlyVolumes() {
    assertThat(commands("docker").down(List.of("--volume"))).isEqualTo(2);
    assertThat(commands("docker").down(List.of("--volumes", "--volumes"))).isEqualTo(2);
    assertThat(errors())
        .isEqualTo("flock: down takes only --volumes (also delete etcd's data)\n".repeat(2));
  }

  @Test
  void imagesTakesAnEngineName() {
    assertThat(commands("podman").images(List.of("containerd"))).isEqualTo(2);
    assertThat(commands("podman").images(List.of("podman", "docker"))).isEqualTo(2);
    assertThat(errors())
        .isEqualTo(
            "flock: images takes podman or docker, or nothing (podman when installed, else docker)\n"
                .repeat(2));
  }

  @Test
  void imagesWithAnEngineThatIsNotInstalled() {
    assertThat(commands("podman").images(List.of("docker"))).isEqualTo(1);
    assertThat(errors()).isEqualTo("flock: docker is not installed\n");
  }

  @Test
  void imagesNeedTheBuiltWars() {
    assertThat(commands("docker").images(List.of())).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("flock: building the images with docker\n");
    assertThat(errors())
        .isEqualTo(
            "flock: payara-config/target/payara-micro.jar is missing: ./mvnw package first\n");
  }
}
