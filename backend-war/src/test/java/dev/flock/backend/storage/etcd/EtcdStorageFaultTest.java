package dev.flock.backend.storage.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flock.backend.ManualClock;
import dev.flock.backend.account.Account;
import dev.flock.backend.post.Post;
import dev.flock.backend.session.Session;
import dev.flock.backend.storage.SignedInAuthors;
import dev.flock.backend.storage.StorageReadiness;
import dev.flock.backend.storage.StorageStatus;
import dev.flock.backend.storage.StorageUnavailableException;
import dev.flock.backend.storage.Stores;
import dev.flock.grpc.telemetry.LastMinute;
import dev.flock.grpc.telemetry.RpcTelemetry;
import dev.flock.raft.EtcdCluster;
import dev.flock.raft.EtcdClusterExtension;
import io.grpc.ClientInterceptor;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The etcd storage while members die: a leader, a quorum, the whole cluster. Every call either
 * returns a true answer or throws {@link StorageUnavailableException} within its deadline.
 */
class EtcdStorageFaultTest {

  private static final ClientInterceptor NO_TELEMETRY =
      RpcTelemetry.client(OpenTelemetry.noop(), new LastMinute());

  private static final int ANY_NUMBER = Integer.MAX_VALUE;

  @RegisterExtension static EtcdClusterExtension etcd = EtcdClusterExtension.withMembers(3);

  private static final Duration TIMEOUT = Duration.ofMillis(2000);

  /** Scheduling slack on a busy 2-core machine on top of the storage deadline. */
  private static final Duration MARGIN = Duration.ofMillis(700);

  private final ManualClock clock = ManualClock.startingNow();
  private final String scope =
      "f" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "_";
  private EtcdStores etcdStores;
  private Stores storage;
  private SignedInAuthors signedIn;

  @BeforeAll
  static void healthResponsesOutsideTheContainer() {
    PlainHealthResponses.install();
  }

  @BeforeEach
  void connect() {
    etcdStores = EtcdStores.connect(etcd.cluster().endpoints(), TIMEOUT, clock, NO_TELEMETRY);
    storage = etcdStores.stores();
    signedIn = new SignedInAuthors(storage.sessions(), storage.posts(), clock, scope);
  }

  @AfterEach
  void disconnect() {
    etcdStores.close();
  }

  @Test
  void killingTheLeaderLosesNoAcknowledgedWriteAndDuplicatesNothing() throws Exception {
    EtcdCluster cluster = etcd.cluster();
    int threads = 6;
    String star = scope + "star";
    ConcurrentLinkedQueue<Post> savedPosts = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> savedFollowers = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    AtomicLong longestCallNanos = new AtomicLong();
    AtomicLong lastSuccess = new AtomicLong(System.nanoTime());
    AtomicLong longestGapNanos = new AtomicLong();
    AtomicBoolean running = new AtomicBoolean(true);

    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String author = scope + "author" + t;
      workers.add(
          pool.submit(
              () -> {
                for (int i = 0; running.get(); i++) {
                  Post post = post(author, i);
                  String fan = author + "_fan" + i;
                  long start = System.nanoTime();
                  try {
                    if (i % 2 == 0) {
                      signedIn.savePost(post);
                      savedPosts.add(post);
                    } else {
                      storage.follows().follow(fan, star, ANY_NUMBER);
                      savedFollowers.add(fan);
                    }
                    long now = System.nanoTime();
                    longestGapNanos.accumulateAndGet(now - lastSuccess.getAndSet(now), Math::max);
                  } catch (Throwable e) {
                    failures.add(e);
                  } finally {
                    longestCallNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                  }
                }
                return null;
              }));
    }

    Thread.sleep(1500);
    EtcdCluster.Member oldLeader = cluster.leader();
    int postsBeforeKill = savedPosts.size();
    long killedAt = System.nanoTime();
    cluster.kill(oldLeader);
    EtcdCluster.Member newLeader = cluster.leader(Duration.ofSeconds(10));
    long electedAfterMillis = (System.nanoTime() - killedAt) / 1_000_000;
    int postsAtElection = savedPosts.size();
    Thread.sleep(3000);
    running.set(false);
    for (Future<?> worker : workers) {
      worker.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();
    int postsAfter = savedPosts.size();

    System.out.printf(
        "leader kill: %s killed, %s elected after %d ms; longest call %d ms, longest gap without"
            + " a successful write %d ms; %d posts + %d follows acknowledged, %d calls failed"
            + " (posts before kill %d, at election %d, after %d)%n",
        oldLeader.name(),
        newLeader.name(),
        electedAfterMillis,
        longestCallNanos.get() / 1_000_000,
        longestGapNanos.get() / 1_000_000,
        savedPosts.size(),
        savedFollowers.size(),
        failures.size(),
        postsBeforeKill,
        postsAtElection,
        postsAfter);

    assertThat(newLeader).isNotEqualTo(oldLeader);
    assertThat(failures).allMatch(e -> e instanceof StorageUnavailableException, "unavailable");
    assertThat(longestCallNanos.get()).isLessThan((TIMEOUT.plus(MARGIN)).toNanos());
    assertThat(postsAfter).as("writes resume after the election").isGreaterThan(postsAtElection);

    for (int t = 0; t < threads; t++) {
      String author = scope + "author" + t;
      List<Post> stored = storage.posts().postsBy(author, Optional.empty(), 100_000);
      List<Post> acknowledged = savedPosts.stream().filter(p -> p.author().equals(author)).toList();
      assertThat(stored).extracting(Post::id).doesNotHaveDuplicates();
      assertThat(stored).containsAll(acknowledged);
      assertThat(storage.posts().postCount(author)).isEqualTo(stored.size());
    }
    List<String> followers = storage.follows().followers(star, Optional.empty(), 100_000);
    assertThat(followers).doesNotHaveDuplicates().containsAll(savedFollowers);
    assertThat(storage.follows().followerCount(star)).isEqualTo(followers.size());
    for (String fan : savedFollowers) {
      assertThat(storage.follows().following(fan, Optional.empty(), 10)).containsExactly(star);
    }
  }

  @Test
  void losingTheQuorumFailsFastAndRecoversWithTheData() {
    EtcdCluster cluster = etcd.cluster();
    Account alice = new Account(scope + "alice", "hash", Instant.parse("2026-01-01T00:00:00Z"));
    Post before = post(alice.username(), 1);
    assertThat(storage.accounts().createAccount(alice)).isTrue();
    signedIn.savePost(before);
    storage.follows().follow(alice.username(), scope + "bob", ANY_NUMBER);
    storage.likes().like(fan(1), before.id());
    assertThat(likesOf(before)).isEqualTo(1); // now in this instance's likes cache

    List<EtcdCluster.Member> killed = cluster.members().subList(0, 2);
    killed.forEach(cluster::kill);

    long readMillis = millisToFail(() -> storage.accounts().findAccount(alice.username()));
    long writeMillis = millisToFail(() -> signedIn.savePost(post(alice.username(), 2)));
    long start = System.nanoTime();
    StorageStatus status = storage.probe().describe();
    long describeMillis = (System.nanoTime() - start) / 1_000_000;
    start = System.nanoTime();
    HealthCheckResponse readiness = new StorageReadiness(storage.probe()).call();
    long readinessMillis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf(
        "quorum loss: a read failed after %d ms, a write after %d ms (deadline %d ms);"
            + " describe took %d ms, readiness %d ms: %s; readiness %s %s%n",
        readMillis,
        writeMillis,
        TIMEOUT.toMillis(),
        describeMillis,
        readinessMillis,
        status,
        readiness.getStatus(),
        readiness.getData().orElseThrow());

    assertThat(readMillis).isLessThan(TIMEOUT.plus(MARGIN).toMillis());
    assertThat(writeMillis).isLessThan(TIMEOUT.plus(MARGIN).toMillis());
    assertThat(status.available()).isFalse();
    assertThat(status.members()).filteredOn(StorageStatus.Member::reachable).hasSize(1);
    assertThat(readiness.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(describeMillis).isLessThan(TIMEOUT.plus(MARGIN).toMillis());
    assertThat(readinessMillis).isLessThan(TIMEOUT.plus(MARGIN).toMillis());

    long restartedAt = System.nanoTime();
    killed.forEach(cluster::restart);
    Post after = post(alice.username(), 3);
    signedIn.savePost(after);
    System.out.printf(
        "quorum back: members restarted and a write acknowledged %d ms after the restart began%n",
        (System.nanoTime() - restartedAt) / 1_000_000);

    assertThat(storage.accounts().findAccount(alice.username())).contains(alice);
    assertThat(storage.follows().isFollowing(alice.username(), scope + "bob")).isTrue();
    assertThat(storage.posts().postsBy(alice.username(), Optional.empty(), 10))
        .contains(after, before)
        .doesNotHaveDuplicates();
    assertThat(new StorageReadiness(storage.probe()).call().getStatus())
        .isEqualTo(HealthCheckResponse.Status.UP);
    // likes given through another instance after the outage show here: the cache never lags
    try (EtcdStores elsewhere =
        EtcdStores.connect(cluster.endpoints(), TIMEOUT, clock, NO_TELEMETRY)) {
      for (int fan = 2; fan <= 4; fan++) {
        elsewhere.stores().likes().like(fan(fan), before.id());
        assertThat(likesOf(before)).isEqualTo(fan);
      }
    }
  }

  /** A fan of this run, signed in for an hour. */
  private Session fan(int number) {
    Session fan =
        new Session(
            scope + "fan-token" + number,
            scope + "fan" + number,
            clock.instant().plusSeconds(3600));
    storage.sessions().saveSession(fan);
    return fan;
  }

  private long likesOf(Post post) {
    return storage
        .likes()
        .likesOf(List.of(post.id()), Optional.empty(), OptionalLong.empty())
        .get(post.id())
        .count();
  }

  @Test
  void aSessionDisappearsWithItsLeaseInRealTime() throws Exception {
    // The storage's clock stands still: only etcd's lease can make the session go away.
    Session session = new Session(scope + "token", scope + "alice", clock.instant().plusSeconds(2));
    long savedAt = System.nanoTime();
    storage.sessions().saveSession(session);
    assertThat(storage.sessions().findSession(session.tokenHash())).contains(session);

    long goneAfterMillis = -1;
    while (System.nanoTime() - savedAt < Duration.ofSeconds(8).toNanos()) {
      if (storage.sessions().findSession(session.tokenHash()).isEmpty()) {
        goneAfterMillis = (System.nanoTime() - savedAt) / 1_000_000;
        break;
      }
      Thread.sleep(100);
    }
    System.out.printf("session lease: a 2 s session disappeared after %d ms%n", goneAfterMillis);

    assertThat(goneAfterMillis).isBetween(1_000L, 8_000L);
    clock.advance(Duration.ofSeconds(3));
    assertThat(storage.sessions().findSession(session.tokenHash())).isEmpty();
  }

  @Test
  void restartingTheWholeClusterKeepsTheData() throws Exception {
    EtcdCluster cluster = etcd.cluster();
    Account alice = new Account(scope + "alice", "hash", Instant.parse("2026-01-01T00:00:00Z"));
    List<Post> posts = List.of(post(alice.username(), 1), post(alice.username(), 2));
    storage.accounts().createAccount(alice);
    posts.forEach(signedIn::savePost);
    storage.follows().follow(alice.username(), scope + "bob", ANY_NUMBER);

    cluster.members().forEach(cluster::kill);
    // One member alone is never healthy (no quorum), so all three come back at once.
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<Future<?>> restarts = new ArrayList<>();
    long start = System.nanoTime();
    for (EtcdCluster.Member member : cluster.members()) {
      restarts.add(pool.submit(() -> cluster.restart(member)));
    }
    for (Future<?> restart : restarts) {
      restart.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    System.out.printf(
        "full restart: all 3 members healthy again after %d ms%n",
        (System.nanoTime() - start) / 1_000_000);

    assertThat(storage.accounts().findAccount(alice.username())).contains(alice);
    assertThat(storage.posts().postsBy(alice.username(), Optional.empty(), 10))
        .containsExactly(posts.get(1), posts.get(0));
    assertThat(storage.follows().following(alice.username(), Optional.empty(), 10))
        .containsExactly(scope + "bob");
    assertThat(storage.probe().describe().available()).isTrue();
  }

  private static long millisToFail(Runnable call) {
    long start = System.nanoTime();
    assertThatThrownBy(call::run).isInstanceOf(StorageUnavailableException.class);
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** Random digits at the end of this run's post ids: ids of other runs' posts are not reused. */
  private static final int RUN = new java.security.SecureRandom().nextInt();

  private static Post post(String author, int n) {
    long millis = 1_700_000_000_000L + n;
    return new Post(
        String.format("%013d%08x", millis, RUN + n),
        author,
        "post " + n,
        Instant.ofEpochMilli(millis));
  }
}
