package dev.flock.backend.storage.etcd;

import static dev.flock.backend.storage.etcd.Guards.present;

import dev.flock.backend.storage.StorageUnavailableException;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Puts the posts an older Flock stored into the lists a post joins today: everyone's posts, its
 * tags', its mentions' and the replies of the post it answers, each with its {@link TimeIndex}
 * buckets. Without it those lists leave such posts out (their authors' pages still show them).
 *
 * <p>Once per cluster: a backend in etcd mode starts it in the background as it starts, unless the
 * cluster's marker key says it was done, and tries again every {@link #RETRY_AFTER} while the
 * cluster cannot do it. Each post's puts are guarded by its key, so a post deleted meanwhile leaves
 * no copy behind; putting a copy again changes nothing. The buckets count again what they counted
 * already (backends that start together may each run it), which keeps each count an upper bound, as
 * {@link TimeIndex} needs: a page then walks a little more, never misses a post.
 *
 * <p>Cost: it must not walk a range per batch to the end of every post (etcd walks all of a range
 * to count it), so it halves the range of the keys' next byte, then goes on to the byte after,
 * until a part holds at most {@link #BATCH} posts, and counts each part before reading it. A key is
 * walked about 8 times per byte of it that the posts share or fan out on beyond a batch: some 40
 * times for the million posts of 10,000 authors of WORKLOAD.md's shape XL. The writes are one
 * transaction per post, as posting it was, 8 at a time.
 */
@ApplicationScoped
@Typed(PostListsBackfill.class)
public class PostListsBackfill {

  /** The name of the marker key: a later change of the lists would need a backfill of its own. */
  static final String NAME = "post-lists-1";

  static final int BATCH = 1_000;
  private static final int IN_FLIGHT = 8;
  private static final ThreadFactory WRITERS =
      Thread.ofVirtual().name("flock-post-lists-backfill-", 0).factory();
  private static final Duration RETRY_AFTER = Duration.ofSeconds(30);
  private static final Logger LOG = Logger.getLogger(PostListsBackfill.class.getName());

  private KV kv;
  private EtcdCalls calls;
  private RangeReads ranges;
  private Thread running;

  protected PostListsBackfill() {} // for CDI proxies

  @Inject
  public PostListsBackfill(Client client, EtcdCalls calls) {
    this.kv = client.getKVClient();
    this.calls = calls;
    this.ranges = new RangeReads(kv, calls);
  }

  /** Runs {@link #runOnce} in the background until it succeeds or the application stops. */
  public synchronized void start() {
    if (running == null) {
      running = Thread.ofVirtual().name("flock-post-lists-backfill").start(this::untilDone);
    }
  }

  @PreDestroy
  synchronized void stop() {
    if (running != null) {
      running.interrupt();
    }
  }

  private void untilDone() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        OptionalLong posts = runOnce();
        LOG.info(
            () ->
                posts.isPresent()
                    ? "Post lists backfill: " + posts.getAsLong() + " posts put in their lists"
                    : "Post lists backfill: done on this cluster before");
        return;
      } catch (StorageUnavailableException e) {
        LOG.warning(() -> "Post lists backfill: " + e.getMessage() + "; trying again later");
        try {
          Thread.sleep(RETRY_AFTER);
        } catch (InterruptedException stopped) {
          return;
        }
      }
    }
  }

  /**
   * Puts every stored post in its lists unless the cluster's marker says it was done, then puts the
   * marker.
   *
   * @return how many posts it put in their lists; empty when it was done before
   */
  OptionalLong runOnce() {
    ByteSequence done = KeyLayout.backfillDone(NAME);
    if (calls.await("backfill marker", () -> kv.get(done, RangeReads.countOnly())).getCount() > 0) {
      return OptionalLong.empty();
    }
    long posts = putInLists(KeyLayout.allPostsPrefix(), 0, 255);
    ByteSequence when = ByteSequence.from(Instant.now().toString().getBytes());
    calls.await("backfill done", () -> kv.put(done, when, PutOption.DEFAULT));
    return OptionalLong.of(posts);
  }

  /**
   * Puts in their lists the posts whose keys continue {@code prefix} with a byte from {@code lo} to
   * {@code hi} (the first part also holds the key {@code prefix} itself): at once when they fit in
   * a batch, else each half of the bytes, or the keys of the one byte by the byte that follows it.
   */
  private long putInLists(byte[] prefix, int lo, int hi) {
    KeyLayout.Range part =
        new KeyLayout.Range(
            ByteSequence.from(lo == 0 ? prefix : followedBy(prefix, lo)),
            hi == 255
                ? KeyLayout.prefixEnd(prefix)
                : ByteSequence.from(followedBy(prefix, hi + 1)));
    long count = ranges.count("posts to backfill", part);
    if (count == 0) {
      return 0;
    }
    if (count <= BATCH) {
      return putInLists(read(part));
    }
    if (lo < hi) {
      int half = (lo + hi) >>> 1;
      return putInLists(prefix, lo, half) + putInLists(prefix, half + 1, hi);
    }
    byte[] longer = followedBy(prefix, lo);
    long put = 0;
    if (lo == 0) { // the key prefix itself, which the longer prefix's parts leave out
      put +=
          putInLists(
              read(new KeyLayout.Range(ByteSequence.from(prefix), ByteSequence.from(longer))));
    }
    return put + putInLists(longer, 0, 255);
  }

  private List<KeyValue> read(KeyLayout.Range part) {
    return calls
        .await("posts to backfill", () -> kv.get(part.start(), RangeReads.inKeyOrder(part, BATCH)))
        .getKvs();
  }

  private static byte[] followedBy(byte[] prefix, int next) {
    byte[] longer = Arrays.copyOf(prefix, prefix.length + 1);
    longer[prefix.length] = (byte) next;
    return longer;
  }

  /**
   * One transaction per post, guarded by its key, {@link #IN_FLIGHT} at a time: posts of one second
   * share its buckets, and a transaction may put a key only once (and would count it once).
   */
  private long putInLists(List<KeyValue> posts) {
    try (ExecutorService writers = Executors.newFixedThreadPool(IN_FLIGHT, WRITERS)) {
      List<Future<Boolean>> done = new ArrayList<>();
      for (KeyValue stored : posts) {
        done.add(writers.submit(() -> putInLists(stored)));
      }
      long put = 0;
      for (Future<Boolean> one : done) {
        put += one.get() ? 1 : 0;
      }
      return put;
    } catch (ExecutionException failed) {
      throw failed.getCause() instanceof RuntimeException cause
          ? cause
          : new IllegalStateException(failed.getCause());
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
      throw EtcdCalls.unavailable("post lists backfill stopped", stopped);
    }
  }

  /** False when the post was deleted meanwhile or cannot be read. */
  private boolean putInLists(KeyValue stored) {
    Op[] puts = putsOf(stored).toArray(Op[]::new);
    return puts.length > 0
        && calls
            .await("backfill post", () -> kv.txn().If(present(stored.getKey())).Then(puts).commit())
            .isSucceeded();
  }

  /** The puts of a stored post's lists; none when it cannot be read (it cannot be shown either). */
  private static List<Op> putsOf(KeyValue stored) {
    try {
      return EtcdPostStore.putsInLists(ValueFormat.post(stored.getValue()), stored.getValue());
    } catch (IllegalStateException unreadable) {
      LOG.log(Level.WARNING, "Post lists backfill: skipped an unreadable post", unreadable);
      return List.of();
    }
  }
}
