package dev.flock.devtools;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build puts what Flock runs, and where a local run keeps its logs and settings. */
record FlockFiles(Path root) {

  Path payaraJar() {
    return root.resolve("payara-config/target/payara-micro.jar");
  }

  /** payara-config: boot commands, logging settings, and the local and production settings. */
  Path config() {
    return root.resolve("payara-config");
  }

  /** The WAR of a tier: backend or web. */
  Path war(String tier) {
    return root.resolve(tier + "-war/target/" + tier + ".war");
  }

  Path logDirectory() {
    return root.resolve(".flock/logs");
  }

  /** The properties and TLS files of the current run. */
  Path runDirectory() {
    return root.resolve(".flock/run");
  }

  /** Fails with what to do when the build has not made the runtime or a WAR. */
  void requireBuilt(boolean web) {
    for (Path file :
        web
            ? new Path[] {payaraJar(), war("backend"), war("web")}
            : new Path[] {payaraJar(), war("backend")}) {
      if (!Files.isRegularFile(file)) {
        throw new LauncherException(
            root.relativize(file) + " is missing: ./flock builds it (or ./mvnw package)");
      }
    }
  }
}
