package dev.flock.backend.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.flock.backend.Backend;
import dev.flock.backend.paging.Page;
import dev.flock.backend.paging.PageRequest;
import dev.flock.backend.storage.FollowStore;
import dev.flock.core.FlockException;
import dev.flock.core.FlockException.Reason;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FollowGraphTest {

  private final Backend backend = new Backend();
  private final FollowGraph graph = backend.graph;
  private final FollowStore follows = backend.stores.follows();

  private static final Optional<String> NOBODY = Optional.empty();

  @BeforeEach
  void registerUsers() {
    List.of("alice", "bob", "carol", "dave", "erin").forEach(backend::register);
  }

  @Test
  void followingMakesAnEdge() {
    graph.follow("alice", "bob");

    assertThat(follows.isFollowing("alice", "bob")).isTrue();
    assertThat(follows.isFollowing("bob", "alice")).isFalse();
  }

  @Test
  void followingYourselfIsRefused() {
    FlockException failure = failure(() -> graph.follow("alice", "alice"));

    assertThat(failure.reason()).isEqualTo(Reason.INVALID_ARGUMENT);
    assertThat(failure).hasMessage("You cannot follow yourself.");
    assertThat(follows.followingCount("alice")).isZero();
  }

  @Test
  void followingAnUnknownUserIsNotFound() {
    FlockException failure = failure(() -> graph.follow("alice", "ghost"));

    assertThat(failure.reason()).isEqualTo(Reason.NOT_FOUND);
    assertThat(failure).hasMessage("There is no user called 'ghost'.");
    assertThat(follows.followingCount("alice")).isZero();
    assertThat(follows.followerCount("ghost")).isZero();
  }

  @Test
  void followingPastTheCapIsRefusedWithAClearMessage() {
    FollowGraph capped =
        new FollowGraph(follows, backend.stores.followReads(), backend.accounts, 2);
    capped.follow("alice", "bob");
    capped.follow("alice", "carol");

    FlockException failure = failure(() -> capped.follow("alice", "dave"));

    assertThat(failure.reason()).isEqualTo(Reason.FAILED_PRECONDITION);
    assertThat(failure)
        .hasMessage(
            "You follow 2 people, the most anyone can. Unfollow someone to follow someone new.");
    assertThat(follows.isFollowing("alice", "dave")).isFalse();
    capped.follow("alice", "bob"); // following again at the cap is still fine
    capped.unfollow("alice", "bob");
    capped.follow("alice", "dave");
    assertThat(follows.followingCount("alice")).isEqualTo(2);
  }

  @Test
  void aCapBelowOneIsAConfigurationMistake() {
    assertThat(
            catchThrowableOfType(
                IllegalArgumentException.class,
                () -> new FollowGraph(follows, backend.stores.followReads(), backend.accounts, 0)))
        .hasMessageContaining("flock.graph.max-following");
  }

  @Test
  void unfollowingAnUnknownUserIsNotFound() {
    assertThat(failure(() -> graph.unfollow("alice", "ghost")).reason())
        .isEqualTo(Reason.NOT_FOUND);
  }

  @Test
  void followIsIdempotent() {
    graph.follow("alice", "bob");
    graph.follow("alice", "bob");

    assertThat(follows.followingCount("alice")).isEqualTo(1);
    assertThat(follows.followerCount("bob")).isEqualTo(1);
    assertThat(graph.following("alice", PageRequest.first(10), NOBODY).items())
        .containsExactly(new Person("bob", 1, false));
  }

  @Test
  void unfollowIsIdempotent() {
    graph.follow("alice", "bob");

    graph.unfollow("alice", "bob");
    graph.unfollow("alice", "bob");
    graph.unfollow("alice", "carol"); // never followed

    assertThat(follows.isFollowing("alice", "bob")).isFalse();
    assertThat(follows.followingCount("alice")).isZero();
    assertThat(follows.followerCount("bob")).isZero();
  }

  @Test
  void followingIsPagedInNameOrder() {
    List.of("erin", "bob", "dave", "carol").forEach(name -> graph.follow("alice", name));

    Page<Person> first = graph.following("alice", PageRequest.first(3), NOBODY);
    Page<Person> second = graph.following("alice", PageRequest.of(first.nextCursor(), 3), NOBODY);

    assertThat(first.items()).extracting(Person::username).containsExactly("bob", "carol", "dave");
    assertThat(second.items()).extracting(Person::username).containsExactly("erin");
    assertThat(second.nextCursor()).isEmpty();
  }

  @Test
  void followersArePagedInNameOrder() {
    List.of("erin", "bob", "dave", "carol").forEach(name -> graph.follow(name, "alice"));

    Page<Person> first = graph.followers("alice", PageRequest.first(2), NOBODY);
    Page<Person> second = graph.followers("alice", PageRequest.of(first.nextCursor(), 2), NOBODY);

    assertThat(first.items()).extracting(Person::username).containsExactly("bob", "carol");
    assertThat(second.items()).extracting(Person::username).containsExactly("dave", "erin");
    assertThat(second.nextCursor()).isEmpty();
  }

  @Test
  void listsOfAnUnknownUserAreNotFound() {
    assertThat(failure(() -> graph.following("ghost", PageRequest.first(10), NOBODY)).reason())
        .isEqualTo(Reason.NOT_FOUND);
    assertThat(failure(() -> graph.followers("ghost", PageRequest.first(10), NOBODY)).reason())
        .isEqualTo(Reason.NOT_FOUND);
  }

  @Test
  void aListShowsEachOnesFollowersAndWhetherTheReaderFollowsThem() {
    graph.follow("alice", "bob");
    graph.follow("alice", "carol");
    graph.follow("dave", "carol");
    graph.follow("erin", "dave");

    assertThat(graph.following("alice", PageRequest.first(10), Optional.of("dave")).items())
        .containsExactly(new Person("bob", 1, false), new Person("carol", 2, true));
    assertThat(graph.following("erin", PageRequest.first(10), Optional.of("dave")).items())
        .as("the reader themself")
        .containsExactly(new Person("dave", 1, false));
  }

  @Test
  void suggestionsAreWhomTheReadersPeopleFollowMostThenTheMostFollowed() {
    List.of("frank", "gina", "hal", "ivy").forEach(backend::register);
    graph.follow("alice", "bob");
    graph.follow("alice", "carol");
    graph.follow("bob", "dave");
    graph.follow("carol", "dave");
    graph.follow("carol", "erin");
    graph.follow("carol", "alice"); // the reader: never suggested
    graph.follow("bob", "carol"); // followed already: never suggested
    for (String fan : List.of("dave", "erin", "frank", "gina")) {
      graph.follow(fan, "ivy"); // the most followed, by none of alice's people
    }
    graph.follow("hal", "gina");
    graph.follow("alice", "hal"); // followed by alice, who follows no one else new

    assertThat(graph.suggestions("alice", 5))
        .containsExactly(
            new Person("dave", 2, false), // followed by two of alice's people
            new Person("erin", 1, false),
            new Person("gina", 1, false),
            new Person("ivy", 4, false)); // then the most followed
    assertThat(graph.suggestions("alice", 2))
        .extracting(Person::username)
        .containsExactly("dave", "erin");

    graph.follow("alice", "dave");
    assertThat(graph.suggestions("alice", 5))
        .extracting(Person::username)
        .containsExactly("erin", "gina", "ivy");
  }

  @Test
  void someoneWhoFollowsNobodyIsSuggestedTheMostFollowedButNeverThemself() {
    graph.follow("bob", "carol");
    graph.follow("dave", "carol");
    graph.follow("erin", "carol");
    graph.follow("carol", "alice");
    graph.follow("dave", "bob");

    assertThat(graph.suggestions("alice", 0))
        .containsExactly(new Person("carol", 3, false), new Person("bob", 1, false));
    assertThat(graph.suggestions("erin", 0))
        .extracting(Person::username)
        .containsExactly("alice", "bob");
    assertThat(graph.suggestions("frank_unknown_is_fine", 100))
        .hasSizeLessThanOrEqualTo(FollowGraph.MAX_SUGGESTIONS);
  }

  private static FlockException failure(Runnable call) {
    FlockException failure = catchThrowableOfType(FlockException.class, call::run);
    assertThat(failure).as("a FlockException").isNotNull();
    return failure;
  }
}
