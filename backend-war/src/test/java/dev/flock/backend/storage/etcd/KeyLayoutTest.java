package dev.flock.backend.storage.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.flock.backend.ManualClock;
import dev.flock.backend.post.PostIds;
import io.etcd.jetcd.ByteSequence;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyLayoutTest {

  private static final Comparator<ByteSequence> ETCD_KEY_ORDER =
      (a, b) -> Arrays.compareUnsigned(a.getBytes(), b.getBytes());

  @Test
  void anAuthorsPostKeysSortNewestFirst() {
    ManualClock clock = new ManualClock(Instant.parse("2025-03-01T12:00:00Z"));
    PostIds ids = new PostIds(clock);
    List<String> oldestFirst = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      clock.advance(Duration.ofMillis(i % 3)); // several ids in one millisecond, too
      oldestFirst.add(ids.next());
    }

    List<String> byKey =
        oldestFirst.stream()
            .sorted(Comparator.comparing(id -> KeyLayout.post("alice", id), ETCD_KEY_ORDER))
            .toList();

    List<String> newestFirst = new ArrayList<>(oldestFirst);
    Collections.reverse(newestFirst);
    assertThat(byKey).containsExactlyElementsOf(newestFirst);
  }

  @Test
  void postsBeforeAnIdStartJustAfterItsKey() {
    String id = "1740830400000abcdef01";
    KeyLayout.Range older = KeyLayout.postsOf("alice", Optional.of(id));
    KeyLayout.Range all = KeyLayout.postsOf("alice", Optional.empty());

    assertThat(ETCD_KEY_ORDER.compare(older.start(), KeyLayout.post("alice", id))).isPositive();
    assertThat(ETCD_KEY_ORDER.compare(all.start(), KeyLayout.post("alice", id))).isNegative();
    assertThat(older.end()).isEqualTo(all.end());
    assertThat(KeyLayout.post("alice", id).toString(StandardCharsets.UTF_8))
        .isEqualTo("/flock/posts/alice/e8bf7cfbfffff543210fe");
  }

  @Test
  void aPostKeyIsMadeOfHexDigitsOnly() {
    for (String notAnId : List.of("../x", "ABC", "12g", "1/2", "١٢")) {
      assertThatIllegalArgumentException().isThrownBy(() -> KeyLayout.post("alice", notAnId));
    }
  }
}
