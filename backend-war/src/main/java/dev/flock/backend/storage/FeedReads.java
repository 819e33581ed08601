package dev.flock.backend.storage;

import dev.flock.backend.post.Post;
import dev.flock.backend.session.Session;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.IntUnaryOperator;

/**
 * What a home feed page reads: whom its signed-in reader follows and those authors' newest posts,
 * many authors at once (see {@code dev.flock.backend.feed} for how a page uses them).
 */
public interface FeedReads {

  /**
   * Whom a reader follows, in name order, as of one version of that list: a later read can check in
   * its own atomic step that the list is still this one (etcd: the mod revision of the reader's
   * follows-version key).
   */
  record FollowsAsOf(long version, List<String> authors) {

    public FollowsAsOf {
      authors = List.copyOf(authors);
    }
  }

  /**
   * Whom a reader follows, in name order, and each one's newest posts, in the same order; {@code
   * asOf}, when present, is worth passing to the reader's next {@link #followedWhileSignedIn}, and
   * {@code likesVersion}, when present, to {@link LikeStore#likesOf} for these posts.
   */
  record Followed(
      List<String> authors,
      List<List<Post>> timelines,
      Optional<FollowsAsOf> asOf,
      OptionalLong likesVersion) {}

  /**
   * {@link FollowStore#following} of the user signed in by {@code reader}, read in one atomic step
   * with a check that this session still lives; empty once it has ended.
   */
  Optional<List<String>> followingWhileSignedIn(Session reader, Optional<String> after, int limit);

  /**
   * Everyone the user signed in by {@code reader} follows, each with their {@code
   * share.applyAsInt(number followed)} newest posts with ids below {@code before} if given: the
   * first read of a home feed page. Empty once that session has ended, checked in the same atomic
   * step as the read of whom the reader follows.
   *
   * <p>{@code known} is what an earlier answer for this reader gave as {@link Followed#asOf}. A
   * store may read the posts of those authors in the same step that checks the list is still that
   * version (etcd: one round trip), and never trusts it otherwise: follows changed since, through
   * any backend instance, show in the answer.
   */
  Optional<Followed> followedWhileSignedIn(
      Session reader, Optional<String> before, IntUnaryOperator share, Optional<FollowsAsOf> known);

  /**
   * {@link PostStore#postsBy} for each of {@code authors}, in their order, read together (etcd: one
   * round trip for many authors instead of one each).
   */
  List<List<Post>> postsByEach(List<String> authors, Optional<String> before, int limit);
}
