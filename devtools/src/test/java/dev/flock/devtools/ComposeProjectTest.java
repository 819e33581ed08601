package dev.flock.devtools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeProjectTest {

  @TempDir Path root;

  private ContainerEngine engine(String name, String... installed) {
    return ContainerEngine.named(name, root, FakeCommands.pathWith(root, installed)).orElseThrow();
  }

  @Test
  void podmanRunsPodmanCompose() {
    ComposeProject project =
        ComposeProject.of(engine("podman", "podman", "podman-compose"), "flock");

    assertThat(project.command("up", "-d"))
        .containsExactly("podman-compose", "-p", "flock", "up", "-d");
  }

  @Test
  void dockerRunsItsComposePlugin() {
    ComposeProject project = ComposeProject.of(engine("docker", "docker"), "flock-test");

    assertThat(project.command("down", "--volumes"))
        .containsExactly("docker", "compose", "-p", "flock-test", "down", "--volumes");
  }

  @Test
  void podmanWithoutPodmanComposeSaysWhatToInstall() {
    assertThatThrownBy(() -> ComposeProject.of(engine("podman", "podman", "docker"), "flock"))
        .hasMessage(
            "'podman-compose' is needed but not on PATH (sudo apt-get install podman-compose)");
  }

  @Test
  void containersAreNamedAsPodmanComposeNamesThem() {
    ComposeProject project = ComposeProject.of(engine("docker", "docker"), "flock-test");

    assertThat(project.container("web", 2)).isEqualTo("flock-test_web_2");
  }
}
