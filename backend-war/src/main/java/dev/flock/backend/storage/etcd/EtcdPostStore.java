package dev.flock.backend.storage.etcd;

import static dev.flock.backend.storage.etcd.Guards.absent;
import static dev.flock.backend.storage.etcd.Guards.present;
import static dev.flock.backend.storage.etcd.Guards.signedIn;
import static dev.flock.backend.storage.etcd.RangeReads.countOnly;
import static dev.flock.backend.storage.etcd.RangeReads.inKeyOrder;

import dev.flock.backend.post.Post;
import dev.flock.backend.session.Session;
import dev.flock.backend.storage.PostStore;
import dev.flock.backend.storage.StorageCall;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
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
 * {@link PostStore} in etcd: one key per post, in newest-first key order per author, and a copy of
 * it among everyone's posts (written and deleted in the same transaction), so that a page of either
 * is one range read of its own length.
 */
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
                    .Then(
                        Op.put(key, value, PutOption.DEFAULT),
                        Op.put(KeyLayout.everyonesPost(post.id()), value, PutOption.DEFAULT))
                    .Else(Op.get(key, countOnly()))
                    .commit());
    return done.isSucceeded() || done.getGetResponses().get(0).getCount() > 0;
  }

  /**
   * As {@link #savePost}, also guarded by the answered post's key among everyone's posts, and
   * putting the reply's copy under that post's replies.
   */
  @Override
  public ReplyOutcome saveReply(Post reply, Session author) {
    String parent = reply.replyTo().orElseThrow().postId();
    ByteSequence key = KeyLayout.post(reply.author(), reply.id());
    ByteSequence parentKey = KeyLayout.everyonesPost(parent);
    ByteSequence value = ValueFormat.post(reply);
    TxnResponse done =
        calls.await(
            "save reply",
            () ->
                kv.txn()
                    .If(absent(key), signedIn(author), present(parentKey))
                    .Then(
                        Op.put(key, value, PutOption.DEFAULT),
                        Op.put(KeyLayout.everyonesPost(reply.id()), value, PutOption.DEFAULT),
                        Op.put(KeyLayout.reply(parent, reply.id()), value, PutOption.DEFAULT))
                    .Else(Op.get(key, countOnly()), Op.get(parentKey, countOnly()))
                    .commit());
    if (done.isSucceeded() || done.getGetResponses().get(0).getCount() > 0) {
      return ReplyOutcome.SAVED;
    }
    return done.getGetResponses().get(1).getCount() == 0
        ? ReplyOutcome.NO_SUCH_POST
        : ReplyOutcome.SIGNED_OUT;
  }

  @Override
  public List<Post> repliesTo(String postId, Optional<String> after, int limit) {
    return ranges.posts("replies to " + postId, KeyLayout.repliesTo(postId, after), limit);
  }

  @Override
  public List<Post> postsBy(String author, Optional<String> before, int limit) {
    return ranges.posts("posts by " + author, KeyLayout.postsOf(author, before), limit);
  }

  @Override
  public List<Post> everyonesPosts(Optional<String> before, int limit) {
    return ranges.posts("everyone's posts", KeyLayout.everyonesPosts(before), limit);
  }

  @Override
  public List<Post> postsById(List<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    Op[] gets =
        ids.stream()
            .map(id -> Op.get(KeyLayout.everyonesPost(id), GetOption.DEFAULT))
            .toArray(Op[]::new);
    return calls.await("posts by id", () -> kv.txn().Then(gets).commit()).getGetResponses().stream()
        .flatMap(found -> RangeReads.posts(found).stream())
        .toList();
  }

  /**
   * Reads up to {@code limit} posts, then deletes, in one transaction, from the first to just after
   * the last, each one's copy among everyone's posts and, for a reply, among the replies.
   */
  @Override
  public int deletePostsOf(String author, int limit) {
    KeyLayout.Range all = KeyLayout.postsOf(author, Optional.empty());
    List<KeyValue> batch =
        calls
            .await(
                "posts to delete of " + author, () -> kv.get(all.start(), inKeyOrder(all, limit)))
            .getKvs();
    if (batch.isEmpty()) {
      return 0;
    }
    ByteSequence end = KeyLayout.justAfter(batch.get(batch.size() - 1).getKey());
    List<Op> deletes = new ArrayList<>();
    deletes.add(Op.delete(all.start(), DeleteOption.builder().withRange(end).build()));
    for (KeyValue stored : batch) {
      Post post = ValueFormat.post(stored.getValue());
      deletes.add(Op.delete(KeyLayout.everyonesPost(post.id()), DeleteOption.DEFAULT));
      post.replyTo()
          .ifPresent(
              to ->
                  deletes.add(
                      Op.delete(KeyLayout.reply(to.postId(), post.id()), DeleteOption.DEFAULT)));
    }
    calls.await(
        "delete posts of " + author, () -> kv.txn().Then(deletes.toArray(Op[]::new)).commit());
    return batch.size();
  }

  @Override
  public long postCount(String author) {
    return ranges.count("post count", KeyLayout.postsOf(author, Optional.empty()));
  }
}
