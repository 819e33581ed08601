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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link FollowStore} in etcd: each edge as two keys, one per direction, always written together
 * with the follower's follows-version key and, when the followee's count enters another band, with
 * their key in the ranking of the most followed (see the package doc; {@link EtcdFollowReads} reads
 * it).
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
   * One read (is the edge there, how many are followed, the follows-version key; how many follow
   * {@code followee}, their followers-version key), then both edges in one txn, which also puts
   * both version keys and, when this follow takes {@code followee} into another band, moves them in
   * the ranking of the most followed ({@link #rankingMoves}). Near the cap the txn is guarded by
   * the follows-version key being unchanged: every follow and unfollow of {@code follower} puts it,
   * so the count read still holds when the write lands, and a guard that fails (a concurrent
   * change, or this very write applied by an attempt whose answer was lost) reads again, until the
   * deadline. Far below the cap the write is not guarded, so a busy account's follows and unfollows
   * do not retry one another: the count could only pass the cap if more than {@value
   * #UNGUARDED_MARGIN} follows of one account were in flight at once. A write that moves the
   * ranking is guarded the same way by the followers-version key, so the count it moves by is
   * exact; the few follows at a band's edge may retry, the others never.
   */
  @Override
  public boolean follow(String follower, String followee, int maxFollowing) {
    ByteSequence out = KeyLayout.following(follower, followee);
    ByteSequence in = KeyLayout.follower(followee, follower);
    ByteSequence version = KeyLayout.followsVersion(follower);
    ByteSequence fansVersion = KeyLayout.followersVersion(followee);
    KeyLayout.Range all = KeyLayout.followingOf(follower, Optional.empty());
    KeyLayout.Range fans = KeyLayout.followersOf(followee, Optional.empty());
    return calls.untilApplied(
        "follow of " + followee + " by " + follower,
        () -> {
          List<GetResponse> seen =
              calls
                  .await(
                      "follow check",
                      () ->
                          kv.txn()
                              .Then(
                                  Op.get(out, countOnly()),
                                  Op.get(all.start(), countAll(all)),
                                  Op.get(version, GetOption.DEFAULT),
                                  Op.get(fans.start(), countAll(fans)),
                                  Op.get(fansVersion, GetOption.DEFAULT))
                              .commit())
                  .getGetResponses();
          long following = seen.get(1).getCount();
          if (seen.get(0).getCount() > 0) {
            return Optional.of(true);
          }
          if (following >= maxFollowing) {
            return Optional.of(false);
          }
          long followers = seen.get(3).getCount();
          List<Op> moves = rankingMoves(followee, followers, followers + 1);
          List<Cmp> guard = new ArrayList<>();
          if (following >= (long) maxFollowing - UNGUARDED_MARGIN) {
            guard.add(unchanged(version, modRevision(seen.get(2))));
          }
          if (!moves.isEmpty()) {
            guard.add(unchanged(fansVersion, modRevision(seen.get(4))));
          }
          List<Op> writes = new ArrayList<>();
          writes.add(Op.put(out, EDGE, PutOption.DEFAULT));
          writes.add(Op.put(in, EDGE, PutOption.DEFAULT));
          writes.add(followsChanged(follower));
          writes.add(Op.put(fansVersion, EDGE, PutOption.DEFAULT));
          writes.addAll(moves);
          return applied(guard, writes, "follow", true);
        });
  }

  /**
   * One read (is the edge there, how many follow {@code followee}, their followers-version key),
   * then, if it is, both edges deleted in one txn that puts both version keys and, when this
   * unfollow takes {@code followee} into another band, moves them in the ranking, guarded as in
   * {@link #follow}. Unfollowing someone not followed writes nothing.
   */
  @Override
  public void unfollow(String follower, String followee) {
    ByteSequence out = KeyLayout.following(follower, followee);
    ByteSequence in = KeyLayout.follower(followee, follower);
    ByteSequence fansVersion = KeyLayout.followersVersion(followee);
    KeyLayout.Range fans = KeyLayout.followersOf(followee, Optional.empty());
    calls.untilApplied(
        "unfollow of " + followee + " by " + follower,
        () -> {
          List<GetResponse> seen =
              calls
                  .await(
                      "unfollow check",
                      () ->
                          kv.txn()
                              .Then(
                                  Op.get(out, countOnly()),
                                  Op.get(fans.start(), countAll(fans)),
                                  Op.get(fansVersion, GetOption.DEFAULT))
                              .commit())
                  .getGetResponses();
          if (seen.get(0).getCount() == 0) {
            return Optional.of(true);
          }
          long followers = seen.get(1).getCount();
          List<Op> moves = rankingMoves(followee, followers, followers - 1);
          List<Cmp> guard =
              moves.isEmpty()
                  ? List.of()
                  : List.of(unchanged(fansVersion, modRevision(seen.get(2))));
          List<Op> writes = new ArrayList<>();
          writes.add(Op.delete(out, DeleteOption.DEFAULT));
          writes.add(Op.delete(in, DeleteOption.DEFAULT));
          writes.add(followsChanged(follower));
          writes.add(Op.put(fansVersion, EDGE, PutOption.DEFAULT));
          writes.addAll(moves);
          return applied(guard, writes, "unfollow", true);
        });
  }

  /** {@code writes} in one txn if {@code guard} holds: then {@code answer}, else none. */
  private <T> Optional<T> applied(List<Cmp> guard, List<Op> writes, String what, T answer) {
    TxnResponse done =
        calls.await(
            what,
            () -> kv.txn().If(guard.toArray(Cmp[]::new)).Then(writes.toArray(Op[]::new)).commit());
    return done.isSucceeded() ? Optional.of(answer) : Optional.empty();
  }

  /**
   * What moves {@code username} in the ranking of the most followed when their follower count goes
   * from {@code before} to {@code after}: nothing within a band (most follows); at a band's edge, a
   * delete of their key in every other band and a put in the new one (none below 1 follower), so
   * that whatever came before leaves them in exactly one band. At most {@code TOP_BAND + 1}
   * operations, within etcd's 128 with the edge's own.
   */
  private static List<Op> rankingMoves(String username, long before, long after) {
    int band = FollowStore.band(after);
    if (band == FollowStore.band(before)) {
      return List.of();
    }
    List<Op> moves = new ArrayList<>();
    for (int other = 0; other <= FollowStore.TOP_BAND; other++) {
      if (other != band) {
        moves.add(Op.delete(KeyLayout.mostFollowed(other, username), DeleteOption.DEFAULT));
      }
    }
    if (band >= 0) {
      moves.add(Op.put(KeyLayout.mostFollowed(band, username), EDGE, PutOption.DEFAULT));
    }
    return moves;
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
