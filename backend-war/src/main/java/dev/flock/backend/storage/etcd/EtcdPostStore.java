package dev.flock.backend.storage.etcd;

import static dev.flock.backend.storage.etcd.Guards.absent;
import static dev.flock.backend.storage.etcd.Guards.present;
import static dev.flock.backend.storage.etcd.Guards.signedIn;
import static dev.flock.backend.storage.etcd.RangeReads.countOnly;
import static dev.flock.backend.storage.etcd.RangeReads.inKeyOrder;

import dev.flock.backend.post.Post;
import dev.flock.backend.post.PostIds;
import dev.flock.backend.session.Session;
import dev.flock.backend.storage.PostStore;
import dev.flock.backend.storage.StorageCall;
import dev.flock.core.PostText;
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

  /** etcd's default {@code --max-txn-ops}. */
  private static final int MAX_TXN_OPS = 128;

  private KV kv;
  private EtcdCalls calls;
  private RangeReads ranges;
  private TimeIndex timeIndex;

  protected EtcdPostStore() {} // for CDI proxies

  @Inject
  public EtcdPostStore(Client client, EtcdCalls calls) {
    this.kv = client.getKVClient();
    this.calls = calls;
    this.ranges = new RangeReads(kv, calls);
    this.timeIndex = new TimeIndex(kv, calls);
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
                    .Then(puts(post, value))
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
                    .Then(puts(reply, value))
                    .Else(Op.get(key, countOnly()), Op.get(parentKey, countOnly()))
                    .commit());
    if (done.isSucceeded() || done.getGetResponses().get(0).getCount() > 0) {
      return ReplyOutcome.SAVED;
    }
    return done.getGetResponses().get(1).getCount() == 0
        ? ReplyOutcome.NO_SUCH_POST
        : ReplyOutcome.SIGNED_OUT;
  }

  /**
   * The post's key, every copy of it (its lists but its author's) and their {@link TimeIndex}
   * buckets, in one transaction: at most 23 keys and 66 buckets.
   */
  private static Op[] puts(Post post, ByteSequence value) {
    List<Op> puts = new ArrayList<>();
    puts.add(Op.put(KeyLayout.post(post.author(), post.id()), value, PutOption.DEFAULT));
    puts.addAll(putsInLists(post, value));
    return puts.toArray(Op[]::new);
  }

  /** The puts of a post's copies and their {@link TimeIndex} buckets: up to 88. */
  static List<Op> putsInLists(Post post, ByteSequence value) {
    List<Op> puts = new ArrayList<>();
    long publishedAt = PostIds.epochMilliOf(post.id());
    for (KeyLayout.PostList list : listsOf(post)) {
      puts.add(Op.put(list.keyOf(post.id()), value, PutOption.DEFAULT));
      puts.addAll(TimeIndex.puts(list, publishedAt));
    }
    return puts;
  }

  /** The keys of a post's copies, in {@link #listsOf} it. */
  private static List<ByteSequence> copies(Post post) {
    return listsOf(post).stream().map(list -> list.keyOf(post.id())).toList();
  }

  /**
   * The lists a post is copied into: everyone's posts, the replies of the post it answers, the
   * mentions of each user it names and the posts of each of its hashtags (at most {@value
   * PostText#MAX_LINKS} of each, so at most 22 lists).
   */
  private static List<KeyLayout.PostList> listsOf(Post post) {
    List<KeyLayout.PostList> lists = new ArrayList<>();
    lists.add(KeyLayout.everyonesPosts(Optional.empty()));
    post.replyTo().ifPresent(to -> lists.add(KeyLayout.repliesTo(to.postId(), Optional.empty())));
    PostText.mentions(post.text())
        .forEach(name -> lists.add(KeyLayout.mentionsOf(name, Optional.empty())));
    PostText.tags(post.text())
        .forEach(tag -> lists.add(KeyLayout.taggedWith(tag, Optional.empty())));
    return lists;
  }

  @Override
  public List<Post> mentionsOf(String username, Optional<String> before, int limit) {
    return timeIndex.page("mentions of " + username, KeyLayout.mentionsOf(username, before), limit);
  }

  @Override
  public List<Post> taggedWith(String tag, Optional<String> before, int limit) {
    return timeIndex.page("posts tagged " + tag, KeyLayout.taggedWith(tag, before), limit);
  }

  @Override
  public void forgetMentionsOf(String username) {
    KeyLayout.Range all = KeyLayout.allMentionsOf(username);
    KeyLayout.Range index = KeyLayout.mentionsOf(username, Optional.empty()).index();
    calls.await(
        "forget mentions of " + username,
        () ->
            kv.txn()
                .Then(
                    Op.delete(all.start(), DeleteOption.builder().withRange(all.end()).build()),
                    Op.delete(index.start(), DeleteOption.builder().withRange(index.end()).build()))
                .commit());
  }

  @Override
  public List<Post> repliesTo(String postId, Optional<String> after, int limit) {
    return timeIndex.page("replies to " + postId, KeyLayout.repliesTo(postId, after), limit);
  }

  @Override
  public List<Post> postsBy(String author, Optional<String> before, int limit) {
    return ranges.posts("posts by " + author, KeyLayout.postsOf(author, before), limit);
  }

  @Override
  public List<Post> everyonesPosts(Optional<String> before, int limit) {
    return timeIndex.page("everyone's posts", KeyLayout.everyonesPosts(before), limit);
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
   * Reads up to {@code limit} posts, then deletes, in one transaction, as many of them as etcd's
   * {@value #MAX_TXN_OPS} operations hold with all their copies: the range from the first to just
   * after the last, and each one's copies.
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
    List<Op> copies = new ArrayList<>();
    int deleted = 0;
    for (KeyValue stored : batch) {
      List<ByteSequence> keys = copies(ValueFormat.post(stored.getValue()));
      if (deleted > 0 && 1 + copies.size() + keys.size() > MAX_TXN_OPS) {
        break; // the next step deletes the rest
      }
      keys.forEach(key -> copies.add(Op.delete(key, DeleteOption.DEFAULT)));
      deleted++;
    }
    ByteSequence end = KeyLayout.justAfter(batch.get(deleted - 1).getKey());
    List<Op> deletes = new ArrayList<>();
    deletes.add(Op.delete(all.start(), DeleteOption.builder().withRange(end).build()));
    deletes.addAll(copies);
    calls.await(
        "delete posts of " + author, () -> kv.txn().Then(deletes.toArray(Op[]::new)).commit());
    return deleted;
  }

  @Override
  public long postCount(String author) {
    return ranges.count("post count", KeyLayout.postsOf(author, Optional.empty()));
  }
}
