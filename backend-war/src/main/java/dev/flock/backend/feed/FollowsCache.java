package dev.flock.backend.feed;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.flock.backend.session.Session;
import dev.flock.backend.storage.FeedReads;
import dev.flock.backend.storage.FeedReads.Followed;
import dev.flock.backend.storage.FeedReads.FollowsAsOf;
import java.util.Optional;
import java.util.function.IntUnaryOperator;

/**
 * Whom recent readers follow, each as of a version of their list, so that the next page of their
 * home feed reads the posts of those authors in the same step that checks the list is still that
 * version: one round trip on etcd while their follows do not change. Nothing here is trusted: a
 * stale entry fails that check, and the read brings back the current list instead, so follows
 * changed through any backend instance show on the next page.
 */
public final class FollowsCache {

  /** Readers kept at most; one evicted pays one more round trip on their next page. */
  static final int MAX_READERS = 4096;

  private final Cache<String, FollowsAsOf> byReader =
      CacheBuilder.newBuilder().maximumSize(MAX_READERS).build();

  private final FeedReads reads;

  public FollowsCache(FeedReads reads) {
    this.reads = reads;
  }

  /** {@link FeedReads#followedWhileSignedIn}, with what the reader's last page learnt. */
  public Optional<Followed> followedWhileSignedIn(
      Session reader, Optional<String> before, IntUnaryOperator share) {
    String username = reader.username();
    Optional<Followed> followed =
        reads.followedWhileSignedIn(
            reader, before, share, Optional.ofNullable(byReader.getIfPresent(username)));
    followed
        .flatMap(Followed::asOf)
        .ifPresentOrElse(asOf -> byReader.put(username, asOf), () -> byReader.invalidate(username));
    return followed;
  }
}
