package dev.flock.backend.storage.etcd;

import static dev.flock.backend.storage.etcd.Guards.present;
import static dev.flock.backend.storage.etcd.Guards.signedIn;
import static dev.flock.backend.storage.etcd.RangeReads.countOnly;
import static dev.flock.backend.storage.etcd.RangeReads.keysInOrder;
import static dev.flock.backend.storage.etcd.RangeReads.modRevision;
import static dev.flock.backend.storage.etcd.RangeReads.names;

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
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@link LikeStore} in etcd: each like is two keys, one under its post (counted) and one under its
 * liker (listed, newest post first), written and deleted together in one transaction with the
 * likes-version key. The likes of a page come from the {@link LikesCache} where it knows them.
 */
@ApplicationScoped
@Typed(EtcdLikeStore.class)
@StorageCall
public class EtcdLikeStore implements LikeStore {

  private static final ByteSequence LIKE = ByteSequence.EMPTY;

  /** Posts whose likes one transaction reads: two operations each, within etcd's 128. */
  private static final int POSTS_PER_READ = 60;

  private static final Op BUMP_VERSION = Op.put(KeyLayout.likesVersion(), LIKE, PutOption.DEFAULT);

  private KV kv;
  private EtcdCalls calls;
  private RangeReads ranges;
  private LikesCache cache;

  protected EtcdLikeStore() {} // for CDI proxies

  @Inject
  public EtcdLikeStore(Client client, EtcdCalls calls) {
    this.kv = client.getKVClient();
    this.calls = calls;
    this.ranges = new RangeReads(kv, calls);
    this.cache = new LikesCache(client.getWatchClient());
  }

  @PreDestroy
  void stopWatching() {
    cache.close();
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
                        Op.put(KeyLayout.liked(liker.username(), postId), LIKE, PutOption.DEFAULT),
                        BUMP_VERSION)
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
                    Op.delete(KeyLayout.liked(liker, postId), DeleteOption.DEFAULT),
                    BUMP_VERSION)
                .commit());
  }

  /**
   * From the cache as of {@code likesVersion} (or the version read now), and the rest in one txn
   * per {@value #POSTS_PER_READ} posts: each post's likers, up to {@link LikesCache#MAX_LIKERS}
   * with the count of all, and the reader's own like key; what it finds is kept in the cache.
   */
  @Override
  public Map<String, Likes> likesOf(
      List<String> postIds, Optional<String> reader, OptionalLong likesVersion) {
    long version =
        likesVersion.isPresent()
            ? likesVersion.getAsLong()
            : modRevision(calls.await("likes version", () -> kv.get(KeyLayout.likesVersion())));
    Map<String, Likes> found = new HashMap<>(cache.known(postIds, reader, version));
    List<String> missing =
        postIds.stream().filter(id -> !found.containsKey(id)).distinct().toList();
    for (int from = 0; from < missing.size(); from += POSTS_PER_READ) {
      found.putAll(
          read(missing.subList(from, Math.min(missing.size(), from + POSTS_PER_READ)), reader));
    }
    Map<String, Likes> likes = new LinkedHashMap<>();
    postIds.forEach(id -> likes.put(id, found.get(id)));
    return likes;
  }

  private Map<String, Likes> read(List<String> postIds, Optional<String> reader) {
    List<Op> reads = new ArrayList<>();
    for (String id : postIds) {
      KeyLayout.Range all = KeyLayout.likesOf(id);
      reads.add(Op.get(all.start(), keysInOrder(all, LikesCache.MAX_LIKERS + 1)));
      reader.ifPresent(name -> reads.add(Op.get(KeyLayout.like(id, name), countOnly())));
    }
    TxnResponse done = calls.await("likes", () -> kv.txn().Then(reads.toArray(Op[]::new)).commit());
    List<GetResponse> answers = done.getGetResponses();
    int perPost = reader.isPresent() ? 2 : 1;
    Map<String, Likes> likes = new HashMap<>();
    Map<String, LikesCache.Loaded> loaded = new HashMap<>();
    for (int i = 0; i < postIds.size(); i++) {
      GetResponse likers = answers.get(i * perPost);
      long count = likers.getCount(); // all the range's keys, whatever the limit
      boolean byReader = reader.isPresent() && answers.get(i * perPost + 1).getCount() > 0;
      likes.put(postIds.get(i), new Likes(count, byReader));
      loaded.put(
          postIds.get(i),
          new LikesCache.Loaded(
              count,
              count <= LikesCache.MAX_LIKERS
                  ? Optional.of(Set.copyOf(names(likers)))
                  : Optional.empty()));
    }
    cache.loaded(loaded, done.getHeader().getRevision());
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
    List<Op> deletes = new ArrayList<>(List.of(BUMP_VERSION));
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
