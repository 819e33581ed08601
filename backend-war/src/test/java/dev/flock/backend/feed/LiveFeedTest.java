package dev.flock.backend.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.flock.backend.Backend;
import dev.flock.backend.post.NewPost;
import dev.flock.backend.post.Post;
import dev.flock.backend.session.Session;
import dev.flock.core.FlockException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The live feed over the in-memory storage, whose watch tells of each post as it is added. */
class LiveFeedTest {

  private final Backend backend = new Backend();
  private final LiveFeed live = backend.live;

  private Session reader;

  /** What one stream told. */
  private static final class Told implements LiveFeed.Listener {
    final List<String> posts = new CopyOnWriteArrayList<>();
    final List<Optional<Throwable>> endings = new CopyOnWriteArrayList<>();

    @Override
    public void newPost(Post post) {
      posts.add(post.author() + ": " + post.text());
    }

    @Override
    public void ended(Throwable cause) {
      endings.add(Optional.ofNullable(cause));
    }
  }

  @BeforeEach
  void registerUsers() {
    List.of("reader", "alice", "bob").forEach(backend::register);
    reader = backend.signIn("reader");
    backend.graph.follow("reader", "alice");
  }

  @Test
  void aStreamTellsOfNewPostsAndRepliesOfFollowedAuthorsOnlyUntilItIsClosed() {
    Told told = new Told();
    LiveFeed.Subscription stream = live.open(reader, Optional.empty(), told);
    Post hello = publish("alice", "hello");
    publish("bob", "not followed");
    publish("reader", "my own");
    backend.posts.reply(backend.signIn("alice"), hello.id(), new NewPost("a reply"));

    stream.close();
    publish("alice", "after close");

    assertThat(told.posts).containsExactly("alice: hello", "alice: a reply");
    assertThat(live.openStreams()).isZero();
  }

  @Test
  void aStreamOpenedAfterAPostIdFirstTellsOfTheNewerPostsOfTheFeedOldestFirst() {
    Post seen = publish("alice", "seen");
    backend.clock.advance(Duration.ofMillis(5));
    publish("alice", "missed 1");
    backend.clock.advance(Duration.ofMillis(5));
    publish("bob", "not followed");
    publish("alice", "missed 2");

    Told told = new Told();
    live.open(reader, Optional.of(seen.id()), told);
    publish("alice", "live");

    assertThat(told.posts).containsExactly("alice: missed 1", "alice: missed 2", "alice: live");
  }

  @Test
  void aDrainingInstanceEndsEveryStreamWithoutACause() {
    Told first = new Told();
    Told second = new Told();
    live.open(reader, Optional.empty(), first);
    live.open(reader, Optional.empty(), second);

    live.draining(null);

    assertThat(first.endings).containsExactly(Optional.empty());
    assertThat(second.endings).containsExactly(Optional.empty());
    assertThat(live.openStreams()).isZero();
  }

  @Test
  void streamsOverTheBoundAreRefusedWithARetryDelay() {
    for (int i = 0; i < Backend.LIVE_STREAMS; i++) {
      live.open(reader, Optional.empty(), new Told());
    }

    FlockException refused =
        catchThrowableOfType(
            FlockException.class, () -> live.open(reader, Optional.empty(), new Told()));

    assertThat(refused.reason()).isEqualTo(FlockException.Reason.RESOURCE_EXHAUSTED);
    assertThat(refused.retryAfter()).isPresent();
  }

  @Test
  void aSignedOutReaderOrABrokenPostIdIsRefused() {
    FlockException invalid =
        catchThrowableOfType(
            FlockException.class, () -> live.open(reader, Optional.of("<script>"), new Told()));
    assertThat(invalid.reason()).isEqualTo(FlockException.Reason.INVALID_ARGUMENT);

    backend.sessions.endAll("reader", Optional.empty());
    FlockException signedOut =
        catchThrowableOfType(
            FlockException.class, () -> live.open(reader, Optional.empty(), new Told()));
    assertThat(signedOut.reason()).isEqualTo(FlockException.Reason.UNAUTHENTICATED);
    assertThat(live.openStreams()).isZero();
  }

  private Post publish(String author, String text) {
    return backend.posts.publish(backend.signIn(author), new NewPost(text));
  }
}
