package dev.flock.backend.storage.etcd;

import static dev.flock.backend.storage.etcd.Guards.absent;
import static dev.flock.backend.storage.etcd.Guards.signedIn;
import static dev.flock.backend.storage.etcd.RangeReads.countOnly;
import static dev.flock.backend.storage.etcd.RangeReads.newestFirst;

import dev.flock.backend.post.Post;
import dev.flock.backend.session.Session;
import dev.flock.backend.storage.PostStore;
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
import java.util.List;
import java.util.Optional;

/** {@link PostStore} in etcd: one key per post, in newest-first key order per author. */
@ApplicationScoped
@Typed(EtcdPostStore.class)
@StorageCall
public class EtcdPostStore implements PostStore {

  private KV kv;
  private EtcdCalls calls;
  private RangeReads ranges;

  protected EtcdPostStore() {} // for CDI proxies

  @Inject
  public EtcdPostStore(Client client, EtcdCalls calls) {
    this.kv = client.getKVClient();
    this.calls = calls;
    this.ranges = new RangeReads(kv, calls);
  }

  @Override
  public boolean savePost(Post post, Session author) {
    ByteSequence key = KeyLayout.post(post.author(), post.id());
    ByteSequence value = ValueFormat.post(post);
    // Put only if the id was never stored, so a retry of an applied attempt changes nothing and
    // finds the post in the else branch.
    TxnResponse done =
        calls.await(
            "save post",
            () ->
                kv.txn()
                    .If(absent(key), signedIn(author))
                    .Then(Op.put(key, value, PutOption.DEFAULT))
                    .Else(Op.get(key, countOnly()))
                    .commit());
    return done.isSucceeded() || done.getGetResponses().get(0).getCount() > 0;
  }

  @Override
  public List<Post> postsBy(String author, Optional<String> before, int limit) {
    KeyLayout.Range range = KeyLayout.postsOf(author, before);
    if (limit <= 0 || range.isEmpty()) {
      return List.of();
    }
    GetResponse found =
        calls.await("posts by " + author, () -> kv.get(range.start(), newestFirst(range, limit)));
    return RangeReads.posts(found);
  }

  /** Reads up to {@code limit} keys, then deletes from the first to just after the last. */
  @Override
  public int deletePostsOf(String author, int limit) {
    KeyLayout.Range all = KeyLayout.postsOf(author, Optional.empty());
    List<KeyValue> batch =
        calls
            .await(
                "posts to delete of " + author,
                () -> kv.get(all.start(), RangeReads.keysInOrder(all, limit)))
            .getKvs();
    if (batch.isEmpty()) {
      return 0;
    }
    ByteSequence end = KeyLayout.justAfter(batch.get(batch.size() - 1).getKey());
    calls.await(
        "delete posts of " + author,
        () -> kv.delete(all.start(), DeleteOption.builder().withRange(end).build()));
    return batch.size();
  }

  @Override
  public long postCount(String author) {
    return ranges.count("post count", KeyLayout.postsOf(author, Optional.empty()));
  }
}
