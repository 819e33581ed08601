package dev.flock.backend.storage;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who follows whom: each edge readable from both ends, the two ends never disagreeing; and who is
 * most followed, kept up to date by follow and unfollow.
 */
public interface FollowStore {

  /** How many follow a user, and whether the one reading does. */
  record Followers(long count, boolean byReader) {
    public static final Followers NONE = new Followers(0, false);
  }

  /** The highest band {@link #band} gives: 2^40 followers are more than anyone will have. */
  int TOP_BAND = 40;

  /**
   * The band of a follower count in the ranking of {@link #mostFollowed}: the power of two just
   * below it (1 is band 0, 2 to 3 band 1, 4 to 7 band 2, ...); -1 for none.
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

  /**
   * The followers of each of {@code usernames} (a page of users) and whether {@code reader} (if
   * given) follows each, read together (etcd: one round trip per 60 names). Every name is in the
   * answer, an unknown one with none.
   */
  Map<String, Followers> followersOf(List<String> usernames, Optional<String> reader);

  /**
   * The first {@code limit} people (in name order) each of {@code usernames} follows, read together
   * (etcd: one round trip per 128 names). Every name is in the answer.
   */
  Map<String, List<String>> followingOfEach(List<String> usernames, int limit);

  /**
   * Up to {@code limit} of the most followed users: by {@link #band} of their follower count, the
   * highest first, then by name; so each one listed has more than half as many followers as anyone
   * left out. Users without followers are never listed. A follow or unfollow that moves a user to
   * another band may move them here in a second step after its own (etcd), so a reader may see them
   * in their old band meanwhile, and concurrent ones may leave them a band off until their count
   * next crosses into another band: a ranking to suggest people by, not an exact count.
   */
  List<String> mostFollowed(int limit);
}
