package dev.flock.backend.storage;

import dev.flock.backend.session.Session;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Who likes which post: each like readable from its post (how many like it) and from its liker
 * (what they like), the two never disagreeing.
 */
public interface LikeStore {

  /** What became of a like. */
  enum Outcome {
    LIKED,
    NO_SUCH_POST,
    SIGNED_OUT
  }

  /** How many like a post, and whether the one reading does. */
  record Likes(long count, boolean byReader) {
    public static final Likes NONE = new Likes(0, false);
  }

  /**
   * Records that the user signed in by {@code liker} likes the post {@code postId}, checked in the
   * same atomic step as the write: that session still lives and the post exists. Idempotent: liking
   * twice leaves one like.
   */
  Outcome like(Session liker, String postId);

  /** Idempotent: unliking a post not liked changes nothing. */
  void unlike(String liker, String postId);

  /**
   * The likes of each of {@code postIds} (a page of posts), and whether {@code reader} (if given)
   * likes each, at least as recent as {@code likesVersion} when given: the version of all likes the
   * page's own read saw ({@link FeedReads.Followed#likesVersion}), else as recent as a read now.
   * Every id is in the answer.
   */
  Map<String, Likes> likesOf(
      List<String> postIds, Optional<String> reader, OptionalLong likesVersion);

  /**
   * The ids of the posts {@code username} likes, newest post first, strictly below {@code before}
   * if given. A post deleted since may still be among them: its reader skips it.
   */
  List<String> likedBy(String username, Optional<String> before, int limit);

  /**
   * Deletes up to {@code limit} of the likes {@code username} gave: a bounded step of deleting an
   * account, repeated until it returns 0. Idempotent.
   */
  int deleteLikesOf(String username, int limit);
}
