package dev.flock.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedEtcdDataTest {

  @TempDir Path dir;

  @Test
  void aSnapshotWithoutItsDescriptionIsLoadedAgain() throws IOException {
    SavedEtcdData saved = new SavedEtcdData(dir.resolve("xl.db"));
    assertThat(saved.exists()).isFalse();

    Files.writeString(dir.resolve("xl.db"), "snapshot");
    assertThat(saved.exists()).isFalse();

    Files.write(dir.resolve("xl.db.txt"), List.of("shape=XL", "loaded=loaded 10000 users"));
    assertThat(saved.exists()).isTrue();
  }

  @Test
  void itsDataSetIsTheLoaderLineItWasSavedWith() throws IOException {
    SavedEtcdData saved = new SavedEtcdData(dir.resolve("xl.db"));
    Files.writeString(dir.resolve("xl.db"), "snapshot");
    Files.write(dir.resolve("xl.db.txt"), List.of("shape=XL", "loaded=loaded 10000 users"));

    assertThat(saved.loaded("XL")).isEqualTo("loaded 10000 users (restored from xl.db)");
    assertThatThrownBy(() -> saved.loaded("S"))
        .isInstanceOf(BenchFailure.class)
        .hasMessageContaining("holds shape XL, not S");
  }
}
