package dev.flock.devtools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerEngineTest {

  @TempDir Path root;

  @Test
  void podmanIsPreferredWhenBothAreInstalled() {
    Map<String, String> environment = FakeCommands.pathWith(root, "docker", "podman");

    assertThat(ContainerEngine.onThisMachine(root, environment))
        .hasValueSatisfying(engine -> assertThat(engine.name()).isEqualTo("podman"));
  }

  @Test
  void dockerWhenPodmanIsNot() {
    Map<String, String> environment = FakeCommands.pathWith(root, "docker");

    assertThat(ContainerEngine.onThisMachine(root, environment))
        .hasValueSatisfying(engine -> assertThat(engine.name()).isEqualTo("docker"));
  }

  @Test
  void noneWhenNeitherIsOnThePath() {
    assertThat(ContainerEngine.onThisMachine(root, FakeCommands.pathWith(root, "podman-compose")))
        .isEmpty();
    assertThat(ContainerEngine.onThisMachine(root, Map.of())).isEmpty();
  }

  @Test
  void anEngineByNameOnlyWhenInstalled() {
    Map<String, String> environment = FakeCommands.pathWith(root, "podman");

    assertThat(ContainerEngine.named("docker", root, environment)).isEmpty();
    assertThat(ContainerEngine.named("podman", root, environment)).isPresent();
  }

  @Test
  void podmanGetsThisMachineKindsSettingsUnlessContainersConfSaysOtherwise() {
    Map<String, String> environment = new HashMap<>(FakeCommands.pathWith(root, "podman"));

    assertThat(ContainerEngine.named("podman", root, environment).orElseThrow().environment())
        .containsEntry("CONTAINERS_CONF", root.resolve("docker/containers.conf").toString())
        .containsEntry("PATH", environment.get("PATH"));

    environment.put("CONTAINERS_CONF", "/etc/mine.conf");
    assertThat(ContainerEngine.named("podman", root, environment).orElseThrow().environment())
        .containsEntry("CONTAINERS_CONF", "/etc/mine.conf");
  }

  @Test
  void dockerGetsNoPodmanSettings() {
    Map<String, String> environment = FakeCommands.pathWith(root, "docker");

    assertThat(ContainerEngine.named("docker", root, environment).orElseThrow().environment())
        .doesNotContainKey("CONTAINERS_CONF");
  }

  @Test
  void commandsRunInDockerDirectory() {
    ContainerEngine engine =
        ContainerEngine.named("podman", root, FakeCommands.pathWith(root, "podman")).orElseThrow();

    assertThat(engine.docker()).isEqualTo(root.resolve("docker"));
    assertThat(engine.installed("podman-compose")).isFalse();
    assertThat(engine.installed("podman")).isTrue();
  }
}
