package dev.flock.backend.storage;

import dev.flock.backend.account.Account;
import dev.flock.backend.post.Post;
import dev.flock.backend.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntUnaryOperator;

/**
 * Flock's state. Every method is atomic on its own, and lists are read in bounded slices: a page's
 * cost depends on its size, never on how much is stored. Failures to reach the data surface as
 * {@link StorageUnavailableException}, never as an empty or partial answer.
 */
public interface Storage {

  /** Stores a new account; false (and nothing changed) when the name is already taken. */
  boolean createAccount(Account account);

  Optional<Account> findAccount(String username);

  /** Names starting with {@code prefix}, in name order, strictly after {@code after} if given. */
  List<String> usernames(String prefix, Optional<String> after, int limit);

  void saveSession(Session session);

  /** The session, unless it does not exist or has expired. */
  Optional<Session> findSession(String tokenHash);

  void deleteSession(String tokenHash);

  /**
   * Idempotent: following twice leaves one edge. False, and nothing changed, when {@code follower}
   * does not follow {@code followee} yet and already follows {@code maxFollowing} people: checked
   * in the same atomic step as the write, so concurrent follows cannot pass the cap together.
   */
  boolean follow(String follower, String followee, int maxFollowing);

  /** Idempotent: unfollowing someone not followed changes nothing. */
  void unfollow(String follower, String followee);

  boolean isFollowing(String follower, String followee);

  /** Whom {@code username} follows, in name order, strictly after {@code after} if given. */
  List<String> following(String username, Optional<String> after, int limit);

  /**
   * {@link #following} of the user signed in by {@code reader}, read in one atomic step with a
   * check that this session still lives; empty once it has ended.
   */
  Optional<List<String>> followingWhileSignedIn(Session reader, Optional<String> after, int limit);

  /** Follows are read in slices of at most this many names, to bound each read. */
  int FOLLOWING_SLICE = 500;

  /** Whom a reader follows, in name order, and each one's newest posts, in the same order. */
  record Followed(List<String> authors, List<List<Post>> timelines) {}

  /**
   * Everyone the user signed in by {@code reader} follows, each with their {@code
   * share.applyAsInt(number followed)} newest posts with ids below {@code before} if given: the
   * first read of a home feed page. Empty once that session has ended. A storage may read it all in
   * one step (etcd: one round trip while the reader's follows have not changed).
   */
  default Optional<Followed> followedWhileSignedIn(
      Session reader, Optional<String> before, IntUnaryOperator share) {
    Optional<List<String>> firstSlice =
        followingWhileSignedIn(reader, Optional.empty(), FOLLOWING_SLICE);
    if (firstSlice.isEmpty()) {
      return Optional.empty();
    }
    List<String> authors = new ArrayList<>(firstSlice.get());
    List<String> slice = firstSlice.get();
    while (slice.size() == FOLLOWING_SLICE) {
      slice =
          following(reader.username(), Optional.of(slice.get(slice.size() - 1)), FOLLOWING_SLICE);
      authors.addAll(slice);
    }
    return Optional.of(
        new Followed(authors, postsByEach(authors, before, share.applyAsInt(authors.size()))));
  }

  /** Who follows {@code username}, in name order, strictly after {@code after} if given. */
  List<String> followers(String username, Optional<String> after, int limit);

  long followingCount(String username);

  long followerCount(String username);

  /**
   * Stores a post while {@code author}, the session of the post's author, is still signed in,
   * checked in the same atomic step as the write, so a post never lands after a sign-out that came
   * first. False, and nothing stored, when that session has ended. Idempotent by id: a retried
   * write never duplicates it.
   */
  boolean savePost(Post post, Session author);

  /**
   * Posts by {@code author}, newest first, with ids strictly below {@code before} (a post id) if
   * given.
   */
  List<Post> postsBy(String author, Optional<String> before, int limit);

  /**
   * {@link #postsBy} for each of {@code authors}, in their order: what one home feed page reads. A
   * storage may read them together (etcd: one round trip for many authors instead of one each).
   */
  default List<List<Post>> postsByEach(List<String> authors, Optional<String> before, int limit) {
    return authors.stream().map(author -> postsBy(author, before, limit)).toList();
  }

  long postCount(String author);

  /**
   * The storage's current state (mode, members, leader, Raft index) for health checks and a status
   * page. Never throws: an unreachable storage is reported as not available, within the storage's
   * own deadline.
   */
  StorageStatus describe();
}
