package dev.flock.backend.storage;

import java.util.List;
import java.util.Optional;

/**
 * Who follows whom: each edge readable from both ends, the two ends never disagreeing; and the
 * ranking of the most followed, kept up to date by follow and unfollow ({@link FollowReads} reads
 * it, with the follows of many users at once).
 */
public interface FollowStore {

  /** The highest band {@link #band} gives: 2^40 followers are more than anyone will have. */
  int TOP_BAND = 40;

  /**
   * The band of a follower count in the ranking of {@link FollowReads#mostFollowed}: the power of
   * two just below it (1 is band 0, 2 to 3 band 1, 4 to 7 band 2, ...); -1 for none.
   */
  static int band(long followers) {
    return followers <= 0 ? -1 : Math.min(TOP_BAND, 63 - Long.numberOfLeadingZeros(followers));
  }

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
