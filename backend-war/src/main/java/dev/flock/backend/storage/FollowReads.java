package dev.flock.backend.storage;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The follows of many users read at once, for lists of people and whom to follow: each user's
 * follower count, the first people each follows, and the ranking of the most followed that {@link
 * FollowStore} keeps.
 */
public interface FollowReads {

  /** How many follow a user, and whether the one reading does. */
  record Followers(long count, boolean byReader) {
    public static final Followers NONE = new Followers(0, false);
  }

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
   * Up to {@code limit} of the most followed users: by {@link FollowStore#band} of their follower
   * count, the highest first, then by name; so each one listed has more than half as many followers
   * as anyone left out. Users without followers are never listed. A follow or unfollow that moves a
   * user to another band may move them here in a second step after its own (etcd), so a reader may
   * see them in their old band meanwhile, and concurrent ones may leave them a band off until their
   * count next crosses into another band: a ranking to suggest people by, not an exact count.
   */
  List<String> mostFollowed(int limit);
}
