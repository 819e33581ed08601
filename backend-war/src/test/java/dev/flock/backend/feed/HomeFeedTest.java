package dev.flock.backend.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.flock.backend.Backend;
import dev.flock.backend.paging.Page;
import dev.flock.backend.paging.PageRequest;
import dev.flock.backend.post.NewPost;
import dev.flock.backend.post.Post;
import dev.flock.backend.session.IssuedToken;
import dev.flock.backend.session.Session;
import dev.flock.backend.session.Sessions;
import dev.flock.backend.storage.FeedReads;
import dev.flock.core.FlockException;
import io.opentelemetry.api.OpenTelemetry;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HomeFeedTest {

  private static final int ANY_NUMBER = Integer.MAX_VALUE;

  private final Backend backend = new Backend();
  private final HomeFeed feed = backend.feed;

  private Session reader;

  @BeforeEach
  void registerUsers() {
    List.of("reader", "alice", "bob", "carol", "stranger").forEach(backend::register);
    reader = backend.signIn("reader");
  }

  @Test
  void aReaderWhoFollowsNobodyHasAnEmptyFeed() {
    publish("alice", "hello");

    Page<Post> page = page(reader, firstPage());

    assertThat(page.items()).isEmpty();
    assertThat(page.nextCursor()).isEmpty();
  }

  @Test
  void theFeedHoldsOnlyPostsOfFollowedAuthors() {
    follow("alice", "bob");
    publish("alice", "from alice");
    publish("bob", "from bob");
    publish("stranger", "from a stranger");
    publish("reader", "from the reader");

    assertThat(page(reader, firstPage()).items())
        .extracting(Post::author)
        .containsExactlyInAnyOrder("alice", "bob");
  }

  @Test
  void theFeedIsNewestFirstAcrossAuthors() {
    follow("alice", "bob", "carol");
    publish("alice", "1");
    publish("bob", "2");
    publish("alice", "3");
    publish("carol", "4");
    publish("carol", "5");
    publish("bob", "6");

    assertThat(page(reader, firstPage()).items())
        .extracting(Post::text)
        .containsExactly("6", "5", "4", "3", "2", "1");
  }

  @Test
  void postsInTheSameMillisecondKeepTheirPublicationOrder() {
    follow("alice", "bob");
    publish("alice", "1");
    publish("bob", "2");
    publish("alice", "3");

    // the clock stood still: the ids alone order the posts
    assertThat(page(reader, firstPage()).items())
        .extracting(Post::text)
        .containsExactly("3", "2", "1");
  }

  @Test
  void pagesOfTwentyWalkThroughEveryPostOnceInOrder() {
    follow("alice", "bob", "carol");
    List<Post> published = publishRoundRobin(55, "alice", "bob", "carol", "stranger");
    List<Post> expected =
        newestFirst(published.stream().filter(post -> !post.author().equals("stranger")));

    Page<Post> first = page(reader, firstPage());
    Page<Post> second = page(reader, PageRequest.of(first.nextCursor(), 0));
    Page<Post> third = page(reader, PageRequest.of(second.nextCursor(), 0));

    assertThat(first.items()).hasSize(20);
    assertThat(second.items()).hasSize(20);
    assertThat(third.items()).hasSize(expected.size() - 40);
    assertThat(third.nextCursor()).isEmpty();
    List<Post> all = new ArrayList<>(first.items());
    all.addAll(second.items());
    all.addAll(third.items());
    assertThat(all).containsExactlyElementsOf(expected);
  }

  @Test
  void aPageEndingExactlyAtTheLastPostHasNoCursor() {
    follow("alice");
    publishRoundRobin(40, "alice");

    Page<Post> second = page(reader, PageRequest.of(page(reader, firstPage()).nextCursor(), 0));

    assertThat(second.items()).hasSize(20);
    assertThat(second.nextCursor()).isEmpty();
  }

  @Test
  void newPostsDoNotShiftTheNextPage() {
    follow("alice", "bob");
    List<Post> published = publishRoundRobin(30, "alice", "bob");
    List<Post> expected = newestFirst(published.stream());

    Page<Post> first = page(reader, firstPage());
    publishRoundRobin(7, "alice", "bob");
    Page<Post> second = page(reader, PageRequest.of(first.nextCursor(), 0));

    assertThat(first.items()).containsExactlyElementsOf(expected.subList(0, 20));
    assertThat(second.items()).containsExactlyElementsOf(expected.subList(20, 30));
    assertThat(second.nextCursor()).isEmpty();
  }

  @Test
  void unfollowingRemovesAnAuthorsPosts() {
    follow("alice", "bob");
    publishRoundRobin(6, "alice", "bob");

    backend.graph.unfollow("reader", "bob");

    assertThat(page(reader, firstPage()).items())
        .hasSize(3)
        .extracting(Post::author)
        .containsOnly("alice");
  }

  @Test
  void followingAddsAnAuthorsOlderPosts() {
    follow("alice");
    publishRoundRobin(4, "alice", "bob");

    backend.graph.follow("reader", "bob");

    assertThat(page(reader, firstPage()).items())
        .extracting(Post::author)
        .containsExactly("bob", "alice", "bob", "alice");
  }

  @Test
  void aReaderFollowingMoreThanOneSliceSeesEveryAuthor() {
    List<String> authors =
        IntStream.range(0, 1_001).mapToObj(i -> String.format("author%04d", i)).toList();
    authors.forEach(author -> backend.stores.follows().follow("reader", author, ANY_NUMBER));
    Post inFirstSlice = publish("author0000", "first");
    backend.clock.advance(Duration.ofMillis(1));
    Post inSecondSlice = publish("author0600", "second");
    backend.clock.advance(Duration.ofMillis(1));
    Post inThirdSlice = publish("author1000", "third");

    assertThat(page(reader, firstPage()).items())
        .containsExactly(inThirdSlice, inSecondSlice, inFirstSlice);
  }

  @Test
  void aReaderSignedOutThroughAnotherBackendGetsNoFeed() {
    follow("alice");
    publish("alice", "hello");
    IssuedToken token = backend.sessions.issue("reader");
    Session remembered = backend.sessions.signedIn(Optional.of(token.token()));
    new Sessions(backend.stores.sessions(), backend.clock, Backend.SESSION_TTL_SECONDS)
        .revoke(token.token());

    FlockException failure =
        catchThrowableOfType(FlockException.class, () -> page(remembered, firstPage()));

    assertThat(failure.reason()).isEqualTo(FlockException.Reason.UNAUTHENTICATED);
  }

  @Test
  void aPageLinkWhoseCursorHoldsNoPostIdIsRefusedAsBroken() {
    follow("alice");
    publish("alice", "hello");
    String notAnId =
        Base64.getUrlEncoder().encodeToString("alice".getBytes(StandardCharsets.UTF_8));

    FlockException failure =
        catchThrowableOfType(FlockException.class, () -> page(reader, PageRequest.of(notAnId, 0)));

    assertThat(failure.reason()).isEqualTo(FlockException.Reason.INVALID_ARGUMENT);
    assertThat(failure).hasMessageContaining("page link is not valid");
  }

  @Test
  void smallPagesToo() {
    follow("alice", "bob", "carol");
    List<Post> expected = newestFirst(publishRoundRobin(10, "carol", "alice", "bob").stream());

    List<Post> all = new ArrayList<>();
    PageRequest request = PageRequest.of("", 3);
    Page<Post> page;
    do {
      page = page(reader, request);
      assertThat(page.items()).hasSizeLessThanOrEqualTo(3);
      all.addAll(page.items());
      request = PageRequest.of(page.nextCursor(), 3);
    } while (!page.nextCursor().isEmpty());

    assertThat(all).containsExactlyElementsOf(expected);
  }

  @Test
  void aBusyAuthorFillsThePageAheadOfQuietOnes() {
    List<String> quiet = IntStream.range(0, 30).mapToObj(i -> "quiet" + i).toList();
    quiet.forEach(backend::register);
    follow(quiet.toArray(String[]::new));
    follow("alice");
    List<Post> published = new ArrayList<>(publishRoundRobin(60, quiet.toArray(String[]::new)));
    published.addAll(publishRoundRobin(25, "alice"));

    Page<Post> first = page(reader, firstPage());

    assertThat(first.items())
        .containsExactlyElementsOf(newestFirst(published.stream()).subList(0, 20));
  }

  @Test
  void pagesAgreeWithSortingEveryPostForAnyMixOfAuthors() {
    Random random = new Random(42);
    for (int round = 0; round < 6; round++) {
      Backend site = new Backend();
      site.register("reader");
      Session roundReader = site.signIn("reader");
      int authorCount = 1 + random.nextInt(60);
      List<Session> authors = new ArrayList<>();
      for (int i = 0; i < authorCount; i++) {
        site.register("author" + i);
        site.graph.follow("reader", "author" + i);
        authors.add(site.signIn("author" + i));
      }
      List<Post> published = new ArrayList<>();
      for (int i = random.nextInt(400); i > 0; i--) {
        // skewed: low-numbered authors post far more often than the others
        double skew = Math.pow(random.nextDouble(), 3);
        site.clock.advance(Duration.ofMillis(random.nextInt(2)));
        published.add(
            site.posts.publish(authors.get((int) (skew * authorCount)), new NewPost("p" + i)));
      }
      int size = 1 + random.nextInt(30);

      List<Post> shown = new ArrayList<>();
      PageRequest request = PageRequest.of("", size);
      Page<Post> page;
      do {
        page = site.feed.page(roundReader, request).posts();
        shown.addAll(page.items());
        request = PageRequest.of(page.nextCursor(), size);
      } while (!page.nextCursor().isEmpty());

      assertThat(shown)
          .as("%d authors, %d posts, pages of %d", authorCount, published.size(), size)
          .containsExactlyElementsOf(newestFirst(published.stream()));
    }
  }

  @Test
  void aPageReadsAboutAPagefulOfPostsHoweverManyTheAuthorsHave() {
    String[] authors = IntStream.range(0, 50).mapToObj(i -> "author" + i).toArray(String[]::new);
    Stream.of(authors).forEach(backend::register);
    follow(authors);
    publishRoundRobin(50 * 40, authors);
    AtomicInteger postsRead = new AtomicInteger();
    HomeFeed counted =
        new HomeFeed(countingPostsRead(backend.stores.feed(), postsRead), OpenTelemetry.noop());

    Page<Post> first = counted.page(reader, firstPage()).posts();

    assertThat(first.items()).hasSize(20);
    // two per author and a page, where reading a page from every author would be 1,050
    assertThat(postsRead).hasValueLessThanOrEqualTo(2 * 50 + 21);
  }

  @SuppressWarnings("unchecked")
  private static FeedReads countingPostsRead(FeedReads reads, AtomicInteger postsRead) {
    return (FeedReads)
        Proxy.newProxyInstance(
            FeedReads.class.getClassLoader(),
            new Class<?>[] {FeedReads.class},
            (proxy, method, args) -> {
              Object result = method.invoke(reads, args);
              if (method.getName().equals("postsByEach")) {
                ((List<List<Post>>) result).forEach(posts -> postsRead.addAndGet(posts.size()));
              }
              if (method.getName().equals("followedWhileSignedIn")) {
                ((Optional<FeedReads.Followed>) result)
                    .ifPresent(
                        followed ->
                            followed
                                .timelines()
                                .forEach(posts -> postsRead.addAndGet(posts.size())));
              }
              return result;
            });
  }

  private static PageRequest firstPage() {
    return PageRequest.of("", 0);
  }

  private void follow(String... authors) {
    for (String author : authors) {
      backend.graph.follow("reader", author);
    }
  }

  private Post publish(String author, String text) {
    return backend.posts.publish(backend.signIn(author), new NewPost(text));
  }

  /** {@code count} posts by {@code authors} in turn, one millisecond apart. */
  private List<Post> publishRoundRobin(int count, String... authors) {
    List<Post> published = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      backend.clock.advance(Duration.ofMillis(1));
      published.add(publish(authors[i % authors.length], "post " + i));
    }
    return published;
  }

  private static List<Post> newestFirst(Stream<Post> posts) {
    return posts.sorted(Comparator.comparing(Post::id).reversed()).toList();
  }

  private Page<Post> page(Session reader, PageRequest request) {
    return feed.page(reader, request).posts();
  }
}
