package dev.flock.backend.post;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flock.backend.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PostIdsTest {

  private static final Instant START = Instant.parse("2025-03-01T12:00:00Z");

  private final ManualClock clock = new ManualClock(START);
  private final PostIds ids = new PostIds(clock);

  @Test
  void anIdIs13DigitsOfMillisThen8HexDigits() {
    String id = ids.next();

    assertThat(id).matches("\\d{13}[0-9a-f]{8}");
    assertThat(PostIds.epochMilliOf(id)).isEqualTo(START.toEpochMilli());
  }

  @Test
  void onlyTheShapeOfAnIdIsAPostId() {
    assertThat(PostIds.isPostId(ids.next())).isTrue();
    assertThat(List.of("", "1740830400000", "1740830400000abcdef0", "1740830400000ABCDEF01"))
        .noneMatch(PostIds::isPostId);
    assertThat(
            List.of("1740830400000abcdef01/", "../1740830400000abcdef01", "174083040000Xabcdef01"))
        .noneMatch(PostIds::isPostId);
  }

  @Test
  void idsFollowTheClockWhenItMoves() {
    String first = ids.next();
    clock.advance(Duration.ofMinutes(5));
    String second = ids.next();

    assertThat(PostIds.epochMilliOf(second))
        .isEqualTo(START.plus(Duration.ofMinutes(5)).toEpochMilli());
    assertThat(second).isGreaterThan(first);
  }

  @Test
  void idsStrictlyIncreaseWhileTheClockStandsStill() {
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      made.add(ids.next());
    }

    assertThat(made).isSortedAccordingTo(Comparator.naturalOrder()).doesNotHaveDuplicates();
  }

  @Test
  void idsStrictlyIncreaseWhenTheClockGoesBack() {
    String beforeJump = ids.next();
    clock.advance(Duration.ofHours(-1));
    String afterJump = ids.next();
    String next = ids.next();

    assertThat(afterJump).isGreaterThan(beforeJump);
    assertThat(next).isGreaterThan(afterJump);
  }

  @Test
  void idsFromManyThreadsAreDistinctAndIncreasingOnEachThread() throws Exception {
    Set<String> all = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<String>>> perThread = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        perThread.add(
            pool.submit(
                () -> {
                  List<String> made = new ArrayList<>();
                  for (int i = 0; i < 500; i++) {
                    made.add(ids.next());
                  }
                  return made;
                }));
      }
      for (Future<List<String>> each : perThread) {
        List<String> made = each.get(10, TimeUnit.SECONDS);
        assertThat(made).isSortedAccordingTo(Comparator.naturalOrder()).doesNotHaveDuplicates();
        all.addAll(made);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(all).hasSize(8 * 500);
  }
}
