package dev.flock.backend.storage.etcd;

import static dev.flock.backend.storage.etcd.Guards.isSession;
import static dev.flock.backend.storage.etcd.Guards.signedIn;
import static dev.flock.backend.storage.etcd.Guards.unchanged;
import static dev.flock.backend.storage.etcd.RangeReads.keysInOrder;
import static dev.flock.backend.storage.etcd.RangeReads.modRevision;
import static dev.flock.backend.storage.etcd.RangeReads.names;
import static dev.flock.backend.storage.etcd.RangeReads.newestFirst;

import dev.flock.backend.post.Post;
import dev.flock.backend.session.Session;
import dev.flock.backend.storage.FeedReads;
import dev.flock.backend.storage.StorageCall;
import dev.flock.core.Limits;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.IntUnaryOperator;

/**
 * {@link FeedReads} in etcd: read-only transactions, which etcd serves like one linearizable read
 * (no Raft proposal), so the session check and the read of many authors cost one round trip.
 */
@ApplicationScoped
@Typed(EtcdFeedReads.class)
@StorageCall
public class EtcdFeedReads implements FeedReads {

  /** Etcd's default limit of operations in one transaction ({@code --max-txn-ops}). */
  private static final int MAX_TXN_OPS = 128;

  /**
   * Posts one read may return: each is at most ~1 KiB (280 characters of up to 3 bytes in UTF-8,
   * its key and fields), so an answer stays under 3 MiB, below the 4 MiB a gRPC client accepts.
   */
  private static final int MAX_POSTS_PER_READ =
      3 * 1024 * 1024 / (3 * Limits.POST_MAX_LENGTH + 200);

  /** Follows past the first transaction's are read in slices of this many names (~50 KiB). */
  private static final int FOLLOWING_SLICE = 500;

  private KV kv;
  private EtcdCalls calls;

  protected EtcdFeedReads() {} // for CDI proxies

  @Inject
  public EtcdFeedReads(Client client, EtcdCalls calls) {
    this.kv = client.getKVClient();
    this.calls = calls;
  }

  @Override
  public Optional<List<String>> followingWhileSignedIn(
      Session reader, Optional<String> after, int limit) {
    return followingOf(reader, after, limit);
  }

  /**
   * One transaction when {@code known} is given: {@code If(reader signed in, follows-version
   * unchanged) Then(the posts of each, the likes-version key)}. Otherwise, or when the compare
   * fails, the transaction's other branch (or a first one) reads the reader's session, the
   * follows-version key and the names, and a second reads the posts: two round trips. Follows that
   * do not fit in one transaction come with no {@code asOf}: their names are read in slices after
   * the first read, then their posts.
   */
  @Override
  public Optional<Followed> followedWhileSignedIn(
      Session reader,
      Optional<String> before,
      IntUnaryOperator share,
      Optional<FollowsAsOf> known) {
    String username = reader.username();
    ByteSequence version = KeyLayout.followsVersion(username);
    KeyLayout.Range follows = KeyLayout.followingOf(username, Optional.empty());
    Op readVersion = Op.get(version, GetOption.DEFAULT);
    Op readNames = Op.get(follows.start(), keysInOrder(follows, MAX_TXN_OPS + 1));
    List<GetResponse> fresh;
    if (known.isPresent()) {
      List<String> authors = known.get().authors();
      List<KeyLayout.Range> ranges = postRanges(authors, before);
      Op[] posts = postReads(ranges, share.applyAsInt(authors.size()));
      Op[] reads = Arrays.copyOf(posts, posts.length + 1);
      reads[posts.length] = Op.get(KeyLayout.likesVersion(), GetOption.DEFAULT);
      TxnResponse read =
          calls.await(
              "home feed of " + username,
              () ->
                  kv.txn()
                      .If(signedIn(reader), unchanged(version, known.get().version()))
                      .Then(reads)
                      .Else(
                          Op.get(KeyLayout.session(reader.tokenHash()), GetOption.DEFAULT),
                          readVersion,
                          readNames)
                      .commit());
      if (read.isSucceeded()) {
        List<GetResponse> found = read.getGetResponses();
        return Optional.of(
            new Followed(
                authors,
                postsOf(ranges, found.subList(0, posts.length)),
                known,
                OptionalLong.of(modRevision(found.get(posts.length)))));
      }
      List<GetResponse> found = read.getGetResponses();
      if (!isSession(reader, found.get(0))) {
        return Optional.empty();
      }
      fresh = found.subList(1, 3);
    } else {
      TxnResponse read =
          calls.await(
              "following of " + username,
              () -> kv.txn().If(signedIn(reader)).Then(readVersion, readNames).commit());
      if (!read.isSucceeded()) {
        return Optional.empty();
      }
      fresh = read.getGetResponses();
    }
    List<String> authors = names(fresh.get(1));
    Optional<FollowsAsOf> asOf = Optional.empty();
    if (authors.size() < MAX_TXN_OPS) { // with one operation left for the likes version
      asOf = Optional.of(new FollowsAsOf(modRevision(fresh.get(0)), authors));
    } else {
      Optional<List<String>> all = withTheRestOf(reader, authors);
      if (all.isEmpty()) {
        return Optional.empty();
      }
      authors = all.get();
    }
    return Optional.of(
        new Followed(
            authors,
            postsOfEach(authors, before, share.applyAsInt(authors.size())),
            asOf,
            OptionalLong.empty()));
  }

  /**
   * All authors' ranges in read-only transactions of at most {@value #MAX_TXN_OPS} ranges and
   * {@link #MAX_POSTS_PER_READ} posts: a feed page costs one round trip however many people the
   * reader follows, instead of one per author.
   */
  @Override
  public List<List<Post>> postsByEach(List<String> authors, Optional<String> before, int limit) {
    return postsOfEach(authors, before, limit);
  }

  private Optional<List<String>> followingOf(Session reader, Optional<String> after, int limit) {
    KeyLayout.Range range = KeyLayout.followingOf(reader.username(), after);
    Op[] read =
        limit <= 0 || range.isEmpty() // etcd reads a limit of 0 as "no limit"
            ? new Op[0]
            : new Op[] {Op.get(range.start(), keysInOrder(range, limit))};
    TxnResponse found =
        calls.await(
            "following of " + reader.username(),
            () -> kv.txn().If(signedIn(reader)).Then(read).commit());
    if (!found.isSucceeded()) {
      return Optional.empty();
    }
    return Optional.of(read.length == 0 ? List.of() : names(found.getGetResponses().get(0)));
  }

  /**
   * {@code first}, the first names the reader follows, and all the names after them, read in slices
   * with the session check; empty if the reader signed out meanwhile.
   */
  private Optional<List<String>> withTheRestOf(Session reader, List<String> first) {
    List<String> all = new ArrayList<>(first);
    List<String> slice;
    do {
      Optional<List<String>> next =
          followingOf(reader, Optional.of(all.get(all.size() - 1)), FOLLOWING_SLICE);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      slice = next.get();
      all.addAll(slice);
    } while (slice.size() == FOLLOWING_SLICE);
    return Optional.of(all);
  }

  private List<List<Post>> postsOfEach(List<String> authors, Optional<String> before, int limit) {
    if (limit <= 0) {
      return authors.stream().map(author -> List.<Post>of()).toList(); // etcd: 0 = "no limit"
    }
    int perRead = Math.max(1, Math.min(MAX_TXN_OPS, MAX_POSTS_PER_READ / limit));
    List<List<Post>> all = new ArrayList<>(authors.size());
    for (int from = 0; from < authors.size(); from += perRead) {
      List<String> batch = authors.subList(from, Math.min(authors.size(), from + perRead));
      all.addAll(postsInOneRead(batch, before, limit));
    }
    return all;
  }

  private List<List<Post>> postsInOneRead(
      List<String> authors, Optional<String> before, int limit) {
    List<KeyLayout.Range> ranges = postRanges(authors, before);
    Op[] reads = postReads(ranges, limit);
    List<GetResponse> found =
        reads.length == 0
            ? List.of()
            : calls
                .await("posts of " + reads.length + " authors", () -> kv.txn().Then(reads).commit())
                .getGetResponses();
    return postsOf(ranges, found);
  }

  /** Each author's range of posts with ids below {@code before}. */
  private static List<KeyLayout.Range> postRanges(List<String> authors, Optional<String> before) {
    return authors.stream().map(author -> KeyLayout.postsOf(author, before)).toList();
  }

  /** One newest-first read for each range that may hold posts (none when limit is 0). */
  private static Op[] postReads(List<KeyLayout.Range> ranges, int limit) {
    if (limit <= 0) {
      return new Op[0]; // etcd reads a limit of 0 as "no limit"
    }
    return ranges.stream()
        .filter(range -> !range.isEmpty())
        .map(range -> Op.get(range.start(), newestFirst(range, limit)))
        .toArray(Op[]::new);
  }

  /** The posts of each range, from {@code found}, the answers to {@link #postReads}. */
  private static List<List<Post>> postsOf(List<KeyLayout.Range> ranges, List<GetResponse> found) {
    List<List<Post>> posts = new ArrayList<>(ranges.size());
    int next = 0;
    for (KeyLayout.Range range : ranges) {
      boolean read = !range.isEmpty() && next < found.size();
      posts.add(read ? RangeReads.posts(found.get(next++)) : List.of());
    }
    return posts;
  }
}
