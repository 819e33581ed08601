package dev.flock.devtools;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A deployment's certificate authority and the certificates of its two tiers, for mutual TLS
 * between them (docker/make-certs, which says what each file is).
 */
public final class Certificates {

  private Certificates() {}

  /**
   * Makes them in {@code directory}, which is left alone when it holds certificates already, unless
   * {@code replace}.
   *
   * @param root the project's directory
   * @return what make-certs says it did, on one line
   * @throws CommandFailure when make-certs fails
   */
  public static String make(Path root, Path directory, boolean replace) {
    List<String> command = new ArrayList<>(List.of(root.resolve("docker/make-certs").toString()));
    if (replace) {
      command.add("--force");
    }
    command.add(directory.toString());
    // make-certs uses the keytool of this JDK
    String path = Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH");
    return new Command(root, Map.of("PATH", path)).run(Duration.ofMinutes(2), command).strip();
  }
}
