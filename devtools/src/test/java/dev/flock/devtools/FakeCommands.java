package dev.flock.devtools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/** An environment whose PATH holds only empty executables of the given names. */
final class FakeCommands {

  private FakeCommands() {}

  static Map<String, String> pathWith(Path directory, String... commands) {
    try {
      Path bin = Files.createTempDirectory(directory, "bin");
      for (String command : commands) {
        Files.createFile(
            bin.resolve(command),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      }
      return Map.of("PATH", bin.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
