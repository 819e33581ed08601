package dev.flock.devtools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesTest {

  @TempDir Path root;

  private Images images(String engine) {
    return new Images(
        ContainerEngine.named(engine, root, FakeCommands.pathWith(root, engine)).orElseThrow(),
        line -> {});
  }

  @Test
  void podmanBuildsInDockersFormatForTheHealthCheck() {
    Images.Image backend = Images.FLOCK.get(0);

    assertThat(images("podman").buildCommand(backend))
        .containsExactly(
            "podman",
            "build",
            "-q",
            "--format",
            "docker",
            "--file",
            root.resolve("docker/payara/Dockerfile").toString(),
            "--tag",
            "localhost/flock-backend:latest",
            "--build-arg",
            "TIER=backend",
            root.resolve("docker").toString());
  }

  @Test
  void dockerBuildsInItsOwnFormat() {
    Images.Image lb = Images.FLOCK.get(3);

    assertThat(images("docker").buildCommand(lb))
        .containsExactly(
            "docker",
            "build",
            "-q",
            "--file",
            root.resolve("docker/lb/Dockerfile").toString(),
            "--tag",
            "localhost/flock-lb:latest",
            root.resolve("docker").toString());
  }

  @Test
  void theFourImagesHaveTheNamesComposeAndKubernetesUse() {
    assertThat(Images.FLOCK.stream().map(Images.Image::tag))
        .containsExactly(
            "localhost/flock-backend:latest",
            "localhost/flock-web:latest",
            "localhost/flock-etcd:latest",
            "localhost/flock-lb:latest");
  }

  @Test
  void stagesTheBuiltFilesAndPayaraConfigsInDockerBuild() throws IOException {
    List<String> built =
        List.of(
            "payara-config/target/payara-micro.jar",
            "backend-war/target/backend.war",
            "web-war/target/web.war",
            "payara-config/post-boot.asadmin",
            "payara-config/backend.pre-boot.asadmin",
            "payara-config/logging.properties",
            "payara-config/logging-json.properties");
    FileTime then = FileTime.fromMillis(1_000_000_000_000L);
    for (String file : built) {
      Files.createDirectories(root.resolve(file).getParent());
      Files.writeString(root.resolve(file), file);
      Files.setLastModifiedTime(root.resolve(file), then);
    }

    images("podman").stage();

    Path stage = root.resolve("docker/build");
    assertThat(stage.resolve("payara-micro.jar")).hasContent(built.get(0));
    assertThat(stage.resolve("backend.war")).hasContent(built.get(1));
    assertThat(stage.resolve("web.war")).hasContent(built.get(2));
    assertThat(stage.resolve("payara-config/logging-json.properties")).hasContent(built.get(6));
    assertThat(Files.getLastModifiedTime(stage.resolve("web.war"))).isEqualTo(then);
  }

  @Test
  void aMissingWarSaysToBuildFirst() {
    assertThatThrownBy(() -> images("docker").stage())
        .hasMessage("payara-config/target/payara-micro.jar is missing: ./mvnw package first");
  }

  @Test
  void theDebianBaseIsAMinbaseWithoutDocumentationAndWithSecurityUpdates() {
    assertThat(Images.debootstrapCommand(Path.of("/tmp/debian.tar")))
        .startsWith("mmdebstrap", "--quiet", "--variant=minbase")
        .contains(
            "--dpkgopt=path-exclude=/usr/share/doc/*",
            "bookworm",
            "/tmp/debian.tar",
            "deb http://deb.debian.org/debian-security bookworm-security main");
  }
}
