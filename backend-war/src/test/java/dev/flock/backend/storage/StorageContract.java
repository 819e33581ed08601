package dev.flock.backend.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flock.backend.ManualClock;
import dev.flock.backend.account.Account;
import dev.flock.backend.post.NewPost;
import dev.flock.backend.post.Post;
import dev.flock.backend.session.Session;
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
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The semantics every {@link Storage} must have, run against each implementation by a subclass that
 * says how to build one.
 *
 * <p>Tests only use the {@link Storage} interface and only names made unique per test (see {@link
 * #unique}), so an implementation whose state outlives one test (an etcd cluster shared by every
 * test and every run) passes as well as a fresh in-memory one. Time is a {@link ManualClock} given
 * to the storage; {@link #passTime} moves it.
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

  protected Storage storage;

  /** Saves posts as their authors, signed in. */
  private SignedInAuthors signedIn;

  /** A storage of the implementation under test, reading the time from {@code clock}. */
  protected abstract Storage newStorage(Clock clock);

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
    storage = newStorage(clock);
    signedIn = new SignedInAuthors(storage, clock, scope);
  }

  /** {@code name}, made unique to this test; names made unique in one test keep their order. */
  protected final String unique(String name) {
    return scope + name;
  }

  // ---- accounts ----------------------------------------------------------------------------

  @Test
  void createAccountStoresANewName() {
    Account alice = account(unique("alice"), "hash-1");

    assertThat(storage.createAccount(alice)).isTrue();

    assertThat(storage.findAccount(alice.username())).contains(alice);
  }

  @Test
  void createAccountRefusesATakenNameAndKeepsTheFirstAccount() {
    Account first = account(unique("alice"), "hash-1");
    Account second = account(unique("alice"), "hash-2");
    storage.createAccount(first);

    assertThat(storage.createAccount(second)).isFalse();

    assertThat(storage.findAccount(first.username())).contains(first);
  }

  @Test
  void findAccountOfAnUnknownNameIsEmpty() {
    assertThat(storage.findAccount(unique("nobody"))).isEmpty();
  }

  @Test
  void usernamesFindsNamesByPrefixInNameOrder() {
    for (String name : List.of("alice", "bob", "al", "alfred", "albert", "bal")) {
      storage.createAccount(account(unique(name), "hash"));
    }

    assertThat(storage.usernames(unique("al"), Optional.empty(), 10))
        .containsExactly(unique("al"), unique("albert"), unique("alfred"), unique("alice"));
    assertThat(storage.usernames(unique("b"), Optional.empty(), 10))
        .containsExactly(unique("bal"), unique("bob"));
    assertThat(storage.usernames(unique("alicia"), Optional.empty(), 10)).isEmpty();
    assertThat(storage.usernames(unique("c"), Optional.empty(), 10)).isEmpty();
  }

  @Test
  void usernamesPagesWithAfter() {
    List<String> names = IntStream.range(0, 7).mapToObj(i -> unique("user" + i)).toList();
    List<String> shuffled = new ArrayList<>(names);
    Collections.shuffle(shuffled, new Random(7));
    shuffled.forEach(name -> storage.createAccount(account(name, "hash")));
    storage.createAccount(account(unique("zed"), "hash")); // sorts after the prefix: never listed

    String prefix = unique("user");
    List<String> first = storage.usernames(prefix, Optional.empty(), 3);
    List<String> second = storage.usernames(prefix, Optional.of(last(first)), 3);
    List<String> third = storage.usernames(prefix, Optional.of(last(second)), 3);

    assertThat(first).containsExactlyElementsOf(names.subList(0, 3));
    assertThat(second).containsExactlyElementsOf(names.subList(3, 6));
    assertThat(third).containsExactlyElementsOf(names.subList(6, 7));
    assertThat(storage.usernames(prefix, Optional.of(last(third)), 3)).isEmpty();
  }

  @Test
  void usernamesAfterANameBeforeThePrefixStartsAtThePrefix() {
    storage.createAccount(account(unique("bob"), "hash"));
    storage.createAccount(account(unique("bobby"), "hash"));

    assertThat(storage.usernames(unique("bob"), Optional.of(unique("alice")), 10))
        .containsExactly(unique("bob"), unique("bobby"));
  }

  // ---- sessions ----------------------------------------------------------------------------

  @Test
  void sessionsAreSavedFoundAndDeleted() {
    Session session = session(unique("hash"), unique("alice"), now().plus(Duration.ofHours(1)));

    storage.saveSession(session);
    assertThat(storage.findSession(session.tokenHash())).contains(session);

    storage.deleteSession(session.tokenHash());
    assertThat(storage.findSession(session.tokenHash())).isEmpty();

    storage.deleteSession(session.tokenHash()); // deleting again is harmless
    assertThat(storage.findSession(session.tokenHash())).isEmpty();
  }

  @Test
  void deletingOneSessionLeavesTheOthers() {
    Session kept = session(unique("kept"), unique("alice"), now().plus(Duration.ofHours(1)));
    Session deleted = session(unique("deleted"), unique("alice"), now().plus(Duration.ofHours(1)));
    storage.saveSession(kept);
    storage.saveSession(deleted);

    storage.deleteSession(deleted.tokenHash());

    assertThat(storage.findSession(kept.tokenHash())).contains(kept);
  }

  @Test
  void findSessionOfAnUnknownHashIsEmpty() {
    assertThat(storage.findSession(unique("unknown"))).isEmpty();
  }

  @Test
  void aSessionIsNotFoundOnceItHasExpired() {
    Session session = session(unique("hash"), unique("alice"), now().plus(Duration.ofSeconds(2)));
    storage.saveSession(session);

    passTime(Duration.ofSeconds(1));
    assertThat(storage.findSession(session.tokenHash())).contains(session);

    passTime(Duration.ofSeconds(2));
    assertThat(storage.findSession(session.tokenHash())).isEmpty();
  }

  @Test
  void aSessionSavedAlreadyExpiredIsNeverFound() {
    Session session = session(unique("hash"), unique("alice"), now().minus(Duration.ofSeconds(1)));

    storage.saveSession(session);

    assertThat(storage.findSession(session.tokenHash())).isEmpty();
  }

  // ---- follow graph ------------------------------------------------------------------------

  @Test
  void followIsIdempotent() {
    String alice = unique("alice");
    String bob = unique("bob");

    storage.follow(alice, bob, ANY_NUMBER);
    storage.follow(alice, bob, ANY_NUMBER);

    assertThat(storage.isFollowing(alice, bob)).isTrue();
    assertThat(storage.isFollowing(bob, alice)).isFalse();
    assertThat(storage.followingCount(alice)).isEqualTo(1);
    assertThat(storage.followerCount(bob)).isEqualTo(1);
    assertThat(storage.followerCount(alice)).isZero();
    assertThat(storage.followingCount(bob)).isZero();
    assertThat(storage.following(alice, Optional.empty(), 10)).containsExactly(bob);
    assertThat(storage.followers(bob, Optional.empty(), 10)).containsExactly(alice);
  }

  @Test
  void followingStopsAtTheCapAndChangesNothing() {
    String alice = unique("alice");
    List<String> followed = List.of(unique("a"), unique("b"), unique("c"));
    followed.forEach(name -> assertThat(storage.follow(alice, name, 3)).isTrue());

    String onceTooMany = unique("d");
    assertThat(storage.follow(alice, onceTooMany, 3)).isFalse();
    assertThat(storage.isFollowing(alice, onceTooMany)).isFalse();
    assertThat(storage.followerCount(onceTooMany)).isZero();
    assertThat(storage.followingCount(alice)).isEqualTo(3);
    assertThat(storage.follow(alice, followed.get(1), 3)).as("again, at the cap").isTrue();
    assertThat(storage.followingCount(alice)).isEqualTo(3);

    storage.unfollow(alice, followed.get(0));
    assertThat(storage.follow(alice, onceTooMany, 3)).isTrue();
    assertThat(storage.following(alice, Optional.empty(), 10))
        .containsExactlyInAnyOrder(followed.get(1), followed.get(2), onceTooMany);
  }

  @Test
  void concurrentFollowsCannotPassTheCapTogether() throws Exception {
    String alice = unique("alice");
    List<Boolean> answers = new CopyOnWriteArrayList<>();

    runConcurrently(12, i -> answers.add(storage.follow(alice, unique("star" + i), 4)));

    assertThat(answers).hasSize(12).filteredOn(Boolean::booleanValue).hasSize(4);
    assertThat(storage.followingCount(alice)).isEqualTo(4);
    assertThat(storage.following(alice, Optional.empty(), 20)).hasSize(4);
  }

  @Test
  void unfollowIsIdempotent() {
    String alice = unique("alice");
    String bob = unique("bob");
    String carol = unique("carol");
    storage.follow(alice, bob, ANY_NUMBER);
    storage.follow(alice, carol, ANY_NUMBER);

    storage.unfollow(alice, bob);
    storage.unfollow(alice, bob);

    assertThat(storage.isFollowing(alice, bob)).isFalse();
    assertThat(storage.followingCount(alice)).isEqualTo(1);
    assertThat(storage.followerCount(bob)).isZero();
    assertThat(storage.following(alice, Optional.empty(), 10)).containsExactly(carol);
    assertThat(storage.followers(bob, Optional.empty(), 10)).isEmpty();
    assertThat(storage.followers(carol, Optional.empty(), 10)).containsExactly(alice);
  }

  @Test
  void unfollowingSomeoneNeverFollowedChangesNothing() {
    String alice = unique("alice");
    String bob = unique("bob");
    String carol = unique("carol");
    storage.follow(carol, bob, ANY_NUMBER);

    storage.unfollow(alice, bob);
    storage.unfollow(alice, unique("stranger"));

    assertThat(storage.followingCount(alice)).isZero();
    assertThat(storage.followerCount(bob)).isEqualTo(1);
    assertThat(storage.isFollowing(carol, bob)).isTrue();
  }

  @Test
  void nobodyFollowsOrIsFollowedByAnUnknownName() {
    String ghost = unique("ghost");

    assertThat(storage.followingCount(ghost)).isZero();
    assertThat(storage.followerCount(ghost)).isZero();
    assertThat(storage.following(ghost, Optional.empty(), 10)).isEmpty();
    assertThat(storage.followers(ghost, Optional.empty(), 10)).isEmpty();
  }

  @Test
  void followingIsPagedInNameOrder() {
    String reader = unique("reader");
    List<String> followed = IntStream.range(0, 8).mapToObj(i -> unique("f" + i)).toList();
    List<String> shuffled = new ArrayList<>(followed);
    Collections.shuffle(shuffled, new Random(1));
    shuffled.forEach(name -> storage.follow(reader, name, ANY_NUMBER));

    assertThat(pageThrough(after -> storage.following(reader, after, 3)))
        .containsExactlyElementsOf(followed);
    assertThat(storage.followingCount(reader)).isEqualTo(8);
  }

  @Test
  void followingWhileSignedInReadsTheSlicesOfALiveSessionOnly() {
    String reader = unique("reader");
    List<String> followed = IntStream.range(0, 5).mapToObj(i -> unique("f" + i)).toList();
    followed.forEach(name -> storage.follow(reader, name, ANY_NUMBER));
    Session session = session(unique("hash"), reader, now().plus(Duration.ofHours(1)));
    storage.saveSession(session);

    assertThat(storage.followingWhileSignedIn(session, Optional.empty(), 3))
        .contains(followed.subList(0, 3));
    assertThat(storage.followingWhileSignedIn(session, Optional.of(followed.get(2)), 3))
        .contains(followed.subList(3, 5));
    assertThat(storage.followingWhileSignedIn(session, Optional.empty(), 0)).contains(List.of());

    storage.deleteSession(session.tokenHash());
    assertThat(storage.followingWhileSignedIn(session, Optional.empty(), 3)).isEmpty();
    assertThat(storage.followingWhileSignedIn(session, Optional.empty(), 0)).isEmpty();
    Session forged = session(unique("hash"), reader, now().plus(Duration.ofHours(1)));
    assertThat(storage.followingWhileSignedIn(forged, Optional.empty(), 3)).isEmpty();
  }

  @Test
  void followersArePagedInNameOrder() {
    String star = unique("star");
    List<String> fans = IntStream.range(0, 8).mapToObj(i -> unique("fan" + i)).toList();
    List<String> shuffled = new ArrayList<>(fans);
    Collections.shuffle(shuffled, new Random(2));
    shuffled.forEach(fan -> storage.follow(fan, star, ANY_NUMBER));

    assertThat(pageThrough(after -> storage.followers(star, after, 3)))
        .containsExactlyElementsOf(fans);
    assertThat(storage.followerCount(star)).isEqualTo(8);
  }

  // ---- posts -------------------------------------------------------------------------------

  @Test
  void savePostIsIdempotentById() {
    Post post = post(unique("alice"), 1);

    signedIn.savePost(post);
    signedIn.savePost(post);

    assertThat(storage.postCount(post.author())).isEqualTo(1);
    assertThat(storage.postsBy(post.author(), Optional.empty(), 10)).containsExactly(post);
  }

  @Test
  void aPostIsNotSavedOnceItsAuthorHasSignedOut() {
    String alice = unique("alice");
    Session signedOut = session(unique("hash"), alice, now().plus(Duration.ofHours(1)));
    storage.saveSession(signedOut);
    storage.deleteSession(signedOut.tokenHash());

    assertThat(storage.savePost(post(alice, 1), signedOut)).isFalse();

    assertThat(storage.postCount(alice)).isZero();
    assertThat(storage.postsBy(alice, Optional.empty(), 10)).isEmpty();
  }

  @Test
  void aPostIsNotSavedWithASessionThatWasNeverStored() {
    String alice = unique("alice");
    Session forged = session(unique("hash"), alice, now().plus(Duration.ofHours(1)));

    assertThat(storage.savePost(post(alice, 1), forged)).isFalse();

    assertThat(storage.postCount(alice)).isZero();
  }

  @Test
  void aRetryOfASavedPostSucceedsEvenAfterItsAuthorSignedOut() {
    // A retry of a write that was applied but not acknowledged must not report a failure.
    Post post = post(unique("alice"), 1);
    Session author = session(unique("hash"), post.author(), now().plus(Duration.ofHours(1)));
    storage.saveSession(author);
    assertThat(storage.savePost(post, author)).isTrue();
    storage.deleteSession(author.tokenHash());

    assertThat(storage.savePost(post, author)).isTrue();

    assertThat(storage.postsBy(post.author(), Optional.empty(), 10)).containsExactly(post);
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
      page = storage.postsBy(author, before, 7);
      assertThat(page).hasSizeLessThanOrEqualTo(7);
      pagedThrough.addAll(page);
      before = page.isEmpty() ? before : Optional.of(page.get(page.size() - 1).id());
    } while (!page.isEmpty());

    List<Post> newestFirst = new ArrayList<>(posts);
    Collections.reverse(newestFirst);
    assertThat(pagedThrough).containsExactlyElementsOf(newestFirst);
    assertThat(storage.postCount(author)).isEqualTo(25);
  }

  @Test
  void postsByBeforeAnIdBetweenTwoPostsStartsAtTheOlderOne() {
    String author = unique("alice");
    Post older = post(author, 10);
    Post newer = post(author, 20);
    signedIn.savePost(older);
    signedIn.savePost(newer);

    assertThat(storage.postsBy(author, Optional.of(id(15)), 10)).containsExactly(older);
    assertThat(storage.postsBy(author, Optional.of(older.id()), 10)).isEmpty();
  }

  @Test
  void anAuthorWithoutPostsHasNone() {
    assertThat(storage.postCount(unique("quiet"))).isZero();
    assertThat(storage.postsBy(unique("quiet"), Optional.empty(), 10)).isEmpty();
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
      List<List<Post>> each = storage.postsByEach(authors, before, 2);
      assertThat(each)
          .containsExactlyElementsOf(
              authors.stream().map(author -> storage.postsBy(author, before, 2)).toList());
    }
    assertThat(storage.postsByEach(authors, Optional.empty(), 2).get(2))
        .containsExactly(post(alice, 4), post(alice, 3));
    assertThat(storage.postsByEach(List.of(), Optional.empty(), 2)).isEmpty();
  }

  @Test
  void postsByEachReadsMoreAuthorsThanOneEtcdTransactionHolds() {
    List<String> authors =
        IntStream.range(0, 130).mapToObj(i -> unique("author" + i + "_")).toList();
    IntStream.range(0, authors.size()).forEach(i -> signedIn.savePost(post(authors.get(i), i)));

    List<List<Post>> each = storage.postsByEach(authors, Optional.empty(), 3);

    assertThat(each).hasSize(130);
    IntStream.range(0, authors.size())
        .forEach(i -> assertThat(each.get(i)).containsExactly(post(authors.get(i), i)));
  }

  @Test
  void postsByEachReturnsMoreThanOneGrpcMessageHolds() throws Exception {
    // 12 authors' 450 longest posts in 3-byte characters: ~5 MB, where a gRPC message holds 4 MiB.
    List<String> authors =
        IntStream.range(0, 12).mapToObj(i -> unique("author" + i + "_")).toList();
    String longest = "語".repeat(NewPost.MAX_LENGTH);
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
                              Instant.ofEpochMilli(1_700_000_000_000L + n)));
                    }));

    List<List<Post>> all = storage.postsByEach(authors, Optional.empty(), each);

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
    List.of(bob, quiet, alice).forEach(name -> storage.follow(reader, name, ANY_NUMBER));
    IntStream.range(0, 5).forEach(i -> signedIn.savePost(post(alice, i)));
    IntStream.range(5, 8).forEach(i -> signedIn.savePost(post(bob, i)));
    Session session = liveSession(reader);
    List<Integer> asked = new CopyOnWriteArrayList<>();

    for (int read = 0; read < 2; read++) { // a second read may come from what the first learnt
      Storage.Followed followed =
          storage
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
    assertThat(storage.followedWhileSignedIn(session, Optional.of(id(4)), authors -> 2))
        .map(Storage.Followed::timelines)
        .contains(List.of(List.of(post(alice, 3), post(alice, 2)), List.of(), List.of()));

    storage.deleteSession(session.tokenHash());
    assertThat(storage.followedWhileSignedIn(session, Optional.empty(), authors -> 2)).isEmpty();
  }

  @Test
  void followedWhileSignedInSeesFollowsChangedThroughAnotherInstance() {
    String reader = unique("reader");
    String alice = unique("alice");
    String bob = unique("bob");
    signedIn.savePost(post(alice, 1));
    signedIn.savePost(post(bob, 2));
    storage.follow(reader, alice, ANY_NUMBER);
    Session session = liveSession(reader);
    Storage elsewhere = anotherInstance();

    assertThat(followedBy(session)).containsExactly(alice);
    elsewhere.follow(reader, bob, ANY_NUMBER);
    assertThat(followedBy(session)).containsExactly(alice, bob);
    elsewhere.unfollow(reader, alice);
    assertThat(followedBy(session)).containsExactly(bob);
    assertThat(storage.followedWhileSignedIn(session, Optional.empty(), authors -> 2))
        .map(Storage.Followed::timelines)
        .contains(List.of(List.of(post(bob, 2))));
    storage.unfollow(reader, bob);
    assertThat(followedBy(session)).isEmpty();

    elsewhere.deleteSession(session.tokenHash());
    assertThat(storage.followedWhileSignedIn(session, Optional.empty(), authors -> 2)).isEmpty();
  }

  @Test
  void followedWhileSignedInReadsMoreAuthorsThanOneEtcdTransactionHolds() {
    String reader = unique("reader");
    List<String> authors =
        IntStream.range(0, 130).mapToObj(i -> unique(String.format("author%03d", i))).toList();
    authors.forEach(author -> storage.follow(reader, author, ANY_NUMBER));
    IntStream.range(0, authors.size()).forEach(i -> signedIn.savePost(post(authors.get(i), i)));
    Session session = liveSession(reader);

    for (int read = 0; read < 2; read++) {
      Storage.Followed followed =
          storage.followedWhileSignedIn(session, Optional.empty(), n -> 2).orElseThrow();
      assertThat(followed.authors()).containsExactlyElementsOf(authors);
      IntStream.range(0, authors.size())
          .forEach(
              i ->
                  assertThat(followed.timelines().get(i)).containsExactly(post(authors.get(i), i)));
    }
  }

  @Test
  void postCountCountsEachAuthorApart() {
    String alice = unique("alice");
    String bob = unique("bob");
    IntStream.range(0, 3).forEach(i -> signedIn.savePost(post(alice, i)));
    IntStream.range(3, 8).forEach(i -> signedIn.savePost(post(bob, i)));

    assertThat(storage.postCount(alice)).isEqualTo(3);
    assertThat(storage.postCount(bob)).isEqualTo(5);
  }

  // ---- concurrency -------------------------------------------------------------------------

  @Test
  void exactlyOneOfManyConcurrentRegistrationsOfOneNameWins() throws Exception {
    String name = unique("popular");
    List<Integer> winners = new CopyOnWriteArrayList<>();

    runConcurrently(
        16,
        i -> {
          if (storage.createAccount(account(name, "hash-" + i))) {
            winners.add(i);
          }
        });

    assertThat(winners).hasSize(1);
    assertThat(storage.findAccount(name).orElseThrow().passwordHash())
        .isEqualTo("hash-" + winners.get(0));
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

    List<Post> stored = storage.postsBy(author, Optional.empty(), 1000);
    assertThat(storage.postCount(author)).isEqualTo(threads * postsEach);
    assertThat(stored).hasSize(threads * postsEach);
    assertThat(stored).extracting(Post::id).doesNotHaveDuplicates();
    assertThat(stored).extracting(Post::id).isSortedAccordingTo(Comparator.reverseOrder());
  }

  @Test
  void concurrentRetriesOfOnePostStoreItOnce() throws Exception {
    Post post = post(unique("alice"), 1);

    runConcurrently(8, i -> signedIn.savePost(post));

    assertThat(storage.postCount(post.author())).isEqualTo(1);
    assertThat(storage.postsBy(post.author(), Optional.empty(), 10)).containsExactly(post);
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
                storage.follow(alice, bob, ANY_NUMBER);
              } else {
                storage.unfollow(alice, bob);
              }
            }
          });

      long expected = storage.isFollowing(alice, bob) ? 1 : 0;
      assertThat(storage.followingCount(alice)).isEqualTo(expected);
      assertThat(storage.followerCount(bob)).isEqualTo(expected);
      assertThat(storage.following(alice, Optional.empty(), 10)).hasSize((int) expected);
      assertThat(storage.followers(bob, Optional.empty(), 10)).hasSize((int) expected);
    }

    storage.follow(alice, bob, ANY_NUMBER);
    assertThat(storage.followingCount(alice)).isEqualTo(1);
    assertThat(storage.followerCount(bob)).isEqualTo(1);
    storage.unfollow(alice, bob);
    assertThat(storage.followingCount(alice)).isZero();
    assertThat(storage.followerCount(bob)).isZero();
  }

  @Test
  void concurrentFollowersOfOneUserAreAllCounted() throws Exception {
    String star = unique("star");

    runConcurrently(
        16,
        i -> {
          String fan = unique("fan" + (char) ('a' + i));
          storage.follow(fan, star, ANY_NUMBER);
          storage.follow(fan, star, ANY_NUMBER);
          storage.follow(fan, unique("other"), ANY_NUMBER);
          if (i % 4 == 0) {
            storage.unfollow(fan, star);
          }
        });

    assertThat(storage.followerCount(star)).isEqualTo(12);
    assertThat(storage.followers(star, Optional.empty(), 100)).hasSize(12);
    assertThat(storage.followerCount(unique("other"))).isEqualTo(16);
  }

  // ---- helpers -----------------------------------------------------------------------------

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
  protected Storage anotherInstance() {
    return storage;
  }

  /** A session of {@code username}, stored, for an hour. */
  private Session liveSession(String username) {
    Session session =
        session(unique("hash_" + username), username, now().plus(Duration.ofHours(1)));
    storage.saveSession(session);
    return session;
  }

  private List<String> followedBy(Session reader) {
    return storage
        .followedWhileSignedIn(reader, Optional.empty(), authors -> 2)
        .orElseThrow()
        .authors();
  }

  private static Session session(String tokenHash, String username, Instant expiresAt) {
    return new Session(tokenHash, username, expiresAt);
  }

  /** Post number {@code n}: its id sorts by {@code n}, like the ids {@code PostIds} makes. */
  private Post post(String author, int n) {
    return new Post(id(n), author, "post " + n, Instant.ofEpochMilli(1_700_000_000_000L + n));
  }

  private static String id(int n) {
    return String.format("%013d%08x", 1_700_000_000_000L + n, n);
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
