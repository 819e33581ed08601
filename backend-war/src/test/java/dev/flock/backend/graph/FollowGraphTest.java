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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FollowGraphTest {

  private final Backend backend = new Backend();
  private final FollowGraph graph = backend.graph;
  private final FollowStore follows = backend.stores.follows();

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
    FollowGraph capped = new FollowGraph(follows, backend.accounts, 2);
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
                () -> new FollowGraph(follows, backend.accounts, 0)))
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
    assertThat(graph.following("alice", PageRequest.first(10)).items()).containsExactly("bob");
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

    Page<String> first = graph.following("alice", PageRequest.first(3));
    Page<String> second = graph.following("alice", PageRequest.of(first.nextCursor(), 3));

    assertThat(first.items()).containsExactly("bob", "carol", "dave");
    assertThat(second.items()).containsExactly("erin");
    assertThat(second.nextCursor()).isEmpty();
  }

  @Test
  void followersArePagedInNameOrder() {
    List.of("erin", "bob", "dave", "carol").forEach(name -> graph.follow(name, "alice"));

    Page<String> first = graph.followers("alice", PageRequest.first(2));
    Page<String> second = graph.followers("alice", PageRequest.of(first.nextCursor(), 2));

    assertThat(first.items()).containsExactly("bob", "carol");
    assertThat(second.items()).containsExactly("dave", "erin");
    assertThat(second.nextCursor()).isEmpty();
  }

  @Test
  void listsOfAnUnknownUserAreNotFound() {
    assertThat(failure(() -> graph.following("ghost", PageRequest.first(10))).reason())
        .isEqualTo(Reason.NOT_FOUND);
    assertThat(failure(() -> graph.followers("ghost", PageRequest.first(10))).reason())
        .isEqualTo(Reason.NOT_FOUND);
  }

  private static FlockException failure(Runnable call) {
    FlockException failure = catchThrowableOfType(FlockException.class, call::run);
    assertThat(failure).as("a FlockException").isNotNull();
    return failure;
  }
}
