package dev.flock.backend.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.flock.backend.Backend;
import dev.flock.backend.ManualClock;
import dev.flock.backend.account.Account;
import dev.flock.backend.account.AccountDeletion;
import dev.flock.backend.feed.FollowsCache;
import dev.flock.backend.post.NewPost;
import dev.flock.backend.post.Post;
import dev.flock.backend.session.Session;
import dev.flock.backend.storage.FeedReads.Followed;
import dev.flock.backend.storage.FeedReads.FollowsAsOf;
import dev.flock.core.FlockException;
import dev.flock.core.Limits;
import io.grpc.Context;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The semantics every storage must have, port by port (one nested class each), run against each
 * implementation by a subclass that says how to build its adapters.
 *
 * <p>Tests only use the ports and only names made unique per test (see {@link #unique}), so an
 * implementation whose state outlives one test (an etcd cluster shared by every test and every run)
 * passes as well as a fresh in-memory one. Time is a {@link ManualClock} given to the storage;
 * {@link #passTime} moves it.
 */
public abstract class StorageContract {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A following cap no test reaches. */
  protected static final int ANY_NUMBER = Integer.MAX_VALUE;

  private static final Duration CONCURRENCY_TIMEOUT = Duration.ofSeconds(30);

  /** The clock the storage under test was built with. */
  protected final ManualClock clock = ManualClock.startingNow();

  /**
   * Prefix of every name this test uses: fresh for each test (JUnit makes one instance per test).
   */
  private final String scope = "t" + HexFormat.of().formatHex(randomBytes(5)) + "_";

  /**
   * The time of this test's posts, in milliseconds: a whole second of its own (out of a million),
   * so that its posts' ids are its own and, among everyone's posts, nobody else's fall between.
   */
  private final long epochBase = 1_700_000_000_000L + RANDOM.nextLong(1_000_000) * 1_000;

  /** The adapters under test, of one storage instance. */
  protected Stores stores;

  private AccountStore accountStore;
  private SessionStore sessionStore;
  private FollowStore followStore;
  private PostStore postStore;
  private LikeStore likeStore;
  private FeedReads feedReads;

  /** Reads the feed as a home feed page does, remembering whom readers follow. */
  private FollowsCache followsCache;

  /** Saves posts as their authors, signed in. */
  protected SignedInAuthors signedIn;

  /**
   * The adapters of a storage of the implementation under test, reading the time from {@code
   * clock}.
   */
  protected abstract Stores newStores(Clock clock);

  /**
   * Lets {@code duration} pass for the storage. Moving the clock is enough for a storage that
   * checks expiry against its clock when it reads; one whose expiry runs on a server's real time
   * only (a lease) overrides this to also wait.
   */
  protected void passTime(Duration duration) {
    clock.advance(duration);
  }

  @BeforeEach
  final void buildStorage() {
    stores = newStores(clock);
    accountStore = stores.accounts();
    sessionStore = stores.sessions();
    followStore = stores.follows();
    postStore = stores.posts();
    likeStore = stores.likes();
    feedReads = stores.feed();
    followsCache = new FollowsCache(feedReads);
    signedIn = new SignedInAuthors(sessionStore, postStore, clock, scope);
  }

  /** A live session of {@code username}, stored, an hour long. */
  private Session signedInAs(String username) {
    Session session = session(unique("hash_" + username), username, now().plusSeconds(3600));
    sessionStore.saveSession(session);
    return session;
  }

  /** {@code name}, made unique to this test; names made unique in one test keep their order. */
  protected final String unique(String name) {
    return scope + name;
  }

  /** {@link PostWatch}. */
  @Nested
  class Watch {

    /** The posts a watch told of, of this test's authors only (others run on the same storage). */
    private final LinkedBlockingQueue<Post> told = new LinkedBlockingQueue<>();

    private final PostWatch.Listener listener =
        new PostWatch.Listener() {
          @Override
          public void saved(Post post) {
            if (post.author().startsWith(scope)) {
              told.add(post);
            }
          }

          @Override
          public void ended(Throwable cause) {}
        };

    @Test
    void aWatchTellsOfEachPostAndReplySavedAfterItStartedUntilItIsClosed() throws Exception {
      String alice = unique("alice");
      signedIn.savePost(post(alice, 1));
      Post reply;
      Post post;
      try (PostWatch.Watching watching = stores.postWatch().watch(listener)) {
        post = post(alice, 2);
        signedIn.savePost(post);
        Session bob = signedInAs(unique("bob"));
        reply =
            new Post(
                id(3),
                bob.username(),
                "yes",
                post(bob.username(), 3).createdAt(),
                Optional.of(new Post.ReplyTo(post.id(), alice)));
        assertThat(postStore.saveReply(reply, bob)).isEqualTo(PostStore.ReplyOutcome.SAVED);

        assertThat(told.poll(10, TimeUnit.SECONDS)).isEqualTo(post);
        assertThat(told.poll(10, TimeUnit.SECONDS)).isEqualTo(reply);
      }
      signedIn.savePost(post(alice, 4));
      postStore.deletePostsOf(alice, 10);

      assertThat(told.poll(1, TimeUnit.SECONDS)).as("after close, or a deletion").isNull();
    }

    @Test
    void aWatchOutlivesTheGrpcCallThatStartedIt() throws Exception {
      String alice = unique("alice");
      Context.CancellableContext call = Context.current().withCancellation();
      try (PostWatch.Watching watching = call.call(() -> stores.postWatch().watch(listener))) {
        call.cancel(null); // the live feed's first stream was closed by its browser

        Post post = post(alice, 1);
        signedIn.savePost(post);

        assertThat(told.poll(10, TimeUnit.SECONDS)).isEqualTo(post);
      }
    }
  }

  /** {@link AccountStore}. */
  @Nested
  class Accounts {

    @Test
    void createAccountStoresANewName() {
      Account alice = account(unique("alice"), "hash-1");

      assertThat(accountStore.createAccount(alice)).isTrue();

      assertThat(accountStore.findAccount(alice.username())).contains(alice);
    }

    @Test
    void createAccountRefusesATakenNameAndKeepsTheFirstAccount() {
      Account first = account(unique("alice"), "hash-1");
      Account second = account(unique("alice"), "hash-2");
      accountStore.createAccount(first);

      assertThat(accountStore.createAccount(second)).isFalse();

      assertThat(accountStore.findAccount(first.username())).contains(first);
    }

    @Test
    void aRetiredAccountIsGoneAndItsNameNeverTakenAgainWhileAnUpdateChangesOnlyALiveOne() {
      Account alice = account(unique("alice"), "hash-1");
      accountStore.createAccount(alice);
      Account changed = account(alice.username(), "hash-2");
      assertThat(accountStore.updateAccount(changed)).isTrue();
      assertThat(accountStore.findAccount(alice.username())).contains(changed);

      accountStore.retireAccount(alice.username());
      accountStore.retireAccount(alice.username()); // idempotent

      assertThat(accountStore.findAccount(alice.username())).isEmpty();
      assertThat(accountStore.usernames(alice.username(), Optional.empty(), 10)).isEmpty();
      assertThat(accountStore.createAccount(account(alice.username(), "hash-3"))).isFalse();
      assertThat(accountStore.updateAccount(account(alice.username(), "hash-4"))).isFalse();
      assertThat(accountStore.findAccount(alice.username())).isEmpty();
    }

    @Test
    void findAccountOfAnUnknownNameIsEmpty() {
      assertThat(accountStore.findAccount(unique("nobody"))).isEmpty();
    }

    @Test
    void usernamesFindsNamesByPrefixInNameOrder() {
      for (String name : List.of("alice", "bob", "al", "alfred", "albert", "bal")) {
        accountStore.createAccount(account(unique(name), "hash"));
      }

      assertThat(accountStore.usernames(unique("al"), Optional.empty(), 10))
          .containsExactly(unique("al"), unique("albert"), unique("alfred"), unique("alice"));
      assertThat(accountStore.usernames(unique("b"), Optional.empty(), 10))
          .containsExactly(unique("bal"), unique("bob"));
      assertThat(accountStore.usernames(unique("alicia"), Optional.empty(), 10)).isEmpty();
      assertThat(accountStore.usernames(unique("c"), Optional.empty(), 10)).isEmpty();
    }

    @Test
    void usernamesPagesWithAfter() {
      List<String> names = IntStream.range(0, 7).mapToObj(i -> unique("user" + i)).toList();
      List<String> shuffled = new ArrayList<>(names);
      Collections.shuffle(shuffled, new Random(7));
      shuffled.forEach(name -> accountStore.createAccount(account(name, "hash")));
      accountStore.createAccount(
          account(unique("zed"), "hash")); // sorts after the prefix: never listed

      String prefix = unique("user");
      List<String> first = accountStore.usernames(prefix, Optional.empty(), 3);
      List<String> second = accountStore.usernames(prefix, Optional.of(last(first)), 3);
      List<String> third = accountStore.usernames(prefix, Optional.of(last(second)), 3);

      assertThat(first).containsExactlyElementsOf(names.subList(0, 3));
      assertThat(second).containsExactlyElementsOf(names.subList(3, 6));
      assertThat(third).containsExactlyElementsOf(names.subList(6, 7));
      assertThat(accountStore.usernames(prefix, Optional.of(last(third)), 3)).isEmpty();
    }

    @Test
    void usernamesAfterANameBeforeThePrefixStartsAtThePrefix() {
      accountStore.createAccount(account(unique("bob"), "hash"));
      accountStore.createAccount(account(unique("bobby"), "hash"));

      assertThat(accountStore.usernames(unique("bob"), Optional.of(unique("alice")), 10))
          .containsExactly(unique("bob"), unique("bobby"));
    }

    @Test
    void exactlyOneOfManyConcurrentRegistrationsOfOneNameWins() throws Exception {
      String name = unique("popular");
      List<Integer> winners = new CopyOnWriteArrayList<>();

      runConcurrently(
          16,
          i -> {
            if (accountStore.createAccount(account(name, "hash-" + i))) {
              winners.add(i);
            }
          });

      assertThat(winners).hasSize(1);
      assertThat(accountStore.findAccount(name).orElseThrow().passwordHash())
          .isEqualTo("hash-" + winners.get(0));
    }
  }

  /** {@link SessionStore}. */
  @Nested
  class Sessions {

    @Test
    void aUsersSessionsAreListedWithTheirStartAndOriginUntilEnded() {
      String alice = unique("alice");
      Session laptop =
          new Session(
              unique("hash_laptop"),
              alice,
              now().plus(Duration.ofHours(2)),
              now().minusSeconds(60),
              "192.0.2.7");
      Session phone =
          new Session(
              unique("hash_phone"),
              alice,
              now().plus(Duration.ofHours(1)),
              now(),
              "2001:db8:0:0:0:0:0:1");
      sessionStore.saveSession(laptop);
      sessionStore.saveSession(phone);
      sessionStore.saveSession(
          new Session(unique("hash_old"), alice, now().minusSeconds(1), now(), "192.0.2.8"));
      sessionStore.saveSession(
          new Session(unique("hash_bob"), unique("bob"), now().plus(Duration.ofHours(1))));

      assertThat(sessionStore.sessionsOf(alice, 10)).containsExactlyInAnyOrder(laptop, phone);
      assertThat(sessionStore.sessionsOf(alice, 1)).hasSize(1);
      assertThat(sessionStore.findSession(laptop.tokenHash())).contains(laptop);

      sessionStore.deleteSession(laptop.tokenHash());
      assertThat(sessionStore.sessionsOf(alice, 10)).containsExactly(phone);
      assertThat(sessionStore.sessionsOf(unique("nobody"), 10)).isEmpty();
    }

    @Test
    void sessionsAreSavedFoundAndDeleted() {
      Session session = session(unique("hash"), unique("alice"), now().plus(Duration.ofHours(1)));

      sessionStore.saveSession(session);
      assertThat(sessionStore.findSession(session.tokenHash())).contains(session);

      sessionStore.deleteSession(session.tokenHash());
      assertThat(sessionStore.findSession(session.tokenHash())).isEmpty();

      sessionStore.deleteSession(session.tokenHash()); // deleting again is harmless
      assertThat(sessionStore.findSession(session.tokenHash())).isEmpty();
    }

    @Test
    void deletingOneSessionLeavesTheOthers() {
      Session kept = session(unique("kept"), unique("alice"), now().plus(Duration.ofHours(1)));
      Session deleted =
          session(unique("deleted"), unique("alice"), now().plus(Duration.ofHours(1)));
      sessionStore.saveSession(kept);
      sessionStore.saveSession(deleted);

      sessionStore.deleteSession(deleted.tokenHash());

      assertThat(sessionStore.findSession(kept.tokenHash())).contains(kept);
    }

    @Test
    void findSessionOfAnUnknownHashIsEmpty() {
      assertThat(sessionStore.findSession(unique("unknown"))).isEmpty();
    }

    @Test
    void aSessionIsNotFoundOnceItHasExpired() {
      Session session = session(unique("hash"), unique("alice"), now().plus(Duration.ofSeconds(2)));
      sessionStore.saveSession(session);

      passTime(Duration.ofSeconds(1));
      assertThat(sessionStore.findSession(session.tokenHash())).contains(session);

      passTime(Duration.ofSeconds(2));
      assertThat(sessionStore.findSession(session.tokenHash())).isEmpty();
    }

    @Test
    void aSessionSavedAlreadyExpiredIsNeverFound() {
      Session session =
          session(unique("hash"), unique("alice"), now().minus(Duration.ofSeconds(1)));

      sessionStore.saveSession(session);

      assertThat(sessionStore.findSession(session.tokenHash())).isEmpty();
    }
  }

  /** {@link FollowStore}. */
  @Nested
  class Follows {

    @Test
    void followIsIdempotent() {
      String alice = unique("alice");
      String bob = unique("bob");

      followStore.follow(alice, bob, ANY_NUMBER);
      followStore.follow(alice, bob, ANY_NUMBER);

      assertThat(followStore.isFollowing(alice, bob)).isTrue();
      assertThat(followStore.isFollowing(bob, alice)).isFalse();
      assertThat(followStore.followingCount(alice)).isEqualTo(1);
      assertThat(followStore.followerCount(bob)).isEqualTo(1);
      assertThat(followStore.followerCount(alice)).isZero();
      assertThat(followStore.followingCount(bob)).isZero();
      assertThat(followStore.following(alice, Optional.empty(), 10)).containsExactly(bob);
      assertThat(followStore.followers(bob, Optional.empty(), 10)).containsExactly(alice);
    }

    @Test
    void followingStopsAtTheCapAndChangesNothing() {
      String alice = unique("alice");
      List<String> followed = List.of(unique("a"), unique("b"), unique("c"));
      followed.forEach(name -> assertThat(followStore.follow(alice, name, 3)).isTrue());

      String onceTooMany = unique("d");
      assertThat(followStore.follow(alice, onceTooMany, 3)).isFalse();
      assertThat(followStore.isFollowing(alice, onceTooMany)).isFalse();
      assertThat(followStore.followerCount(onceTooMany)).isZero();
      assertThat(followStore.followingCount(alice)).isEqualTo(3);
      assertThat(followStore.follow(alice, followed.get(1), 3)).as("again, at the cap").isTrue();
      assertThat(followStore.followingCount(alice)).isEqualTo(3);

      followStore.unfollow(alice, followed.get(0));
      assertThat(followStore.follow(alice, onceTooMany, 3)).isTrue();
      assertThat(followStore.following(alice, Optional.empty(), 10))
          .containsExactlyInAnyOrder(followed.get(1), followed.get(2), onceTooMany);
    }

    @Test
    void concurrentFollowsCannotPassTheCapTogether() throws Exception {
      String alice = unique("alice");
      List<Boolean> answers = new CopyOnWriteArrayList<>();

      runConcurrently(12, i -> answers.add(followStore.follow(alice, unique("star" + i), 4)));

      assertThat(answers).hasSize(12).filteredOn(Boolean::booleanValue).hasSize(4);
      assertThat(followStore.followingCount(alice)).isEqualTo(4);
      assertThat(followStore.following(alice, Optional.empty(), 20)).hasSize(4);
    }

    @Test
    void unfollowIsIdempotent() {
      String alice = unique("alice");
      String bob = unique("bob");
      String carol = unique("carol");
      followStore.follow(alice, bob, ANY_NUMBER);
      followStore.follow(alice, carol, ANY_NUMBER);

      followStore.unfollow(alice, bob);
      followStore.unfollow(alice, bob);

      assertThat(followStore.isFollowing(alice, bob)).isFalse();
      assertThat(followStore.followingCount(alice)).isEqualTo(1);
      assertThat(followStore.followerCount(bob)).isZero();
      assertThat(followStore.following(alice, Optional.empty(), 10)).containsExactly(carol);
      assertThat(followStore.followers(bob, Optional.empty(), 10)).isEmpty();
      assertThat(followStore.followers(carol, Optional.empty(), 10)).containsExactly(alice);
    }

    @Test
    void unfollowingSomeoneNeverFollowedChangesNothing() {
      String alice = unique("alice");
      String bob = unique("bob");
      String carol = unique("carol");
      followStore.follow(carol, bob, ANY_NUMBER);

      followStore.unfollow(alice, bob);
      followStore.unfollow(alice, unique("stranger"));

      assertThat(followStore.followingCount(alice)).isZero();
      assertThat(followStore.followerCount(bob)).isEqualTo(1);
      assertThat(followStore.isFollowing(carol, bob)).isTrue();
    }

    @Test
    void nobodyFollowsOrIsFollowedByAnUnknownName() {
      String ghost = unique("ghost");

      assertThat(followStore.followingCount(ghost)).isZero();
      assertThat(followStore.followerCount(ghost)).isZero();
      assertThat(followStore.following(ghost, Optional.empty(), 10)).isEmpty();
      assertThat(followStore.followers(ghost, Optional.empty(), 10)).isEmpty();
    }

    @Test
    void followingIsPagedInNameOrder() {
      String reader = unique("reader");
      List<String> followed = IntStream.range(0, 8).mapToObj(i -> unique("f" + i)).toList();
      List<String> shuffled = new ArrayList<>(followed);
      Collections.shuffle(shuffled, new Random(1));
      shuffled.forEach(name -> followStore.follow(reader, name, ANY_NUMBER));

      assertThat(pageThrough(after -> followStore.following(reader, after, 3)))
          .containsExactlyElementsOf(followed);
      assertThat(followStore.followingCount(reader)).isEqualTo(8);
    }

    @Test
    void followersArePagedInNameOrder() {
      String star = unique("star");
      List<String> fans = IntStream.range(0, 8).mapToObj(i -> unique("fan" + i)).toList();
      List<String> shuffled = new ArrayList<>(fans);
      Collections.shuffle(shuffled, new Random(2));
      shuffled.forEach(fan -> followStore.follow(fan, star, ANY_NUMBER));

      assertThat(pageThrough(after -> followStore.followers(star, after, 3)))
          .containsExactlyElementsOf(fans);
      assertThat(followStore.followerCount(star)).isEqualTo(8);
    }

    @Test
    void concurrentFollowsAndUnfollowsOfOnePairEndConsistent() throws Exception {
      String alice = unique("alice");
      String bob = unique("bob");

      for (int round = 0; round < 5; round++) {
        runConcurrently(
            8,
            thread -> {
              for (int i = 0; i < 100; i++) {
                if ((thread + i) % 2 == 0) {
                  followStore.follow(alice, bob, ANY_NUMBER);
                } else {
                  followStore.unfollow(alice, bob);
                }
              }
            });

        long expected = followStore.isFollowing(alice, bob) ? 1 : 0;
        assertThat(followStore.followingCount(alice)).isEqualTo(expected);
        assertThat(followStore.followerCount(bob)).isEqualTo(expected);
        assertThat(followStore.following(alice, Optional.empty(), 10)).hasSize((int) expected);
        assertThat(followStore.followers(bob, Optional.empty(), 10)).hasSize((int) expected);
      }

      followStore.follow(alice, bob, ANY_NUMBER);
      assertThat(followStore.followingCount(alice)).isEqualTo(1);
      assertThat(followStore.followerCount(bob)).isEqualTo(1);
      followStore.unfollow(alice, bob);
      assertThat(followStore.followingCount(alice)).isZero();
      assertThat(followStore.followerCount(bob)).isZero();
    }

    @Test
    void concurrentFollowersOfOneUserAreAllCounted() throws Exception {
      String star = unique("star");

      runConcurrently(
          16,
          i -> {
            String fan = unique("fan" + (char) ('a' + i));
            followStore.follow(fan, star, ANY_NUMBER);
            followStore.follow(fan, star, ANY_NUMBER);
            followStore.follow(fan, unique("other"), ANY_NUMBER);
            if (i % 4 == 0) {
              followStore.unfollow(fan, star);
            }
          });

      assertThat(followStore.followerCount(star)).isEqualTo(12);
      assertThat(followStore.followers(star, Optional.empty(), 100)).hasSize(12);
      assertThat(followStore.followerCount(unique("other"))).isEqualTo(16);
    }

    @Test
    void followersOfAPageSayForEachUserHowManyAndWhetherTheReaderFollows() {
      String reader = unique("reader");
      String bob = unique("bob");
      String carol = unique("carol");
      String ghost = unique("ghost");
      followStore.follow(reader, bob, ANY_NUMBER);
      followStore.follow(carol, bob, ANY_NUMBER);
      followStore.follow(bob, carol, ANY_NUMBER);
      followStore.follow(bob, reader, ANY_NUMBER);

      List<String> page = List.of(bob, carol, ghost, reader);
      assertThat(stores.followReads().followersOf(page, Optional.of(reader)))
          .containsExactly(
              Map.entry(bob, new FollowReads.Followers(2, true)),
              Map.entry(carol, new FollowReads.Followers(1, false)),
              Map.entry(ghost, new FollowReads.Followers(0, false)),
              Map.entry(reader, new FollowReads.Followers(1, false)));
      assertThat(stores.followReads().followersOf(page, Optional.empty()).values())
          .extracting(FollowReads.Followers::count, FollowReads.Followers::byReader)
          .containsExactly(tuple(2L, false), tuple(1L, false), tuple(0L, false), tuple(1L, false));
      assertThat(stores.followReads().followersOf(List.of(), Optional.of(reader))).isEmpty();
    }

    @Test
    void followersOfMoreUsersThanOneEtcdTransactionHoldsAreAllCounted() {
      String reader = unique("reader");
      List<String> users = IntStream.range(0, 130).mapToObj(i -> unique("u" + i)).toList();
      for (int i = 0; i < users.size(); i += 3) {
        followStore.follow(reader, users.get(i), ANY_NUMBER);
      }

      Map<String, FollowReads.Followers> found =
          stores.followReads().followersOf(users, Optional.of(reader));

      assertThat(found.keySet()).containsExactlyElementsOf(users);
      for (int i = 0; i < users.size(); i++) {
        boolean followed = i % 3 == 0;
        assertThat(found.get(users.get(i)))
            .isEqualTo(new FollowReads.Followers(followed ? 1 : 0, followed));
      }
    }

    @Test
    void followingOfEachReadsTheFirstFollowsOfEveryUserInNameOrder() {
      String alice = unique("alice");
      String bob = unique("bob");
      String nobody = unique("nobody");
      List.of("d", "b", "c", "a").forEach(n -> followStore.follow(alice, unique(n), ANY_NUMBER));
      followStore.follow(bob, unique("e"), ANY_NUMBER);

      assertThat(stores.followReads().followingOfEach(List.of(alice, bob, nobody), 3))
          .containsExactly(
              Map.entry(alice, List.of(unique("a"), unique("b"), unique("c"))),
              Map.entry(bob, List.of(unique("e"))),
              Map.entry(nobody, List.of()));
      List<String> many = IntStream.range(0, 130).mapToObj(i -> unique("m" + i)).toList();
      assertThat(stores.followReads().followingOfEach(many, 3))
          .hasSize(130)
          .allSatisfy((k, v) -> assertThat(v).isEmpty());
    }

    @Test
    void mostFollowedRanksByBandsOfTheFollowerCountThenByNameAndDropsThoseLeftWithNone() {
      String star = unique("star"); // 16 followers: band 4
      String mid = unique("mid"); // 4: band 2
      String alsoMid = unique("also_mid"); // 5: band 2, before mid by name
      String low = unique("low"); // 1: band 0
      followers(star, 16);
      followers(mid, 4);
      followers(alsoMid, 5);
      followers(low, 1);

      assertThat(ours(stores.followReads().mostFollowed(100_000)))
          .containsExactly(star, alsoMid, mid, low);

      followStore.unfollow(unique(star + "_fan0"), star); // 15: band 3, still first
      followStore.unfollow(unique(low + "_fan0"), low); // none: not ranked
      followStore.unfollow(unique(low + "_fan0"), low); // again: nothing changes
      followStore.follow(unique(mid + "_fan0"), mid, ANY_NUMBER); // again: nothing changes

      assertThat(ours(stores.followReads().mostFollowed(100_000)))
          .containsExactly(star, alsoMid, mid);
      for (int i = 0; i < 4; i++) {
        followStore.unfollow(unique(mid + "_fan" + i), mid);
      }
      assertThat(ours(stores.followReads().mostFollowed(100_000))).containsExactly(star, alsoMid);
      assertThat(stores.followReads().mostFollowed(0)).isEmpty();
      assertThat(stores.followReads().mostFollowed(3)).hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void concurrentFollowsAndUnfollowsLeaveAUserRankedOnceOrNotAtAll() throws Exception {
      String star = unique("star");

      runConcurrently(
          16,
          i -> {
            String fan = unique("fan" + (char) ('a' + i));
            followStore.follow(fan, star, ANY_NUMBER);
            if (i % 2 == 0) {
              followStore.unfollow(fan, star);
            }
          });

      assertThat(followStore.followerCount(star)).isEqualTo(8);
      assertThat(ours(stores.followReads().mostFollowed(100_000))).containsExactly(star);
      for (int i = 0; i < 16; i++) {
        followStore.unfollow(unique("fan" + (char) ('a' + i)), star);
      }
      assertThat(ours(stores.followReads().mostFollowed(100_000))).isEmpty();
    }

    /** Gives {@code user} {@code count} followers, named {@code {user}_fan{i}}. */
    private void followers(String user, int count) {
      for (int i = 0; i < count; i++) {
        followStore.follow(unique(user + "_fan" + i), user, ANY_NUMBER);
      }
    }

    /** This test's names among {@code names}, in their order (others share the storage). */
    private List<String> ours(List<String> names) {
      return names.stream().filter(name -> name.startsWith(scope)).toList();
    }
  }

  /** {@link PostStore}. */
  @Nested
  class Posts {

    @Test
    void deletePostsOfRemovesAnAuthorsPostsInBoundedSteps() {
      String alice = unique("alice");
      String bob = unique("bob");
      for (int i = 1; i <= 7; i++) {
        signedIn.savePost(post(alice, i));
      }
      signedIn.savePost(post(bob, 8));

      int deleted = 0;
      for (int step = postStore.deletePostsOf(alice, 3);
          step > 0;
          step = postStore.deletePostsOf(alice, 3)) {
        assertThat(step).isLessThanOrEqualTo(3);
        deleted += step;
      }

      assertThat(deleted).isEqualTo(7);
      assertThat(postStore.postCount(alice)).isZero();
      assertThat(postStore.postsBy(alice, Optional.empty(), 10)).isEmpty();
      assertThat(postStore.postsBy(bob, Optional.empty(), 10)).containsExactly(post(bob, 8));
      assertThat(postStore.deletePostsOf(alice, 3)).isZero();
      assertThat(postStore.everyonesPosts(Optional.of(id(9)), 10))
          .as("alice's posts left everyone's posts too")
          .startsWith(post(bob, 8))
          .doesNotContain(post(alice, 7), post(alice, 1));
    }

    @Test
    void everyonesPostsAreEveryAuthorsNewestFirstPagedWithBefore() {
      // The storage may be shared with other tests: this test's posts have ids no other post has
      // and are read through a cursor just above them, so they are the newest of that page.
      List<String> authors = List.of(unique("alice"), unique("bob"), unique("carol"));
      List<Post> posts = IntStream.range(0, 12).mapToObj(i -> post(authors.get(i % 3), i)).toList();
      List<Post> shuffled = new ArrayList<>(posts);
      Collections.shuffle(shuffled, new Random(5));
      shuffled.forEach(signedIn::savePost);
      signedIn.savePost(posts.get(4)); // a retry changes nothing

      List<Post> pagedThrough = new ArrayList<>();
      Optional<String> before = Optional.of(id(12));
      while (pagedThrough.size() < posts.size()) {
        List<Post> page = postStore.everyonesPosts(before, 5);
        assertThat(page).isNotEmpty().hasSizeLessThanOrEqualTo(5);
        pagedThrough.addAll(page);
        before = Optional.of(page.get(page.size() - 1).id());
      }

      List<Post> newestFirst = new ArrayList<>(posts);
      Collections.reverse(newestFirst);
      assertThat(pagedThrough.subList(0, posts.size())).containsExactlyElementsOf(newestFirst);
      assertThat(postStore.everyonesPosts(Optional.of(id(4)), 2))
          .containsExactly(posts.get(3), posts.get(2));
      assertThat(postStore.everyonesPosts(Optional.empty(), 3))
          .hasSize(3)
          .extracting(Post::id)
          .isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    void aPostNotSavedIsNotAmongEveryonesPosts() {
      String alice = unique("alice");
      Session forged = session(unique("hash"), alice, now().plus(Duration.ofHours(1)));

      assertThat(postStore.savePost(post(alice, 1), forged)).isFalse();

      assertThat(postStore.everyonesPosts(Optional.of(id(2)), 1)).doesNotContain(post(alice, 1));
    }

    @Test
    void postsSpreadOverYearsArePagedNewestFirstWhateverTheGapsBetweenThem() {
      // etcd reads these lists through buckets of days, minutes and seconds: every gap and page
      // size must come out whole
      String tag = unique("t").replace("_", "");
      String alice = unique("alice");
      long now = System.currentTimeMillis();
      long[] ages = {-3_600_000, 0, 10_000, 300_000, 10_800_000, 2 * DAY_MILLIS, 400 * DAY_MILLIS};
      List<Post> newestFirst = new ArrayList<>();
      for (int i = 0; i < ages.length; i++) {
        newestFirst.add(postAt(alice, now - ages[i], i, "#" + tag));
      }
      newestFirst.add(postAt(alice, 1_000_000_000_000L, ages.length, "#" + tag)); // in 2001
      newestFirst.forEach(signedIn::savePost);

      assertPagedWithEverySize(
          newestFirst, (before, size) -> postStore.taggedWith(tag, before, size));
      assertThat(postStore.everyonesPosts(Optional.empty(), 1)).containsExactly(newestFirst.get(0));
    }

    @Test
    void savePostIsIdempotentById() {
      Post post = post(unique("alice"), 1);

      signedIn.savePost(post);
      signedIn.savePost(post);

      assertThat(postStore.postCount(post.author())).isEqualTo(1);
      assertThat(postStore.postsBy(post.author(), Optional.empty(), 10)).containsExactly(post);
    }

    @Test
    void aPostIsNotSavedOnceItsAuthorHasSignedOut() {
      String alice = unique("alice");
      Session signedOut = session(unique("hash"), alice, now().plus(Duration.ofHours(1)));
      sessionStore.saveSession(signedOut);
      sessionStore.deleteSession(signedOut.tokenHash());

      assertThat(postStore.savePost(post(alice, 1), signedOut)).isFalse();

      assertThat(postStore.postCount(alice)).isZero();
      assertThat(postStore.postsBy(alice, Optional.empty(), 10)).isEmpty();
    }

    @Test
    void aPostIsNotSavedWithASessionThatWasNeverStored() {
      String alice = unique("alice");
      Session forged = session(unique("hash"), alice, now().plus(Duration.ofHours(1)));

      assertThat(postStore.savePost(post(alice, 1), forged)).isFalse();

      assertThat(postStore.postCount(alice)).isZero();
    }

    @Test
    void aRetryOfASavedPostSucceedsEvenAfterItsAuthorSignedOut() {
      // A retry of a write that was applied but not acknowledged must not report a failure.
      Post post = post(unique("alice"), 1);
      Session author = session(unique("hash"), post.author(), now().plus(Duration.ofHours(1)));
      sessionStore.saveSession(author);
      assertThat(postStore.savePost(post, author)).isTrue();
      sessionStore.deleteSession(author.tokenHash());

      assertThat(postStore.savePost(post, author)).isTrue();

      assertThat(postStore.postsBy(post.author(), Optional.empty(), 10)).containsExactly(post);
    }

    @Test
    void postsByIsNewestFirstAndPagesWithBeforeWithoutDuplicatesOrGaps() {
      String author = unique("alice");
      List<Post> posts = IntStream.range(0, 25).mapToObj(i -> post(author, i)).toList();
      List<Post> shuffled = new ArrayList<>(posts);
      Collections.shuffle(shuffled, new Random(3));
      shuffled.forEach(signedIn::savePost);
      signedIn.savePost(post(unique("bob"), 100)); // another author's post never shows

      List<Post> pagedThrough = new ArrayList<>();
      Optional<String> before = Optional.empty();
      List<Post> page;
      do {
        page = postStore.postsBy(author, before, 7);
        assertThat(page).hasSizeLessThanOrEqualTo(7);
        pagedThrough.addAll(page);
        before = page.isEmpty() ? before : Optional.of(page.get(page.size() - 1).id());
      } while (!page.isEmpty());

      List<Post> newestFirst = new ArrayList<>(posts);
      Collections.reverse(newestFirst);
      assertThat(pagedThrough).containsExactlyElementsOf(newestFirst);
      assertThat(postStore.postCount(author)).isEqualTo(25);
    }

    @Test
    void postsByBeforeAnIdBetweenTwoPostsStartsAtTheOlderOne() {
      String author = unique("alice");
      Post older = post(author, 10);
      Post newer = post(author, 20);
      signedIn.savePost(older);
      signedIn.savePost(newer);

      assertThat(postStore.postsBy(author, Optional.of(id(15)), 10)).containsExactly(older);
      assertThat(postStore.postsBy(author, Optional.of(older.id()), 10)).isEmpty();
    }

    @Test
    void anAuthorWithoutPostsHasNone() {
      assertThat(postStore.postCount(unique("quiet"))).isZero();
      assertThat(postStore.postsBy(unique("quiet"), Optional.empty(), 10)).isEmpty();
    }

    @Test
    void postCountCountsEachAuthorApart() {
      String alice = unique("alice");
      String bob = unique("bob");
      IntStream.range(0, 3).forEach(i -> signedIn.savePost(post(alice, i)));
      IntStream.range(3, 8).forEach(i -> signedIn.savePost(post(bob, i)));

      assertThat(postStore.postCount(alice)).isEqualTo(3);
      assertThat(postStore.postCount(bob)).isEqualTo(5);
    }

    @Test
    void concurrentPostsAreAllStoredAndCounted() throws Exception {
      String author = unique("busy");
      int threads = 8;
      int postsEach = 50;

      runConcurrently(
          threads,
          thread -> {
            for (int i = 0; i < postsEach; i++) {
              signedIn.savePost(post(author, thread * postsEach + i));
            }
          });

      List<Post> stored = postStore.postsBy(author, Optional.empty(), 1000);
      assertThat(postStore.postCount(author)).isEqualTo(threads * postsEach);
      assertThat(stored).hasSize(threads * postsEach);
      assertThat(stored).extracting(Post::id).doesNotHaveDuplicates();
      assertThat(stored).extracting(Post::id).isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    void concurrentRetriesOfOnePostStoreItOnce() throws Exception {
      Post post = post(unique("alice"), 1);

      runConcurrently(8, i -> signedIn.savePost(post));

      assertThat(postStore.postCount(post.author())).isEqualTo(1);
      assertThat(postStore.postsBy(post.author(), Optional.empty(), 10)).containsExactly(post);
    }
  }

  /** {@link FeedReads}, through the {@link FollowsCache} a home feed page reads it with. */
  @Nested
  class Feed {

    @Test
    void followingWhileSignedInReadsTheSlicesOfALiveSessionOnly() {
      String reader = unique("reader");
      List<String> followed = IntStream.range(0, 5).mapToObj(i -> unique("f" + i)).toList();
      followed.forEach(name -> followStore.follow(reader, name, ANY_NUMBER));
      Session session = session(unique("hash"), reader, now().plus(Duration.ofHours(1)));
      sessionStore.saveSession(session);

      assertThat(feedReads.followingWhileSignedIn(session, Optional.empty(), 3))
          .contains(followed.subList(0, 3));
      assertThat(feedReads.followingWhileSignedIn(session, Optional.of(followed.get(2)), 3))
          .contains(followed.subList(3, 5));
      assertThat(feedReads.followingWhileSignedIn(session, Optional.empty(), 0))
          .contains(List.of());

      sessionStore.deleteSession(session.tokenHash());
      assertThat(feedReads.followingWhileSignedIn(session, Optional.empty(), 3)).isEmpty();
      assertThat(feedReads.followingWhileSignedIn(session, Optional.empty(), 0)).isEmpty();
      Session forged = session(unique("hash"), reader, now().plus(Duration.ofHours(1)));
      assertThat(feedReads.followingWhileSignedIn(forged, Optional.empty(), 3)).isEmpty();
    }

    @Test
    void postsByEachAnswersLikePostsByForEachAuthorInTheirOrder() {
      String alice = unique("alice");
      String bob = unique("bob");
      String quiet = unique("quiet");
      IntStream.range(0, 5).forEach(i -> signedIn.savePost(post(alice, i)));
      IntStream.range(5, 8).forEach(i -> signedIn.savePost(post(bob, i)));
      List<String> authors = List.of(bob, quiet, alice);

      for (Optional<String> before : List.of(Optional.<String>empty(), Optional.of(id(6)))) {
        List<List<Post>> each = feedReads.postsByEach(authors, before, 2);
        assertThat(each)
            .containsExactlyElementsOf(
                authors.stream().map(author -> postStore.postsBy(author, before, 2)).toList());
      }
      assertThat(feedReads.postsByEach(authors, Optional.empty(), 2).get(2))
          .containsExactly(post(alice, 4), post(alice, 3));
      assertThat(feedReads.postsByEach(List.of(), Optional.empty(), 2)).isEmpty();
    }

    @Test
    void postsByEachReadsMoreAuthorsThanOneEtcdTransactionHolds() {
      List<String> authors =
          IntStream.range(0, 130).mapToObj(i -> unique("author" + i + "_")).toList();
      IntStream.range(0, authors.size()).forEach(i -> signedIn.savePost(post(authors.get(i), i)));

      List<List<Post>> each = feedReads.postsByEach(authors, Optional.empty(), 3);

      assertThat(each).hasSize(130);
      IntStream.range(0, authors.size())
          .forEach(i -> assertThat(each.get(i)).containsExactly(post(authors.get(i), i)));
    }

    @Test
    void postsByEachReturnsMoreThanOneGrpcMessageHolds() throws Exception {
      // 12 authors' 450 longest posts in 3-byte characters: ~5 MB, where a gRPC message holds 4
      // MiB.
      List<String> authors =
          IntStream.range(0, 12).mapToObj(i -> unique("author" + i + "_")).toList();
      String longest = "語".repeat(Limits.POST_MAX_LENGTH);
      int each = 450;
      runConcurrently(
          authors.size(),
          a ->
              IntStream.range(0, each)
                  .forEach(
                      i -> {
                        int n = a * each + i;
                        signedIn.savePost(
                            new Post(
                                id(n),
                                authors.get(a),
                                longest,
                                Instant.ofEpochMilli(epochBase + n)));
                      }));

      List<List<Post>> all = feedReads.postsByEach(authors, Optional.empty(), each);

      assertThat(all).hasSize(authors.size());
      IntStream.range(0, authors.size())
          .forEach(
              a -> {
                assertThat(all.get(a)).hasSize(each).allMatch(post -> post.text().equals(longest));
                assertThat(all.get(a).get(0).id()).isEqualTo(id(a * each + each - 1));
              });
    }

    @Test
    void followedWhileSignedInReadsWhomTheReaderFollowsWithTheirShareOfPosts() {
      String reader = unique("reader");
      String alice = unique("alice");
      String bob = unique("bob");
      String quiet = unique("quiet");
      List.of(bob, quiet, alice).forEach(name -> followStore.follow(reader, name, ANY_NUMBER));
      IntStream.range(0, 5).forEach(i -> signedIn.savePost(post(alice, i)));
      IntStream.range(5, 8).forEach(i -> signedIn.savePost(post(bob, i)));
      Session session = liveSession(reader);
      List<Integer> asked = new CopyOnWriteArrayList<>();

      for (int read = 0; read < 2; read++) { // a second read may come from what the first learnt
        Followed followed =
            followsCache
                .followedWhileSignedIn(
                    session,
                    Optional.empty(),
                    authors -> {
                      asked.add(authors);
                      return 2;
                    })
                .orElseThrow();
        assertThat(followed.authors()).containsExactly(alice, bob, quiet);
        assertThat(followed.timelines())
            .containsExactly(
                List.of(post(alice, 4), post(alice, 3)),
                List.of(post(bob, 7), post(bob, 6)),
                List.of());
      }
      assertThat(asked).containsOnly(3);
      assertThat(followsCache.followedWhileSignedIn(session, Optional.of(id(4)), authors -> 2))
          .map(Followed::timelines)
          .contains(List.of(List.of(post(alice, 3), post(alice, 2)), List.of(), List.of()));

      sessionStore.deleteSession(session.tokenHash());
      assertThat(followsCache.followedWhileSignedIn(session, Optional.empty(), authors -> 2))
          .isEmpty();
    }

    @Test
    void followedWhileSignedInSeesFollowsChangedThroughAnotherInstance() {
      String reader = unique("reader");
      String alice = unique("alice");
      String bob = unique("bob");
      signedIn.savePost(post(alice, 1));
      signedIn.savePost(post(bob, 2));
      followStore.follow(reader, alice, ANY_NUMBER);
      Session session = liveSession(reader);
      Stores elsewhere = anotherInstance();

      assertThat(followedBy(session)).containsExactly(alice);
      elsewhere.follows().follow(reader, bob, ANY_NUMBER);
      assertThat(followedBy(session)).containsExactly(alice, bob);
      elsewhere.follows().unfollow(reader, alice);
      assertThat(followedBy(session)).containsExactly(bob);
      assertThat(followsCache.followedWhileSignedIn(session, Optional.empty(), authors -> 2))
          .map(Followed::timelines)
          .contains(List.of(List.of(post(bob, 2))));
      followStore.unfollow(reader, bob);
      assertThat(followedBy(session)).isEmpty();

      elsewhere.sessions().deleteSession(session.tokenHash());
      assertThat(followsCache.followedWhileSignedIn(session, Optional.empty(), authors -> 2))
          .isEmpty();
    }

    @Test
    void followedWhileSignedInNeverTrustsAKnownListThatIsNoLongerCurrent() {
      String reader = unique("reader");
      String alice = unique("alice");
      String bob = unique("bob");
      signedIn.savePost(post(alice, 1));
      signedIn.savePost(post(bob, 2));
      followStore.follow(reader, alice, ANY_NUMBER);
      Session session = liveSession(reader);
      FollowsAsOf known =
          feedReads
              .followedWhileSignedIn(session, Optional.empty(), authors -> 2, Optional.empty())
              .orElseThrow()
              .asOf()
              .orElse(new FollowsAsOf(0, List.of(alice)));
      followStore.follow(reader, bob, ANY_NUMBER);

      for (FollowsAsOf stale : List.of(known, new FollowsAsOf(known.version(), List.of(bob)))) {
        Followed followed =
            feedReads
                .followedWhileSignedIn(session, Optional.empty(), authors -> 2, Optional.of(stale))
                .orElseThrow();
        assertThat(followed.authors()).containsExactly(alice, bob);
        assertThat(followed.timelines())
            .containsExactly(List.of(post(alice, 1)), List.of(post(bob, 2)));
        followed
            .asOf()
            .ifPresent(current -> assertThat(current.authors()).containsExactly(alice, bob));
      }
    }

    @Test
    void followedWhileSignedInReadsMoreAuthorsThanOneEtcdTransactionHolds() {
      String reader = unique("reader");
      List<String> authors =
          IntStream.range(0, 130).mapToObj(i -> unique(String.format("author%03d", i))).toList();
      authors.forEach(author -> followStore.follow(reader, author, ANY_NUMBER));
      IntStream.range(0, authors.size()).forEach(i -> signedIn.savePost(post(authors.get(i), i)));
      Session session = liveSession(reader);

      for (int read = 0; read < 2; read++) {
        Followed followed =
            followsCache.followedWhileSignedIn(session, Optional.empty(), n -> 2).orElseThrow();
        assertThat(followed.authors()).containsExactlyElementsOf(authors);
        IntStream.range(0, authors.size())
            .forEach(
                i ->
                    assertThat(followed.timelines().get(i))
                        .containsExactly(post(authors.get(i), i)));
      }
    }
  }

  /** Replies: {@link PostStore#saveReply} and {@link PostStore#repliesTo}. */
  @Nested
  class Replies {

    /** A reply to {@code answered} published at {@code epochMillis}, the {@code n}th then. */
    private static Post replyAt(Post answered, String author, long epochMillis, int n) {
      return answering(answered, postAt(author, epochMillis, n, "an answer"));
    }

    private Post replyTo(Post answered, String author, int n) {
      return answering(answered, post(author, n));
    }

    /** {@code post} as a reply to {@code answered}. */
    private static Post answering(Post answered, Post post) {
      return new Post(
          post.id(),
          post.author(),
          post.text(),
          post.createdAt(),
          Optional.of(new Post.ReplyTo(answered.id(), answered.author())));
    }

    @Test
    void repliesSpreadOverAYearArePagedOldestFirstWhateverTheGapsBetweenThem() {
      // etcd reads replies through buckets of days, minutes and seconds: every gap and page size
      // must come out whole
      long now = System.currentTimeMillis();
      Post question = postAt(unique("alice"), now - 400 * DAY_MILLIS, 0, "a question");
      signedIn.savePost(question);
      Session bob = signedInAs(unique("bob"));
      long[] ages = {399 * DAY_MILLIS, 2 * DAY_MILLIS, 300_000, 1_000, 0, -3_600_000};
      List<Post> oldestFirst = new ArrayList<>();
      for (int i = 0; i < ages.length; i++) {
        Post reply = replyAt(question, bob.username(), now - ages[i], i + 1);
        assertThat(postStore.saveReply(reply, bob)).isEqualTo(PostStore.ReplyOutcome.SAVED);
        oldestFirst.add(reply);
      }

      assertPagedWithEverySize(
          oldestFirst, (after, size) -> postStore.repliesTo(question.id(), after, size));
    }

    @Test
    void postsOnEitherSideOfADayAMinuteAndASecondArePagedWholeBothWays() {
      // etcd's buckets of days, minutes and seconds meet at these edges
      long today = Math.floorDiv(System.currentTimeMillis(), DAY_MILLIS) * DAY_MILLIS;
      long day = today - 3 * DAY_MILLIS;
      long minute = day + 7 * 60_000;
      long second = minute + 13_000;
      long[] times = {
        day - 1, day, day, day + 1, minute - 1, minute, second - 1, second, second, second + 999
      };
      String tag = unique("edge").replace("_", "");
      Session bob = signedInAs(unique("bob"));
      Post question = postAt(bob.username(), day - DAY_MILLIS, 0, "a question");
      signedIn.savePost(question);
      List<Post> oldestFirst = new ArrayList<>();
      List<Post> replies = new ArrayList<>();
      for (int i = 0; i < times.length; i++) {
        Post post = postAt(bob.username(), times[i], 2 * i + 1, "#" + tag);
        signedIn.savePost(post);
        oldestFirst.add(post);
        Post reply = replyAt(question, bob.username(), times[i], 2 * i + 2);
        assertThat(postStore.saveReply(reply, bob)).isEqualTo(PostStore.ReplyOutcome.SAVED);
        replies.add(reply);
      }

      assertPagedWithEverySize(
          oldestFirst.reversed(), (before, size) -> postStore.taggedWith(tag, before, size));
      assertPagedWithEverySize(
          replies, (after, size) -> postStore.repliesTo(question.id(), after, size));
    }

    @Test
    void repliesAreListedUnderTheirPostOldestFirstAndAreEveryonesPostsToo() {
      Post question = post(unique("alice"), 1);
      signedIn.savePost(question);
      Session bob = signedInAs(unique("bob"));
      Session carol = signedInAs(unique("carol"));
      List<Post> answers = new ArrayList<>();
      for (int i = 2; i <= 8; i++) {
        Session replier = i % 2 == 0 ? bob : carol;
        Post reply = replyTo(question, replier.username(), i);
        assertThat(postStore.saveReply(reply, replier)).isEqualTo(PostStore.ReplyOutcome.SAVED);
        answers.add(reply);
      }
      assertThat(postStore.saveReply(answers.get(0), bob))
          .as("a retry")
          .isEqualTo(PostStore.ReplyOutcome.SAVED);

      List<Post> first = postStore.repliesTo(question.id(), Optional.empty(), 4);
      List<Post> rest = postStore.repliesTo(question.id(), Optional.of(first.get(3).id()), 4);

      assertThat(first).containsExactlyElementsOf(answers.subList(0, 4));
      assertThat(rest).containsExactlyElementsOf(answers.subList(4, 7));
      assertThat(postStore.postsBy(bob.username(), Optional.empty(), 10))
          .containsExactly(answers.get(6), answers.get(4), answers.get(2), answers.get(0));
      assertThat(postStore.postsById(List.of(answers.get(1).id()))).containsExactly(answers.get(1));
      assertThat(postStore.everyonesPosts(Optional.of(id(9)), 1)).containsExactly(answers.get(6));
      assertThat(postStore.repliesTo(answers.get(0).id(), Optional.empty(), 10)).isEmpty();
    }

    @Test
    void aReplyToAnUnknownOrDeletedPostIsRefusedAndStoresNothing() {
      String alice = unique("alice");
      Post gone = post(alice, 1);
      signedIn.savePost(gone);
      postStore.deletePostsOf(alice, 10);
      Session bob = signedInAs(unique("bob"));
      Post toGone = replyTo(gone, bob.username(), 2);
      Post toNothing = replyTo(post(alice, 3), bob.username(), 4);

      assertThat(postStore.saveReply(toGone, bob)).isEqualTo(PostStore.ReplyOutcome.NO_SUCH_POST);
      assertThat(postStore.saveReply(toNothing, bob))
          .isEqualTo(PostStore.ReplyOutcome.NO_SUCH_POST);

      assertThat(postStore.postCount(bob.username())).isZero();
      assertThat(postStore.postsById(List.of(toGone.id(), toNothing.id()))).isEmpty();
      assertThat(postStore.repliesTo(gone.id(), Optional.empty(), 10)).isEmpty();
    }

    @Test
    void aReplyIsNotSavedOnceItsAuthorHasSignedOut() {
      Post question = post(unique("alice"), 1);
      signedIn.savePost(question);
      Session bob = signedInAs(unique("bob"));
      sessionStore.deleteSession(bob.tokenHash());

      assertThat(postStore.saveReply(replyTo(question, bob.username(), 2), bob))
          .isEqualTo(PostStore.ReplyOutcome.SIGNED_OUT);
      assertThat(postStore.repliesTo(question.id(), Optional.empty(), 10)).isEmpty();
    }

    @Test
    void deletingARepliersPostsTakesTheirRepliesFromTheThread() {
      Post question = post(unique("alice"), 1);
      signedIn.savePost(question);
      Session bob = signedInAs(unique("bob"));
      Session carol = signedInAs(unique("carol"));
      Post bobs = replyTo(question, bob.username(), 2);
      Post carols = replyTo(question, carol.username(), 3);
      postStore.saveReply(bobs, bob);
      postStore.saveReply(carols, carol);

      postStore.deletePostsOf(bob.username(), 10);

      assertThat(postStore.repliesTo(question.id(), Optional.empty(), 10)).containsExactly(carols);
    }
  }

  /** Mentions and hashtags: {@link PostStore#mentionsOf} and {@link PostStore#taggedWith}. */
  @Nested
  class MentionsAndTags {

    private Post saying(String author, int n, String text) {
      Post post = post(author, n);
      return new Post(post.id(), author, text, post.createdAt());
    }

    @Test
    void postsAreListedUnderWhomTheyMentionAndTheirTagsNewestFirst() {
      String alice = unique("alice");
      String bob = unique("bob");
      String tag = unique("tag");
      Post first = saying(alice, 1, "hi @" + bob + " #" + tag);
      Post second =
          saying(
              alice, 2, "@" + bob.toUpperCase(Locale.ROOT) + " #" + tag.toUpperCase(Locale.ROOT));
      Post third = saying(alice, 3, "@" + bob + "x is someone else, #" + tag + "x too");
      List.of(first, second, third).forEach(signedIn::savePost);
      Post reply =
          new Post(
              id(4),
              bob,
              "thanks @" + alice + " #" + tag,
              post(bob, 4).createdAt(),
              Optional.of(new Post.ReplyTo(first.id(), alice)));
      assertThat(postStore.saveReply(reply, signedInAs(bob)))
          .isEqualTo(PostStore.ReplyOutcome.SAVED);

      assertThat(postStore.mentionsOf(bob, Optional.empty(), 10)).containsExactly(second, first);
      assertThat(postStore.mentionsOf(bob, Optional.of(second.id()), 10)).containsExactly(first);
      assertThat(postStore.mentionsOf(alice, Optional.empty(), 10)).containsExactly(reply);
      assertThat(postStore.taggedWith(tag, Optional.empty(), 2)).containsExactly(reply, second);
      assertThat(postStore.taggedWith(tag + "x", Optional.empty(), 10)).containsExactly(third);
    }

    @Test
    void deletedPostsLeaveTheListsAndAGoneUsersMentionsAreForgotten() {
      String alice = unique("alice");
      String bob = unique("bob");
      String tag = unique("tag");
      List<Post> posts =
          IntStream.range(0, 9)
              .mapToObj(
                  i ->
                      saying(
                          alice,
                          i,
                          "@"
                              + bob
                              + " "
                              + IntStream.range(0, 12)
                                  .mapToObj(t -> "#" + tag + t)
                                  .collect(java.util.stream.Collectors.joining(" "))))
              .toList();
      posts.forEach(signedIn::savePost);
      Post bobs = saying(bob, 10, "@" + alice);
      signedIn.savePost(bobs);

      int deleted = 0;
      for (int step = postStore.deletePostsOf(alice, 60);
          step > 0;
          step = postStore.deletePostsOf(alice, 60)) {
        deleted += step;
      }

      assertThat(deleted).isEqualTo(9);
      assertThat(postStore.postCount(alice)).isZero();
      assertThat(postStore.mentionsOf(bob, Optional.empty(), 10)).isEmpty();
      assertThat(postStore.taggedWith(tag + 0, Optional.empty(), 10)).isEmpty();
      assertThat(postStore.taggedWith(tag + 9, Optional.empty(), 10)).isEmpty();
      assertThat(postStore.mentionsOf(alice, Optional.empty(), 10)).containsExactly(bobs);
      postStore.forgetMentionsOf(alice);
      assertThat(postStore.mentionsOf(alice, Optional.empty(), 10)).isEmpty();
    }
  }

  /** {@link LikeStore}. */
  @Nested
  class Likes {

    @Test
    void aLikeIsCountedOnceAndUndoneByUnlike() {
      Post post = post(unique("alice"), 1);
      signedIn.savePost(post);
      Session bob = signedInAs(unique("bob"));

      assertThat(likeStore.like(bob, post.id())).isEqualTo(LikeStore.Outcome.LIKED);
      assertThat(likeStore.like(bob, post.id())).isEqualTo(LikeStore.Outcome.LIKED);

      assertThat(likesOf(List.of(post.id()), Optional.of(bob.username())))
          .containsExactly(Map.entry(post.id(), new LikeStore.Likes(1, true)));
      assertThat(likesOf(List.of(post.id()), Optional.of(unique("carol"))))
          .containsExactly(Map.entry(post.id(), new LikeStore.Likes(1, false)));
      assertThat(likeStore.likedBy(bob.username(), Optional.empty(), 10))
          .containsExactly(post.id());

      likeStore.unlike(bob.username(), post.id());
      likeStore.unlike(bob.username(), post.id());

      assertThat(likesOf(List.of(post.id()), Optional.of(bob.username())))
          .containsExactly(Map.entry(post.id(), new LikeStore.Likes(0, false)));
      assertThat(likeStore.likedBy(bob.username(), Optional.empty(), 10)).isEmpty();
    }

    @Test
    void anUnknownOrDeletedPostCannotBeLiked() {
      String alice = unique("alice");
      Post gone = post(alice, 1);
      signedIn.savePost(gone);
      postStore.deletePostsOf(alice, 10);
      Session bob = signedInAs(unique("bob"));

      assertThat(likeStore.like(bob, gone.id())).isEqualTo(LikeStore.Outcome.NO_SUCH_POST);
      assertThat(likeStore.like(bob, id(2))).isEqualTo(LikeStore.Outcome.NO_SUCH_POST);
      assertThat(likeStore.likedBy(bob.username(), Optional.empty(), 10)).isEmpty();
    }

    @Test
    void aLikeIsNotStoredOnceItsSessionHasEnded() {
      Post post = post(unique("alice"), 1);
      signedIn.savePost(post);
      Session bob = signedInAs(unique("bob"));
      sessionStore.deleteSession(bob.tokenHash());

      assertThat(likeStore.like(bob, post.id())).isEqualTo(LikeStore.Outcome.SIGNED_OUT);
      assertThat(likesOf(List.of(post.id()), Optional.empty()).get(post.id()).count()).isZero();
    }

    @Test
    void concurrentLikesOfOnePostByManyUsersAreCountedExactly() throws Exception {
      Post post = post(unique("star"), 1);
      signedIn.savePost(post);
      int fans = 40;
      List<Session> sessions =
          IntStream.range(0, fans).mapToObj(i -> signedInAs(unique("fan" + i))).toList();
      assertThat(likesOf(List.of(post.id()), Optional.empty())).containsValue(LikeStore.Likes.NONE);

      runConcurrently(
          8,
          thread -> {
            for (int i = thread; i < fans; i += 8) {
              likeStore.like(sessions.get(i), post.id());
              likeStore.like(sessions.get(i), post.id()); // a retry
            }
          });
      runConcurrently(4, thread -> likeStore.unlike(sessions.get(thread).username(), post.id()));

      assertThat(likesOf(List.of(post.id()), Optional.empty()).get(post.id()).count())
          .isEqualTo(fans - 4);
    }

    @Test
    void likesGivenThroughAnotherInstanceShowOnTheNextRead() {
      String alice = unique("alice");
      Post post = post(alice, 1);
      signedIn.savePost(post);
      Session reader = liveSession(unique("reader"));
      followStore.follow(reader.username(), alice, ANY_NUMBER);
      LikeStore elsewhere = anotherInstance().likes();
      List<Session> fans =
          IntStream.range(0, 12).mapToObj(i -> signedInAs(unique("fan" + i))).toList();
      List<String> shown = List.of(post.id());

      for (int i = 0; i < fans.size(); i++) {
        Session fan = fans.get(i);
        assertThat(likesOf(shown, Optional.of(fan.username())))
            .containsEntry(post.id(), new LikeStore.Likes(i, false));
        elsewhere.like(fan, post.id());
        assertThat(likesOf(shown, Optional.of(fan.username())))
            .containsEntry(post.id(), new LikeStore.Likes(i + 1, true));
        if (i % 3 == 2) {
          elsewhere.unlike(fan.username(), post.id());
          assertThat(likeStore.likesOf(shown, Optional.of(fan.username()), likesVersionOf(reader)))
              .containsEntry(post.id(), new LikeStore.Likes(i, false));
          elsewhere.like(fan, post.id());
        }
        assertThat(likeStore.likesOf(shown, Optional.of(fan.username()), likesVersionOf(reader)))
            .containsEntry(post.id(), new LikeStore.Likes(i + 1, true));
      }
    }

    /** The likes version of a home feed read, as a page passes it (etcd: its second read on). */
    private OptionalLong likesVersionOf(Session reader) {
      return followsCache
          .followedWhileSignedIn(reader, Optional.empty(), authors -> 2)
          .orElseThrow()
          .likesVersion();
    }

    @Test
    void aUsersLikesAreListedNewestPostFirstAndPaged() {
      String alice = unique("alice");
      List<Post> posts = IntStream.range(0, 7).mapToObj(i -> post(alice, i)).toList();
      posts.forEach(signedIn::savePost);
      Session bob = signedInAs(unique("bob"));
      List.of(3, 0, 6, 1, 5).forEach(i -> likeStore.like(bob, posts.get(i).id()));

      List<String> first = likeStore.likedBy(bob.username(), Optional.empty(), 3);
      List<String> rest = likeStore.likedBy(bob.username(), Optional.of(first.get(2)), 3);

      assertThat(first).containsExactly(id(6), id(5), id(3));
      assertThat(rest).containsExactly(id(1), id(0));
      assertThat(postStore.postsById(List.of(id(5), id(4), id(1))))
          .containsExactly(posts.get(5), posts.get(4), posts.get(1));
      assertThat(postStore.postsById(List.of(id(99)))).isEmpty();
    }

    @Test
    void likesOfAPageSayForEachPostHowManyAndWhetherTheReaderLikesIt() {
      String alice = unique("alice");
      List<Post> posts = IntStream.range(0, 70).mapToObj(i -> post(alice, i)).toList();
      posts.forEach(signedIn::savePost);
      Session bob = signedInAs(unique("bob"));
      Session carol = signedInAs(unique("carol"));
      likeStore.like(bob, id(0));
      likeStore.like(carol, id(0));
      likeStore.like(carol, id(69));

      Map<String, LikeStore.Likes> likes =
          likesOf(posts.stream().map(Post::id).toList(), Optional.of(carol.username()));

      assertThat(likes).hasSize(70);
      assertThat(likes.get(id(0))).isEqualTo(new LikeStore.Likes(2, true));
      assertThat(likes.get(id(69))).isEqualTo(new LikeStore.Likes(1, true));
      assertThat(likes.get(id(30))).isEqualTo(LikeStore.Likes.NONE);
    }

    @Test
    void deleteLikesOfRemovesAUsersLikesInBoundedSteps() {
      String alice = unique("alice");
      List<Post> posts = IntStream.range(0, 5).mapToObj(i -> post(alice, i)).toList();
      posts.forEach(signedIn::savePost);
      Session bob = signedInAs(unique("bob"));
      Session carol = signedInAs(unique("carol"));
      posts.forEach(post -> likeStore.like(bob, post.id()));
      likeStore.like(carol, id(0));

      int deleted = 0;
      for (int step = likeStore.deleteLikesOf(bob.username(), 2);
          step > 0;
          step = likeStore.deleteLikesOf(bob.username(), 2)) {
        assertThat(step).isLessThanOrEqualTo(2);
        deleted += step;
      }

      assertThat(deleted).isEqualTo(5);
      assertThat(likeStore.likedBy(bob.username(), Optional.empty(), 10)).isEmpty();
      assertThat(likesOf(List.of(id(0), id(1)), Optional.of(bob.username())))
          .containsExactly(
              Map.entry(id(0), new LikeStore.Likes(1, false)),
              Map.entry(id(1), new LikeStore.Likes(0, false)));
    }
  }

  /** {@link AttemptStore}. */
  @Nested
  class Attempts {

    private static final Duration WINDOW = Duration.ofMinutes(5);
    private int made;

    private AttemptStore.Attempt attempt() {
      return new AttemptStore.Attempt("a" + made++, now());
    }

    @Test
    void recordsUpToTheMaxThenRefusesUntilTheOldestLeavesTheWindow() {
      String subject = unique("address");
      Instant first = now();
      AttemptStore attempts = stores.attempts();
      for (int i = 0; i < 3; i++) {
        assertThat(attempts.record(subject, attempt(), 3, WINDOW)).isEmpty();
        clock.advance(Duration.ofSeconds(10));
      }

      assertThat(attempts.record(subject, attempt(), 3, WINDOW)).contains(first.plus(WINDOW));
      assertThat(attempts.record(unique("other"), attempt(), 3, WINDOW)).isEmpty();

      clock.advance(WINDOW.minus(Duration.ofSeconds(30)));
      assertThat(attempts.record(subject, attempt(), 3, WINDOW)).isEmpty();
      assertThat(attempts.record(subject, attempt(), 3, WINDOW)).isPresent();
    }

    @Test
    void anAttemptRecordedTwiceCountsOnceAndAForgottenOneFreesItsPlace() {
      String subject = unique("account");
      AttemptStore attempts = stores.attempts();
      AttemptStore.Attempt retried = attempt();
      assertThat(attempts.record(subject, retried, 2, WINDOW)).isEmpty();
      assertThat(attempts.record(subject, retried, 2, WINDOW)).isEmpty();
      AttemptStore.Attempt second = attempt();
      assertThat(attempts.record(subject, second, 2, WINDOW)).isEmpty();
      assertThat(attempts.record(subject, attempt(), 2, WINDOW)).isPresent();

      attempts.forget(subject, second);
      attempts.forget(subject, second); // idempotent
      assertThat(attempts.record(subject, attempt(), 2, WINDOW)).isEmpty();
      assertThat(attempts.record(subject, attempt(), 2, WINDOW)).isPresent();

      attempts.forgetAll(subject);
      assertThat(attempts.record(subject, attempt(), 2, WINDOW)).isEmpty();
      assertThat(attempts.record(subject, attempt(), 2, WINDOW)).isEmpty();
      assertThat(attempts.record(subject, attempt(), 2, WINDOW)).isPresent();
    }

    @Test
    void ofManyConcurrentAttemptsSpreadOverTwoInstancesExactlyTheMaxGetThrough() throws Exception {
      String subject = unique("busy");
      int max = 7;
      List<AttemptStore> instances = List.of(stores.attempts(), anotherInstance().attempts());
      List<Boolean> recorded = new CopyOnWriteArrayList<>();
      ExecutorService threads = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          AttemptStore attempts = instances.get(i % 2);
          AttemptStore.Attempt attempt = new AttemptStore.Attempt("c" + i, now());
          done.add(
              threads.submit(
                  () -> recorded.add(attempts.record(subject, attempt, max, WINDOW).isEmpty())));
        }
        for (Future<?> each : done) {
          each.get(CONCURRENCY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
      } finally {
        threads.shutdownNow();
      }
      assertThat(recorded.stream().filter(Boolean::booleanValue)).hasSize(max);
      assertThat(stores.attempts().record(subject, attempt(), max, WINDOW)).isPresent();
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  private Map<String, LikeStore.Likes> likesOf(List<String> postIds, Optional<String> reader) {
    return likeStore.likesOf(postIds, reader, OptionalLong.empty());
  }

  /** The clock's time at millisecond precision, which every storage must keep. */
  protected final Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private Account account(String username, String passwordHash) {
    return new Account(username, passwordHash, now());
  }

  /**
   * A second storage on the same data, as a second backend instance would have; for a storage that
   * holds the data itself, this one.
   */
  protected Stores anotherInstance() {
    return stores;
  }

  /** A session of {@code username}, stored, for an hour. */
  protected final Session liveSession(String username) {
    Session session =
        session(unique("hash_" + username), username, now().plus(Duration.ofHours(1)));
    sessionStore.saveSession(session);
    return session;
  }

  private List<String> followedBy(Session reader) {
    return followsCache
        .followedWhileSignedIn(reader, Optional.empty(), authors -> 2)
        .orElseThrow()
        .authors();
  }

  private static Session session(String tokenHash, String username, Instant expiresAt) {
    return new Session(tokenHash, username, expiresAt);
  }

  /** Post number {@code n}: its id sorts by {@code n}, like the ids {@code PostIds} makes. */
  protected final Post post(String author, int n) {
    return new Post(id(n), author, "post " + n, Instant.ofEpochMilli(epochBase + n));
  }

  /** The id of the {@code n}th post of this test: ids sort by {@code n}. */
  private String id(int n) {
    return String.format("%013d%08x", epochBase + n, n);
  }

  private static final long DAY_MILLIS = 86_400_000;

  /** A post of {@code author} published at {@code epochMillis}, the {@code n}th at that time. */
  private static Post postAt(String author, long epochMillis, int n, String text) {
    return new Post(
        String.format("%013d%08x", epochMillis, n),
        author,
        text,
        Instant.ofEpochMilli(epochMillis));
  }

  /** Paging through {@code read} with every page size from 1 gives {@code expected}, in order. */
  private static void assertPagedWithEverySize(
      List<Post> expected, BiFunction<Optional<String>, Integer, List<Post>> read) {
    for (int size = 1; size <= expected.size() + 1; size++) {
      int pageSize = size;
      assertThat(
              pageThrough(cursor -> read.apply(cursor, pageSize).stream().map(Post::id).toList()))
          .as("page size %d", pageSize)
          .containsExactlyElementsOf(expected.stream().map(Post::id).toList());
    }
  }

  private static List<String> pageThrough(Function<Optional<String>, List<String>> read) {
    List<String> all = new ArrayList<>();
    Optional<String> after = Optional.empty();
    List<String> page;
    do {
      page = read.apply(after);
      all.addAll(page);
      after = page.isEmpty() ? after : Optional.of(last(page));
    } while (!page.isEmpty());
    return all;
  }

  private static String last(List<String> names) {
    return names.get(names.size() - 1);
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /**
   * {@link AccountDeletion} over this storage: every step bounded and idempotent and the account
   * last, so that a deletion cut short leaves an account its owner can delete again.
   */
  @Nested
  class AccountDeletions {

    @Test
    void aDeletionCutShortIsMadeAgainByItsOwnerAndTheSecondFinishesIt() {
      Backend backend = new Backend(clock, StorageContract.this::newStores);
      String dave = unique("dave");
      String erin = unique("erin");
      backend.register(dave);
      backend.register(erin);
      backend.graph.follow(dave, erin);
      backend.graph.follow(erin, dave);
      Session daves = backend.signIn(dave);
      for (int i = 0; i < AccountDeletion.POSTS_BATCH + 5; i++) {
        backend.posts.publish(daves, new NewPost("dave " + i));
      }
      Post erins = backend.posts.publish(backend.signIn(erin), new NewPost("erin"));
      backend.likes.like(daves, erins.id());
      AccountDeletion cutShortOnce =
          new AccountDeletion(
              backend.accounts,
              backend.stores.accounts(),
              backend.stores.follows(),
              backend.stores.posts(),
              failingOnce(LikeStore.class, backend.stores.likes(), "deleteLikesOf"),
              backend.sessions);

      assertThatThrownBy(() -> cutShortOnce.delete(dave, Backend.PASSWORD))
          .isInstanceOf(StorageUnavailableException.class);
      assertThat(backend.stores.posts().postCount(dave)).as("the steps before").isZero();
      assertThat(backend.accounts.authenticate(dave, Backend.PASSWORD).username())
          .as("its owner can still sign in")
          .isEqualTo(dave);

      cutShortOnce.delete(dave, Backend.PASSWORD);

      assertThat(backend.stores.accounts().findAccount(dave)).isEmpty();
      assertThat(backend.stores.likes().likedBy(dave, Optional.empty(), 10)).isEmpty();
      assertThat(
              backend
                  .stores
                  .likes()
                  .likesOf(List.of(erins.id()), Optional.empty(), OptionalLong.empty()))
          .containsEntry(erins.id(), LikeStore.Likes.NONE);
      assertThat(backend.stores.follows().followerCount(erin)).isZero();
      assertThat(backend.stores.follows().followingCount(erin)).isZero();
      assertThatThrownBy(() -> backend.register(dave))
          .as("the name stays reserved")
          .isInstanceOfSatisfying(
              FlockException.class,
              refused ->
                  assertThat(refused.reason()).isEqualTo(FlockException.Reason.ALREADY_EXISTS));
    }

    /**
     * {@code port}, whose first call of {@code method} fails as a storage that cannot be reached.
     */
    private static <T> T failingOnce(Class<T> type, T port, String method) {
      AtomicBoolean failed = new AtomicBoolean();
      return type.cast(
          Proxy.newProxyInstance(
              type.getClassLoader(),
              new Class<?>[] {type},
              (proxy, called, args) -> {
                if (called.getName().equals(method) && !failed.getAndSet(true)) {
                  throw new StorageUnavailableException("cut short by the test", null);
                }
                try {
                  return called.invoke(port, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              }));
    }
  }

  /** Runs {@code task(0..threads-1)} on that many threads released at once; rethrows failures. */
  protected static void runConcurrently(int threads, IntConsumer task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int index = i;
        done.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  task.accept(index);
                  return null;
                }));
      }
      ready.await();
      go.countDown();
      for (Future<?> each : done) {
        each.get(CONCURRENCY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
