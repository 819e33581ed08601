package dev.flock.backend.storage.etcd;

import static dev.flock.backend.storage.etcd.Guards.unchanged;
import static dev.flock.backend.storage.etcd.RangeReads.countAll;
import static dev.flock.backend.storage.etcd.RangeReads.countOnly;
import static dev.flock.backend.storage.etcd.RangeReads.modRevision;

import dev.flock.backend.storage.FollowStore;
import dev.flock.backend.storage.StorageCall;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * {@link FollowStore} in etcd: each edge as two keys, one per direction, always written together
 * with the follower's follows-version key (see the package doc).
 */
@ApplicationScoped
@Typed(EtcdFollowStore.class)
@StorageCall
public class EtcdFollowStore implements FollowStore {

  private static final ByteSequence EDGE = ByteSequence.EMPTY;

  /** How far below the following cap a follow is written without a guard (see {@link #follow}). */
  private static final int UNGUARDED_MARGIN = 100;

  private KV kv;
  private EtcdCalls calls;
  private RangeReads ranges;

  protected EtcdFollowStore() {} // for CDI proxies

  @Inject
  public EtcdFollowStore(Client client, EtcdCalls calls) {
    this.kv = client.getKVClient();
    this.calls = calls;
    this.ranges = new RangeReads(kv, calls);
  }

  /**
   * One read (is the edge there, how many are followed, the follows-version key), then both edges
   * in one txn. Near the cap the txn is guarded by the follows-version key being unchanged: every
   * follow and unfollow of {@code follower} puts it, so the count read still holds when the write
   * lands, and a guard that fails (a concurrent change, or this very write applied by an attempt
   * whose answer was lost) reads again, until the deadline. Far below the cap the write is not
   * guarded, so a busy account's follows and unfollows do not retry one another: the count could
   * only pass the cap if more than {@value #UNGUARDED_MARGIN} follows of one account were in flight
   * at once.
   */
  @Override
  public boolean follow(String follower, String followee, int maxFollowing) {
    ByteSequence out = KeyLayout.following(follower, followee);
    ByteSequence in = KeyLayout.follower(followee, follower);
    ByteSequence version = KeyLayout.followsVersion(follower);
    KeyLayout.Range all = KeyLayout.followingOf(follower, Optional.empty());
    long deadline = calls.deadline("follow");
    while (true) {
      List<GetResponse> seen =
          calls
              .await(
                  "follow check",
                  () ->
                      kv.txn()
                          .Then(
                              Op.get(out, countOnly()),
                              Op.get(all.start(), countAll(all)),
                              Op.get(version, GetOption.DEFAULT))
                          .commit())
              .getGetResponses();
      long following = seen.get(1).getCount();
      if (seen.get(0).getCount() > 0) {
        return true;
      }
      if (following >= maxFollowing) {
        return false;
      }
      Cmp[] guard =
          following < (long) maxFollowing - UNGUARDED_MARGIN
              ? new Cmp[0]
              : new Cmp[] {unchanged(version, modRevision(seen.get(2)))};
      TxnResponse done =
          calls.await(
              "follow",
              () ->
                  kv.txn()
                      .If(guard)
                      .Then(
                          Op.put(out, EDGE, PutOption.DEFAULT),
                          Op.put(in, EDGE, PutOption.DEFAULT),
                          followsChanged(follower))
                      .commit());
      if (done.isSucceeded()) {
        return true;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw EtcdCalls.unavailable(
            "follow of " + followee + " by " + follower + " kept meeting concurrent changes", null);
      }
    }
  }

  @Override
  public void unfollow(String follower, String followee) {
    ByteSequence out = KeyLayout.following(follower, followee);
    ByteSequence in = KeyLayout.follower(followee, follower);
    calls.await(
        "unfollow",
        () ->
            kv.txn()
                .Then(
                    Op.delete(out, DeleteOption.DEFAULT),
                    Op.delete(in, DeleteOption.DEFAULT),
                    followsChanged(follower))
                .commit());
  }

  /** Every follow and unfollow puts this key again, so its mod revision changes with the list. */
  private static Op followsChanged(String follower) {
    return Op.put(KeyLayout.followsVersion(follower), EDGE, PutOption.DEFAULT);
  }

  @Override
  public boolean isFollowing(String follower, String followee) {
    ByteSequence key = KeyLayout.following(follower, followee);
    return calls.await("is following", () -> kv.get(key, countOnly())).getCount() > 0;
  }

  @Override
  public List<String> following(String username, Optional<String> after, int limit) {
    return ranges.names("following of " + username, KeyLayout.followingOf(username, after), limit);
  }

  @Override
  public List<String> followers(String username, Optional<String> after, int limit) {
    return ranges.names("followers of " + username, KeyLayout.followersOf(username, after), limit);
  }

  @Override
  public long followingCount(String username) {
    return ranges.count("following count", KeyLayout.followingOf(username, Optional.empty()));
  }

  @Override
  public long followerCount(String username) {
    return ranges.count("follower count", KeyLayout.followersOf(username, Optional.empty()));
  }
}
