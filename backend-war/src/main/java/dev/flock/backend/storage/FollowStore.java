package dev.flock.backend.storage;

import java.util.List;
import java.util.Optional;

/** Who follows whom: each edge readable from both ends, the two ends never disagreeing. */
public interface FollowStore {

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

  /** Who follows {@code username}, in name order, strictly after {@code after} if given. */
  List<String> followers(String username, Optional<String> after, int limit);

  long followingCount(String username);

  long followerCount(String username);
}
