package dev.flock.backend.storage.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flock.backend.feed.FollowsCache;
import dev.flock.backend.post.Post;
import dev.flock.backend.session.Session;
import dev.flock.backend.storage.LikeStore;
import dev.flock.backend.storage.PostStore;
import dev.flock.backend.storage.StorageContract;
import dev.flock.backend.storage.StorageStatus;
import dev.flock.backend.storage.Stores;
import dev.flock.grpc.telemetry.LastMinute;
import dev.flock.grpc.telemetry.RpcTelemetry;
import dev.flock.raft.EtcdClusterExtension;
import io.etcd.jetcd.api.RangeResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Context;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The storage contract on a real 3-member etcd cluster, shared by every test of the class. */
class EtcdStorageTest extends StorageContract {

  private static final ClientInterceptor NO_TELEMETRY =
      RpcTelemetry.client(OpenTelemetry.noop(), new LastMinute());

  @RegisterExtension static EtcdClusterExtension etcd = EtcdClusterExtension.withMembers(3);

  private final List<EtcdStores> clients = new ArrayList<>();

  @Override
  protected Stores newStores(Clock clock) {
    return open(clock, NO_TELEMETRY);
  }

  /** A second client, as a second backend has: it shares nothing with the first but the cluster. */
  @Override
  protected Stores anotherInstance() {
    return newStores(clock);
  }

  @AfterEach
  void closeClients() {
    clients.forEach(EtcdStores::close);
  }

  @Test
  void describeNamesTheMembersTheLeaderAndTheRaftIndex() {
    StorageStatus status = stores.probe().describe();

    assertThat(status.mode()).isEqualTo("etcd");
    assertThat(status.available()).isTrue();
    assertThat(status.members())
        .extracting(StorageStatus.Member::name)
        .containsExactlyInAnyOrder("etcd1", "etcd2", "etcd3");
    assertThat(status.members()).allMatch(StorageStatus.Member::reachable);
    assertThat(status.leader()).contains(etcd.cluster().leader().name());
    assertThat(status.raftIndex()).isPresent();
  }

  @Test
  void aHomeFeedPageIsOneRoundTripWhileTheReadersFollowsAreUnchanged() {
    String reader = unique("reader");
    List<String> authors = IntStream.range(0, 3).mapToObj(i -> unique("author" + i)).toList();
    authors.forEach(author -> stores.follows().follow(reader, author, ANY_NUMBER));
    IntStream.range(0, 3).forEach(i -> signedIn.savePost(post(authors.get(i), i)));
    Session session = liveSession(reader);
    AtomicInteger requests = new AtomicInteger();
    Stores counted = open(clock, countingRequests(requests));
    FollowsCache follows = new FollowsCache(counted.feed());

    assertThat(roundTrips(requests, () -> follows.followedWhileSignedIn(session, none(), n -> 2)))
        .as("names, then posts")
        .isEqualTo(2);
    assertThat(roundTrips(requests, () -> follows.followedWhileSignedIn(session, none(), n -> 2)))
        .as("follows unchanged")
        .isEqualTo(1);
    stores.follows().unfollow(reader, authors.get(0));
    assertThat(roundTrips(requests, () -> follows.followedWhileSignedIn(session, none(), n -> 2)))
        .as("a failed compare brings the names, then posts")
        .isEqualTo(2);
    assertThat(follows.followedWhileSignedIn(session, none(), n -> 2).orElseThrow().authors())
        .containsExactlyElementsOf(authors.subList(1, 3));
  }

  @Test
  void theLikesOfPostsShownBeforeCostAHomeFeedPageNoRequest() {
    String reader = unique("reader");
    String author = unique("author");
    stores.follows().follow(reader, author, ANY_NUMBER);
    signedIn.savePost(post(author, 1));
    List<String> shown = List.of(post(author, 1).id());
    Session session = liveSession(reader);
    Session fan = liveSession(unique("fan"));
    AtomicInteger requests = new AtomicInteger();
    Stores counted = open(clock, countingRequests(requests));
    FollowsCache follows = new FollowsCache(counted.feed());
    follows.followedWhileSignedIn(session, none(), n -> 2);

    Context.CancellableContext call = Context.current().withCancellation();
    assertThat(
            roundTrips(
                requests, () -> call.run(() -> likesOnAPageOf(session, follows, counted, shown))))
        .as("the page's posts, then their likes, once")
        .isGreaterThan(1);
    call.cancel(null); // the gRPC call that started the cache's watch has ended
    assertThat(roundTrips(requests, () -> likesOnAPageOf(session, follows, counted, shown)))
        .as("the page's posts only")
        .isEqualTo(1);
    stores.likes().like(fan, shown.get(0)); // through another instance
    assertThat(likesOnAPageOf(session, follows, counted, shown).get(shown.get(0)).count())
        .isEqualTo(1);
    assertThat(roundTrips(requests, () -> likesOnAPageOf(session, follows, counted, shown)))
        .as("the like came through the watch")
        .isEqualTo(1);
  }

  /** A home feed page's read, then the likes of {@code shown} as the page asks for them. */
  private static Map<String, LikeStore.Likes> likesOnAPageOf(
      Session reader, FollowsCache follows, Stores stores, List<String> shown) {
    OptionalLong version =
        follows.followedWhileSignedIn(reader, none(), n -> 2).orElseThrow().likesVersion();
    assertThat(version).isPresent();
    return stores.likes().likesOf(shown, Optional.of(reader.username()), version);
  }

  @Test
  void postsByEachReadsUpTo128AuthorsInOneRoundTrip() {
    List<String> authors = IntStream.range(0, 130).mapToObj(i -> unique("a" + i + "_")).toList();
    AtomicInteger requests = new AtomicInteger();
    Stores counted = open(clock, countingRequests(requests));

    assertThat(roundTrips(requests, () -> counted.feed().postsByEach(authors, none(), 2)))
        .isEqualTo(2);
  }

  /**
   * A list that got a burst of posts behind a quiet gap: the case a window of time cannot bound.
   * Every page costs about its own length of keys, as etcd counts what it walks, wherever it
   * starts.
   */
  @Test
  void aPageOfABurstBehindAQuietGapWalksAboutAPageOfKeys() {
    long now = System.currentTimeMillis();
    String tag = unique("burst").replace("_", "");
    Session author = liveSession(unique("author"));
    Post question =
        new Post(idAt(now - DAY_MILLIS, 0), author.username(), "q", at(now - DAY_MILLIS));
    assertThat(stores.posts().savePost(question, author)).isTrue();
    // oldest first: the burst, a quiet half hour, a few more; replies to the question likewise
    List<Long> times = new ArrayList<>();
    IntStream.range(0, BURST).forEach(i -> times.add(now - 3_600_000 + 40L * i)); // 25 a second
    IntStream.range(0, 3).forEach(i -> times.add(now - 1_000 + i));
    List<Post> posts = new ArrayList<>();
    List<Post> replies = new ArrayList<>();
    for (int i = 0; i < times.size(); i++) {
      posts.add(new Post(idAt(times.get(i), 1), author.username(), "#" + tag, at(times.get(i))));
      replies.add(
          new Post(
              idAt(times.get(i), 2),
              author.username(),
              "an answer",
              at(times.get(i)),
              Optional.of(new Post.ReplyTo(question.id(), author.username()))));
    }
    try (var writers = java.util.concurrent.Executors.newFixedThreadPool(32)) {
      IntStream.range(0, times.size())
          .forEach(
              i ->
                  writers.submit(
                      () -> {
                        assertThat(stores.posts().savePost(posts.get(i), author)).isTrue();
                        assertThat(stores.posts().saveReply(replies.get(i), author))
                            .isEqualTo(PostStore.ReplyOutcome.SAVED);
                      }));
    }
    assertThat(stores.posts().postCount(author.username())).isEqualTo(1 + 2L * times.size());
    AtomicLong walked = new AtomicLong();
    PostStore counted = open(clock, countingKeysWalked(walked)).posts();

    List<String> newestFirst = posts.reversed().stream().map(Post::id).toList();
    assertThat(pagedWalking(walked, before -> counted.taggedWith(tag, before, PAGE)))
        .containsExactlyElementsOf(newestFirst);
    List<String> oldestFirst = replies.stream().map(Post::id).toList();
    assertThat(pagedWalking(walked, after -> counted.repliesTo(question.id(), after, PAGE)))
        .containsExactlyElementsOf(oldestFirst);
  }

  /**
   * Posts an older Flock stored under their author only join everyone's posts, their tags', their
   * mentions' and their answered post's replies by the backfill, which splits more posts than a
   * batch into parts; it runs once per cluster.
   */
  @Test
  void theBackfillPutsThePostsOfAnOlderFlockInTheirListsOnce() {
    EtcdStores raw = connect(clock, NO_TELEMETRY);
    String author = unique("older");
    String tag = unique("older").replace("_", "");
    String named = unique("named");
    long start = System.currentTimeMillis() - 3_600_000;
    Post question = new Post(idAt(start, 0), author, "a question", at(start));
    Post answer =
        new Post(
            idAt(start + 1, 0),
            author,
            "@" + named + " an answer",
            at(start + 1),
            Optional.of(new Post.ReplyTo(question.id(), author)));
    List<Post> tagged =
        IntStream.range(0, 2 * PostListsBackfill.BATCH + 1)
            .mapToObj(i -> new Post(idAt(start + 2 + i, 0), author, "#" + tag, at(start + 2 + i)))
            .toList();
    storeAsAnOlderFlock(raw, List.of(question, answer));
    for (int from = 0; from < tagged.size(); from += 100) {
      storeAsAnOlderFlock(raw, tagged.subList(from, Math.min(from + 100, tagged.size())));
    }
    assertThat(stores.posts().taggedWith(tag, none(), PAGE)).isEmpty();

    raw.client().getKVClient().delete(KeyLayout.backfillDone(PostListsBackfill.NAME)).join();
    PostListsBackfill backfill = new PostListsBackfill(raw.client(), new EtcdCalls(TIMEOUT));
    assertThat(backfill.runOnce().orElseThrow()).isGreaterThanOrEqualTo(tagged.size() + 2L);

    assertThat(
            pagedWalking(new AtomicLong(), before -> stores.posts().taggedWith(tag, before, PAGE)))
        .containsExactlyElementsOf(tagged.reversed().stream().map(Post::id).toList());
    assertThat(stores.posts().mentionsOf(named, none(), PAGE))
        .extracting(Post::id)
        .containsExactly(answer.id());
    assertThat(stores.posts().repliesTo(question.id(), none(), PAGE))
        .extracting(Post::id)
        .containsExactly(answer.id());
    assertThat(stores.posts().everyonesPosts(Optional.of(idAt(start + 2, 0)), PAGE))
        .extracting(Post::id)
        .startsWith(answer.id(), question.id());

    Post later = new Post(idAt(start + 5_000, 0), author, "#" + tag, at(start + 5_000));
    storeAsAnOlderFlock(raw, List.of(later));
    assertThat(backfill.runOnce()).as("done on this cluster").isEmpty();
    assertThat(stores.posts().taggedWith(tag, none(), 1))
        .extracting(Post::id)
        .containsExactly(tagged.getLast().id());
  }

  /** Puts {@code posts} as an older Flock did: under their author only, in one transaction. */
  private static void storeAsAnOlderFlock(EtcdStores raw, List<Post> posts) {
    Op[] puts =
        posts.stream()
            .map(
                post ->
                    Op.put(
                        KeyLayout.post(post.author(), post.id()),
                        ValueFormat.post(post),
                        PutOption.DEFAULT))
            .toArray(Op[]::new);
    raw.client().getKVClient().txn().Then(puts).commit().join();
  }

  private static final int BURST = 1_500;
  private static final int PAGE = 20;
  private static final long DAY_MILLIS = 86_400_000;

  /**
   * The posts of every page of {@code read}, checking that no page walked more than a page, a
   * second of the burst and the buckets of the index around them (the burst is 1,500 keys).
   */
  private static List<String> pagedWalking(
      AtomicLong walked, Function<Optional<String>, List<Post>> read) {
    List<String> all = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    while (true) {
      walked.set(0);
      List<Post> page = read.apply(cursor);
      assertThat(walked.get()).as("keys walked for the page after %s", cursor).isLessThan(200);
      if (page.isEmpty()) {
        return all;
      }
      page.forEach(post -> all.add(post.id()));
      cursor = Optional.of(page.get(page.size() - 1).id());
    }
  }

  private static String idAt(long epochMillis, int n) {
    return String.format("%013d%08x", epochMillis, n);
  }

  private static java.time.Instant at(long epochMillis) {
    return java.time.Instant.ofEpochMilli(epochMillis);
  }

  /** Adds up the keys etcd counted in each range it answered: the keys it walked. */
  private static ClientInterceptor countingKeysWalked(AtomicLong walked) {
    return new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(
          MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(
            next.newCall(method, options)) {
          @Override
          public void start(Listener<R> listener, Metadata headers) {
            super.start(
                new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                  @Override
                  public void onMessage(R message) {
                    if (message instanceof RangeResponse range) {
                      walked.addAndGet(range.getCount());
                    }
                    super.onMessage(message);
                  }
                },
                headers);
          }
        };
      }
    };
  }

  private Stores open(Clock clock, ClientInterceptor interceptor) {
    return connect(clock, interceptor).stores();
  }

  private EtcdStores connect(Clock clock, ClientInterceptor interceptor) {
    EtcdStores opened = EtcdStores.connect(etcd.cluster().endpoints(), TIMEOUT, clock, interceptor);
    clients.add(opened);
    return opened;
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static Optional<String> none() {
    return Optional.empty();
  }

  /** How many requests to etcd {@code read} made. */
  private static int roundTrips(AtomicInteger requests, Runnable read) {
    requests.set(0);
    read.run();
    return requests.get();
  }

  private static ClientInterceptor countingRequests(AtomicInteger requests) {
    return new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(
          MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        requests.incrementAndGet();
        return next.newCall(method, options);
      }
    };
  }
}
