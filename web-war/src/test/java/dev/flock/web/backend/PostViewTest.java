package dev.flock.web.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostViewTest {

  private static final Instant NOW = Instant.parse("2026-12-04T11:45:30Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @ParameterizedTest(name = "{0} old: {1}")
  @CsvSource({
    "PT0S, just now",
    "PT59.999S, just now",
    "PT60S, 1 min ago",
    "PT59M59S, 59 min ago",
    "PT1H, 1 h ago",
    "PT23H, 23 h ago",
    "PT23H59M59S, 23 h ago",
    "PT24H, 1 d ago",
    "P6D, 6 d ago",
    "P6DT23H59M59S, 6 d ago",
    "P7D, 27 Nov",
    "P337D, 1 Jan",
    "P338D, 31 Dec 2025",
    "P1000D, 9 Mar 2024",
    // ahead of this instance's clock: the backend that stamped the post runs a little ahead
    "-PT2S, just now",
  })
  void aPostShowsHowLongAgoItWasWritten(Duration age, String shown) {
    assertThat(written(NOW.minus(age)).createdAtText()).isEqualTo(shown);
  }

  @Test
  void theExactTimeIsThereToo() {
    PostView post = written(Instant.parse("2026-12-04T11:45:00.123Z"));

    assertThat(post.createdAt()).isEqualTo(Instant.parse("2026-12-04T11:45:00.123Z"));
    assertThat(post.createdAtText()).isEqualTo("just now");
    assertThat(post.createdAtExact()).isEqualTo("4 Dec 2026, 11:45 UTC");
    assertThat(written(Instant.parse("2025-09-07T08:05:00Z")).createdAtExact())
        .isEqualTo("7 Sep 2025, 08:05 UTC");
  }

  private static PostView written(Instant createdAt) {
    return PostView.of("p1", "alice", "hello", createdAt, CLOCK);
  }

  @Test
  void mentionsAndHashtagsAreLinkPartsAndAPostWithoutIsPlain() {
    PostView linked = PostView.of("p1", "alice", "hi @Bob, #Flock!", NOW, CLOCK);
    PostView plain = PostView.of("p2", "alice", "hi bob", NOW, CLOCK);

    assertThat(linked.plain()).isFalse();
    assertThat(linked.parts())
        .containsExactly(
            new PostView.Part("hi ", "", ""),
            new PostView.Part("@Bob", "bob", ""),
            new PostView.Part(", ", "", ""),
            new PostView.Part("#Flock", "", "flock"),
            new PostView.Part("!", "", ""));
    assertThat(plain.plain()).isTrue();
  }

  @Test
  void theLikeButtonUndoesALikeOfTheReader() {
    PostView post = PostView.of("p1", "alice", "hi", NOW, CLOCK);

    assertThat(post.withLikes(3, false).likeButton()).isEqualTo("like:like");
    assertThat(post.withLikes(3, true).likeButton()).isEqualTo("like:unlike");
    assertThat(post.withLikes(3, true).withReplyTo("p0", "bob").likeButton())
        .isEqualTo("like:unlike");
  }
}
