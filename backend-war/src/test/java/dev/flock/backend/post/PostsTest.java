package dev.flock.backend.post;

import static dev.flock.backend.Backend.SESSION_TTL_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.flock.backend.Backend;
import dev.flock.backend.paging.Page;
import dev.flock.backend.paging.PageRequest;
import dev.flock.backend.session.IssuedToken;
import dev.flock.backend.session.Session;
import dev.flock.backend.session.Sessions;
import dev.flock.core.FlockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostsTest {

  private final Backend backend = new Backend();
  private final Posts posts = backend.posts;

  private Session alice;

  @BeforeEach
  void registerAuthor() {
    backend.register("alice");
    alice = backend.signIn("alice");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "   ", "\n\t ", "\u2003", "\u2003\u3000 \u2028"})
  void refusesAnEmptyPost(String text) {
    assertThat(violationMessages(text)).containsExactly("A post cannot be empty.");
    assertThat(backend.stores.posts().postCount("alice")).isZero();
  }

  @Test
  void refusesAMissingText() {
    assertThat(violationMessages(null)).containsExactly("A post cannot be empty.");
  }

  @Test
  void refusesAPostOver280Characters() {
    assertThat(violationMessages("x".repeat(281)))
        .containsExactly("A post has at most 280 characters.");
    assertThat(backend.stores.posts().postCount("alice")).isZero();
  }

  @Test
  void accepts280Characters() {
    Post post = posts.publish(alice, new NewPost("x".repeat(280)));

    assertThat(post.text()).hasSize(280);
    assertThat(backend.stores.posts().postsBy("alice", Optional.empty(), 10)).containsExactly(post);
  }

  @Test
  void theLengthRuleCountsTheTextAsStored() {
    Post post = posts.publish(alice, new NewPost("\n " + "x".repeat(280) + " \u2003"));

    assertThat(post.text()).isEqualTo("x".repeat(280));
    assertThat(violationMessages(" " + "x".repeat(281) + " "))
        .containsExactly("A post has at most 280 characters.");
  }

  @Test
  void theLengthIsCountedInCharactersAsPeopleCountThem() {
    String emoji = "\uD83D\uDC26"; // a bird: one character, two UTF-16 units

    assertThat(posts.publish(alice, new NewPost(emoji.repeat(280))).text())
        .isEqualTo(emoji.repeat(280));
    assertThat(violationMessages(emoji.repeat(281)))
        .containsExactly("A post has at most 280 characters.");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "null \u0000 byte",
        "escape \u001B[31m red",
        "bell \u0007",
        "right-to-left \u202E override",
        "isolate \u2067 this",
        "embedding \u202B here"
      })
  void refusesControlCharactersAndTextDirectionOverrides(String text) {
    assertThat(violationMessages(text))
        .containsExactly("A post cannot contain control characters or text-direction overrides.");
    assertThat(backend.stores.posts().postCount("alice")).isZero();
  }

  @Test
  void keepsLineBreaksAndTabsAndStoresTheTextInNfc() {
    Post post = posts.publish(alice, new NewPost("line one\r\nline\ttwo: e\u0301te\u0301"));

    assertThat(post.text()).isEqualTo("line one\nline\ttwo: \u00E9t\u00E9");
  }

  @Test
  void acceptsOneCharacter() {
    assertThat(posts.publish(alice, new NewPost("a")).text()).isEqualTo("a");
  }

  @Test
  void stripsTheText() {
    Post post = posts.publish(alice, new NewPost("  \n hello, flock \t "));

    assertThat(post.text()).isEqualTo("hello, flock");
    assertThat(backend.stores.posts().postsBy("alice", Optional.empty(), 10))
        .extracting(Post::text)
        .containsExactly("hello, flock");
  }

  @Test
  void aPostIsStampedWithItsAuthorAndTheTimeInItsId() {
    Post post = posts.publish(alice, new NewPost("hello"));

    assertThat(post.author()).isEqualTo("alice");
    assertThat(post.createdAt().toEpochMilli())
        .isEqualTo(backend.clock.millis())
        .isEqualTo(PostIds.epochMilliOf(post.id()));
    assertThat(backend.stores.posts().postCount("alice")).isEqualTo(1);
  }

  @Test
  void byAuthorIsNewestFirstAndPaged() {
    for (int i = 0; i < 5; i++) {
      posts.publish(alice, new NewPost("post " + i));
      backend.clock.advance(Duration.ofSeconds(1));
    }

    Page<Post> first = posts.byAuthor("alice", PageRequest.first(3));
    Page<Post> second = posts.byAuthor("alice", PageRequest.of(first.nextCursor(), 3));

    assertThat(first.items()).extracting(Post::text).containsExactly("post 4", "post 3", "post 2");
    assertThat(second.items()).extracting(Post::text).containsExactly("post 1", "post 0");
    assertThat(second.nextCursor()).isEmpty();
  }

  @Test
  void aPageOfPostsAfterSomethingOtherThanAPostIdIsRefused() {
    posts.publish(alice, new NewPost("hello"));

    FlockException failure =
        catchThrowableOfType(
            FlockException.class,
            () -> posts.byAuthor("alice", new PageRequest(Optional.of("../bob/9"), 3)));

    assertThat(failure.reason()).isEqualTo(FlockException.Reason.INVALID_ARGUMENT);
  }

  @Test
  void aPostAfterSigningOutIsRefusedAndNotStored() {
    IssuedToken token = backend.sessions.issue("alice");
    Session signedIn = backend.sessions.signedIn(Optional.of(token.token()));
    backend.sessions.revoke(token.token());

    FlockException failure =
        catchThrowableOfType(
            FlockException.class, () -> posts.publish(signedIn, new NewPost("too late")));

    assertThat(failure.reason()).isEqualTo(FlockException.Reason.UNAUTHENTICATED);
    assertThat(backend.stores.posts().postCount("alice")).isZero();
  }

  @Test
  void aSignOutThroughAnotherBackendStopsPostsAtOnce() {
    // This backend has just found the session valid and remembers it; another backend (its own
    // Sessions over the same storage) signs the user out. The next post must not be stored.
    Sessions otherBackend =
        new Sessions(backend.stores.sessions(), backend.clock, SESSION_TTL_SECONDS);
    IssuedToken token = backend.sessions.issue("alice");
    assertThat(backend.sessions.usernameFor(token.token())).contains("alice");
    otherBackend.revoke(token.token());

    Session remembered = backend.sessions.signedIn(Optional.of(token.token()));
    FlockException failure =
        catchThrowableOfType(
            FlockException.class, () -> posts.publish(remembered, new NewPost("too late")));

    assertThat(failure.reason()).isEqualTo(FlockException.Reason.UNAUTHENTICATED);
    assertThat(backend.stores.posts().postCount("alice")).isZero();
  }

  @Test
  void byAuthorOfAnUnknownUserIsNotFound() {
    FlockException failure =
        catchThrowableOfType(
            FlockException.class, () -> posts.byAuthor("ghost", PageRequest.first(10)));

    assertThat(failure.reason()).isEqualTo(FlockException.Reason.NOT_FOUND);
  }

  private List<String> violationMessages(String text) {
    ConstraintViolationException failure =
        catchThrowableOfType(
            ConstraintViolationException.class, () -> posts.publish(alice, new NewPost(text)));
    assertThat(failure).as("a ConstraintViolationException").isNotNull();
    return failure.getConstraintViolations().stream().map(ConstraintViolation::getMessage).toList();
  }
}
