package dev.flock.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A loaded data set kept as an etcd snapshot ({@code --etcd-data FILE}), so that a shape that takes
 * over an hour to load (XL) is loaded once and measured as often as needed. Beside the snapshot,
 * {@code FILE.txt} says what it holds: the shape, and the loader's summary line that the results'
 * "data set" repeats. A snapshot holds the keys of the Flock that wrote it: after a change of the
 * key layout, load it again.
 */
record SavedEtcdData(Path snapshot) {

  /** Whether the snapshot and its description are there, to start from instead of loading. */
  boolean exists() {
    return Files.isRegularFile(snapshot) && Files.isRegularFile(description());
  }

  /**
   * The loader's summary line of the saved data set, which must be of {@code shape}.
   *
   * @throws BenchFailure when it holds another shape, or its description is unreadable
   */
  String loaded(String shape) {
    Map<String, String> said = read();
    if (!shape.equals(said.get("shape"))) {
      throw new BenchFailure(
          "%s holds shape %s, not %s: load it again elsewhere, or ask for %s"
              .formatted(snapshot, said.get("shape"), shape, said.get("shape")));
    }
    return said.getOrDefault("loaded", "") + " (restored from " + snapshot.getFileName() + ")";
  }

  /**
   * Saves the site's etcd data and what it holds, once the shape is loaded. A failure is said and
   * the run goes on: the data set is loaded, only the next run will have to load it again.
   */
  void save(Site site, String shape, String loaded) {
    try {
      Files.createDirectories(snapshot.toAbsolutePath().getParent());
      Files.deleteIfExists(description()); // a snapshot without it is never restored
      site.saveEtcdSnapshot(snapshot);
      Files.write(description(), List.of("shape=" + shape, "loaded=" + loaded));
    } catch (IOException | BenchFailure e) {
      Console.say("the data set was not saved to %s: %s", snapshot, e.getMessage());
    }
  }

  private Path description() {
    return snapshot.resolveSibling(snapshot.getFileName() + ".txt");
  }

  private Map<String, String> read() {
    try {
      return Files.readAllLines(description()).stream()
          .filter(line -> line.contains("="))
          .collect(
              Collectors.toMap(
                  line -> line.substring(0, line.indexOf('=')),
                  line -> line.substring(line.indexOf('=') + 1),
                  (first, second) -> second));
    } catch (IOException e) {
      throw new BenchFailure("cannot read " + description() + ": " + e.getMessage());
    }
  }
}
