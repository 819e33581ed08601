package dev.flock.backend.storage.etcd;

import static dev.flock.backend.storage.etcd.Guards.present;
import static dev.flock.backend.storage.etcd.Guards.signedIn;
import static dev.flock.backend.storage.etcd.RangeReads.countAll;
import static dev.flock.backend.storage.etcd.RangeReads.countOnly;

import dev.flock.backend.session.Session;
import dev.flock.backend.storage.LikeStore;
import dev.flock.backend.storage.StorageCall;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link LikeStore} in etcd: each like is two keys, one under its post (counted) and one under its
 * liker (listed, newest post first), written and deleted together in one transaction.
 */
@ApplicationScoped
@Typed(EtcdLikeStore.class)
@StorageCall
public class EtcdLikeStore implements LikeStore {

  private static final ByteSequence LIKE = ByteSequence.EMPTY;

  /** Posts whose likes one transaction reads: two operations each, within etcd's 128. */
  private static final int POSTS_PER_READ = 60;

  private KV kv;
  private EtcdCalls calls;
  private RangeReads ranges;

  protected EtcdLikeStore() {} // for CDI proxies

  @Inject
  public EtcdLikeStore(Client client, EtcdCalls calls) {
    this.kv = client.getKVClient();
    this.calls = calls;
    this.ranges = new RangeReads(kv, calls);
  }

  /** One txn: both keys if the session lives and the post exists; else which one failed. */
  @Override
  public Outcome like(Session liker, String postId) {
    ByteSequence post = KeyLayout.everyonesPost(postId);
    TxnResponse done =
        calls.await(
            "like",
            () ->
                kv.txn()
                    .If(signedIn(liker), present(post))
                    .Then(
                        Op.put(KeyLayout.like(postId, liker.username()), LIKE, PutOption.DEFAULT),
                        Op.put(KeyLayout.liked(liker.username(), postId), LIKE, PutOption.DEFAULT))
                    .Else(Op.get(post, countOnly()))
                    .commit());
    if (done.isSucceeded()) {
      return Outcome.LIKED;
    }
    return done.getGetResponses().get(0).getCount() == 0
        ? Outcome.NO_SUCH_POST
        : Outcome.SIGNED_OUT;
  }

  @Override
  public void unlike(String liker, String postId) {
    calls.await(
        "unlike",
        () ->
            kv.txn()
                .Then(
                    Op.delete(KeyLayout.like(postId, liker), DeleteOption.DEFAULT),
                    Op.delete(KeyLayout.liked(liker, postId), DeleteOption.DEFAULT))
                .commit());
  }

  /**
   * Per post a count-only range of its likes (etcd counts them in its index and sends a number) and
   * the reader's own like key: one txn for a page of posts.
   */
  @Override
  public Map<String, Likes> likesOf(List<String> postIds, Optional<String> reader) {
    Map<String, Likes> likes = new LinkedHashMap<>();
    for (int from = 0; from < postIds.size(); from += POSTS_PER_READ) {
      List<String> slice = postIds.subList(from, Math.min(postIds.size(), from + POSTS_PER_READ));
      List<Op> reads = new ArrayList<>();
      for (String id : slice) {
        KeyLayout.Range all = KeyLayout.likesOf(id);
        reads.add(Op.get(all.start(), countAll(all)));
        reader.ifPresent(name -> reads.add(Op.get(KeyLayout.like(id, name), countOnly())));
      }
      List<GetResponse> found =
          calls
              .await("likes", () -> kv.txn().Then(reads.toArray(Op[]::new)).commit())
              .getGetResponses();
      int perPost = reader.isPresent() ? 2 : 1;
      for (int i = 0; i < slice.size(); i++) {
        boolean byReader = reader.isPresent() && found.get(i * perPost + 1).getCount() > 0;
        likes.put(slice.get(i), new Likes(found.get(i * perPost).getCount(), byReader));
      }
    }
    return likes;
  }

  @Override
  public List<String> likedBy(String username, Optional<String> before, int limit) {
    return ranges.names("liked by " + username, KeyLayout.likedBy(username, before), limit).stream()
        .map(KeyLayout::newestFirst) // the complement is its own inverse
        .toList();
  }

  /** Reads up to {@code limit} of the liker's keys, then deletes both keys of each in one txn. */
  @Override
  public int deleteLikesOf(String username, int limit) {
    KeyLayout.Range all = KeyLayout.likedBy(username, Optional.empty());
    List<KeyValue> batch =
        calls
            .await(
                "likes to delete of " + username,
                () -> kv.get(all.start(), RangeReads.keysInOrder(all, limit)))
            .getKvs();
    if (batch.isEmpty()) {
      return 0;
    }
    List<Op> deletes = new ArrayList<>();
    for (KeyValue liked : batch) {
      String postId = KeyLayout.postId(liked.getKey());
      deletes.add(Op.delete(liked.getKey(), DeleteOption.DEFAULT));
      deletes.add(Op.delete(KeyLayout.like(postId, username), DeleteOption.DEFAULT));
    }
    calls.await(
        "delete likes of " + username, () -> kv.txn().Then(deletes.toArray(Op[]::new)).commit());
    return batch.size();
  }
}
