package dev.flock.devtools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayaraInstanceTest {

  @TempDir Path work;

  @Test
  void aBootThatStallsIsDumpedAndStartedAgainOnce() throws IOException {
    Path log = work.resolve("web.log");
    try (PayaraInstance instance =
        PayaraInstance.builder("web", fakePayaraJar(), work, work.resolve("web.war"), freePort())
            .log(log)
            .jvmOptions(List.of("-Dstalled-once=" + work.resolve("stalled-once")))
            .bootSilence(Duration.ofSeconds(3))
            .start()) {
      instance.awaitReady("/", 200, Duration.ofSeconds(60));

      String console = Files.readString(log);
      assertThat(console).contains("Loading policy provider", "Full thread dump");
      assertThat(console.indexOf("ready in")).isGreaterThan(console.indexOf("Full thread dump"));
    }
  }

  /** A jar of only a manifest, whose main class is {@link StallingPayara} from the test classes. */
  private Path fakePayaraJar() throws IOException {
    Path testClasses =
        Path.of(StallingPayara.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    Path jar = work.resolve("payara-micro.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, StallingPayara.class.getName());
    manifest
        .getMainAttributes()
        .put(Attributes.Name.CLASS_PATH, work.relativize(testClasses).toString() + "/");
    try (var out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      // the manifest is all there is
    }
    return jar;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
