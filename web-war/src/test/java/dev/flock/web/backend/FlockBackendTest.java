package dev.flock.web.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.flock.core.FlockException;
import dev.flock.core.Limits;
import dev.flock.grpc.telemetry.LastMinute;
import dev.flock.grpc.v1.AccountServiceGrpc;
import dev.flock.grpc.v1.CreatePostRequest;
import dev.flock.grpc.v1.CreatePostResponse;
import dev.flock.grpc.v1.FeedServiceGrpc;
import dev.flock.grpc.v1.FollowRequest;
import dev.flock.grpc.v1.GetProfileRequest;
import dev.flock.grpc.v1.GetStatusRequest;
import dev.flock.grpc.v1.GraphServiceGrpc;
import dev.flock.grpc.v1.HomeFeedRequest;
import dev.flock.grpc.v1.ListConnectionsRequest;
import dev.flock.grpc.v1.ListConnectionsResponse;
import dev.flock.grpc.v1.ListPostsByAuthorRequest;
import dev.flock.grpc.v1.LiveFigures;
import dev.flock.grpc.v1.LiveSecond;
import dev.flock.grpc.v1.LoginRequest;
import dev.flock.grpc.v1.LoginResponse;
import dev.flock.grpc.v1.LogoutRequest;
import dev.flock.grpc.v1.Post;
import dev.flock.grpc.v1.PostPage;
import dev.flock.grpc.v1.PostServiceGrpc;
import dev.flock.grpc.v1.Profile;
import dev.flock.grpc.v1.RegisterRequest;
import dev.flock.grpc.v1.SearchUsersRequest;
import dev.flock.grpc.v1.SearchUsersResponse;
import dev.flock.grpc.v1.StatusServiceGrpc;
import dev.flock.grpc.v1.StorageMember;
import dev.flock.grpc.v1.SuggestFollowsRequest;
import dev.flock.grpc.v1.SuggestFollowsResponse;
import dev.flock.grpc.v1.SystemStatus;
import dev.flock.grpc.v1.UnfollowRequest;
import dev.flock.grpc.v1.UserServiceGrpc;
import dev.flock.grpc.v1.UserSummary;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The site's calls against a real gRPC server in this JVM: what each method sends (its request, the
 * session token, its deadline), how each answer becomes a record, and how each failure becomes the
 * {@link FlockException} the pages handle.
 */
class FlockBackendTest {

  private static final String TOKEN = "tok-7";
  private static final String ADDRESS = "192.0.2.44";
  private static final long DEADLINE_MILLIS = 2_000;
  private static final long PASSWORD_DEADLINE_MILLIS = 8_000;
  private static final String UNAVAILABLE_MESSAGE =
      "Flock is temporarily unavailable. Please try again in a moment.";

  private static final Clock NOW =
      Clock.fixed(Instant.parse("2026-12-04T11:45:00Z"), ZoneOffset.UTC);

  private final ScriptedBackend backend = new ScriptedBackend();
  private final FlockBackend flock = new FlockBackend();
  private String serverName;
  private Server server;
  private ReconnectCountingChannel channel;

  /** A use of the site's facade: which call it makes, on whose behalf, with which deadline. */
  record Use(
      String name,
      Consumer<FlockBackend> call,
      String method,
      boolean onBehalfOfUser,
      boolean hashesPassword) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Use> everyUse() {
    return Stream.of(
        new Use("register", b -> b.register("alice", "pw", ADDRESS), "Register", false, true),
        new Use("login", b -> b.login("alice", "pw", ADDRESS, null), "Login", false, true),
        new Use("logout", b -> b.logout(TOKEN), "Logout", true, false),
        new Use("follow", b -> b.follow(TOKEN, "bob"), "Follow", true, false),
        new Use("unfollow", b -> b.unfollow(TOKEN, "bob"), "Unfollow", true, false),
        new Use(
            "following",
            b -> b.following("bob", Optional.empty(), null),
            "ListFollowing",
            false,
            false),
        new Use(
            "following for a user",
            b -> b.following("bob", Optional.of(TOKEN), null),
            "ListFollowing",
            true,
            false),
        new Use(
            "followers",
            b -> b.followers("bob", Optional.empty(), null),
            "ListFollowers",
            false,
            false),
        new Use("suggestions", b -> b.suggestions(TOKEN, 5), "SuggestFollows", true, false),
        new Use("publish", b -> b.publish(TOKEN, "hello"), "CreatePost", true, false),
        new Use(
            "postsBy",
            b -> b.postsBy("bob", Optional.empty(), null),
            "ListPostsByAuthor",
            false,
            false),
        new Use("homeFeed", b -> b.homeFeed(TOKEN, null), "HomeFeed", true, false),
        new Use(
            "profile for a user",
            b -> b.profile("bob", Optional.of(TOKEN)),
            "GetProfile",
            true,
            false),
        new Use(
            "profile for a visitor",
            b -> b.profile("bob", Optional.empty()),
            "GetProfile",
            false,
            false),
        new Use(
            "searchUsers",
            b -> b.searchUsers("b", Optional.empty(), null),
            "SearchUsers",
            false,
            false),
        new Use(
            "searchUsers for a user",
            b -> b.searchUsers("b", Optional.of(TOKEN), null),
            "SearchUsers",
            true,
            false),
        new Use("status", FlockBackend::status, "GetStatus", false, false));
  }

  @BeforeEach
  void start() throws IOException {
    serverName = InProcessServerBuilder.generateName();
    server = startServer();
    channel =
        new ReconnectCountingChannel(
            InProcessChannelBuilder.forName(serverName).directExecutor().build());
    flock.channel = channel;
    flock.deadlineMillis = DEADLINE_MILLIS;
    flock.passwordDeadlineMillis = PASSWORD_DEADLINE_MILLIS;
    flock.clock = NOW;
    flock.createStubs();
  }

  private Server startServer() throws IOException {
    ServerBuilder<?> builder = InProcessServerBuilder.forName(serverName).directExecutor();
    backend.services().forEach(builder::addService);
    return builder.intercept(backend.headerRecorder()).build().start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  // What each call sends.

  @ParameterizedTest
  @MethodSource("everyUse")
  void eachUseCallsItsMethodWithTheSessionTokenOnlyOnBehalfOfAUser(Use use) {
    use.call().accept(flock);

    ScriptedBackend.Received call = backend.onlyCall();
    assertThat(call.method()).isEqualTo(use.method());
    if (use.onBehalfOfUser()) {
      assertThat(call.authorization()).isEqualTo("Bearer " + TOKEN);
    } else {
      assertThat(call.authorization()).isNull();
    }
  }

  @ParameterizedTest
  @MethodSource("everyUse")
  void eachCallHasADeadlineAndPasswordHashingTheLongerOne(Use use) {
    use.call().accept(flock);

    long expected = use.hashesPassword() ? PASSWORD_DEADLINE_MILLIS : DEADLINE_MILLIS;
    assertThat(backend.onlyCall().deadline()).isNotNull();
    assertThat(backend.onlyCall().deadline().timeRemaining(TimeUnit.MILLISECONDS))
        .isBetween(expected / 2, expected);
  }

  @Test
  void registerSendsTheNameAndPasswordFromTheClientsAddress() {
    flock.register("alice", "correct horse", ADDRESS);

    assertThat(backend.onlyCall().request())
        .isEqualTo(
            RegisterRequest.newBuilder().setUsername("alice").setPassword("correct horse").build());
    assertThat(backend.onlyCall().clientAddress()).isEqualTo(ADDRESS);
  }

  @Test
  void loginSendsTheNameAndPasswordAndReturnsTheSession() {
    backend.answer(
        AccountServiceGrpc.getLoginMethod(),
        LoginResponse.newBuilder()
            .setToken("fresh-token")
            .setUsername("alice")
            .setExpiresAtEpochSecond(1_800_000_000L)
            .build());

    SignIn signIn = flock.login("alice", "correct horse", ADDRESS, "device-token");

    assertThat(backend.onlyCall().request())
        .isEqualTo(
            LoginRequest.newBuilder().setUsername("alice").setPassword("correct horse").build());
    assertThat(signIn)
        .isEqualTo(new SignIn("fresh-token", "alice", Instant.ofEpochSecond(1_800_000_000L)));
    assertThat(backend.onlyCall().clientAddress()).isEqualTo(ADDRESS);
  }

  @Test
  void logoutSendsOnlyTheToken() {
    flock.logout(TOKEN);

    assertThat(backend.onlyCall().request()).isEqualTo(LogoutRequest.getDefaultInstance());
  }

  @Test
  void followAndUnfollowNameWhom() {
    flock.follow(TOKEN, "bob");
    flock.unfollow(TOKEN, "carol");

    assertThat(backend.received())
        .extracting(ScriptedBackend.Received::request)
        .containsExactly(
            FollowRequest.newBuilder().setUsername("bob").build(),
            UnfollowRequest.newBuilder().setUsername("carol").build());
  }

  @Test
  void connectionsArePagedAndComeBackAsPeopleWithTheirButtons() {
    ListConnectionsResponse page =
        ListConnectionsResponse.newBuilder()
            .addUsers(summary("carol", 3, true))
            .addUsers(summary("dave", 1, false))
            .setNextCursor("after-dave")
            .build();
    backend.answer(GraphServiceGrpc.getListFollowingMethod(), page);
    backend.answer(GraphServiceGrpc.getListFollowersMethod(), page);
    PageView<UserView> people =
        new PageView<>(
            List.of(
                new UserView("carol", 3, true, "follow:unfollow"),
                new UserView("dave", 1, false, "follow:follow")),
            "after-dave");

    assertThat(flock.following("bob", Optional.of(TOKEN), null)).isEqualTo(people);
    assertThat(flock.followers("bob", Optional.empty(), "after-alice")).isEqualTo(people);

    assertThat(backend.received())
        .extracting(ScriptedBackend.Received::method, ScriptedBackend.Received::request)
        .containsExactly(
            tuple("ListFollowing", connections("bob", "")),
            tuple("ListFollowers", connections("bob", "after-alice")));
  }

  @Test
  void publishSendsTheTextAndReturnsThePost() {
    Post post = post("p1", "alice", "hello, flock", 1_767_268_200_123L);
    backend.answer(
        PostServiceGrpc.getCreatePostMethod(),
        CreatePostResponse.newBuilder().setPost(post).build());

    PostView published = flock.publish(TOKEN, "hello, flock");

    assertThat(backend.onlyCall().request())
        .isEqualTo(CreatePostRequest.newBuilder().setText("hello, flock").build());
    assertThat(published)
        .isEqualTo(
            PostView.of(
                "p1", "alice", "hello, flock", Instant.ofEpochMilli(1_767_268_200_123L), NOW));
  }

  @Test
  void postsByAnAuthorArePagedNewestFirstAsTheBackendSends() {
    backend.answer(
        PostServiceGrpc.getListPostsByAuthorMethod(),
        PostPage.newBuilder()
            .addPosts(post("p2", "bob", "second", 2_000))
            .addPosts(post("p1", "bob", "first", 1_000))
            .setNextCursor("before-p1")
            .build());

    PageView<PostView> page = flock.postsBy("bob", Optional.empty(), null);
    flock.postsBy("bob", Optional.empty(), "before-p1");

    assertThat(page)
        .isEqualTo(
            new PageView<>(
                List.of(
                    PostView.of("p2", "bob", "second", Instant.ofEpochMilli(2_000), NOW),
                    PostView.of("p1", "bob", "first", Instant.ofEpochMilli(1_000), NOW)),
                "before-p1"));
    assertThat(backend.received())
        .extracting(ScriptedBackend.Received::request)
        .containsExactly(
            ListPostsByAuthorRequest.newBuilder()
                .setAuthor("bob")
                .setPageSize(Limits.PAGE_SIZE)
                .setCursor("")
                .build(),
            ListPostsByAuthorRequest.newBuilder()
                .setAuthor("bob")
                .setPageSize(Limits.PAGE_SIZE)
                .setCursor("before-p1")
                .build());
  }

  @Test
  void theHomeFeedIsPagedAndComesBackAsPosts() {
    backend.answer(
        FeedServiceGrpc.getHomeFeedMethod(),
        PostPage.newBuilder().addPosts(post("p9", "carol", "hi", 9_000)).build());

    PageView<PostView> feed = flock.homeFeed(TOKEN, "before-p10");

    assertThat(feed)
        .isEqualTo(
            new PageView<>(
                List.of(PostView.of("p9", "carol", "hi", Instant.ofEpochMilli(9_000), NOW)), ""));
    assertThat(backend.onlyCall().request())
        .isEqualTo(
            HomeFeedRequest.newBuilder()
                .setPageSize(Limits.PAGE_SIZE)
                .setCursor("before-p10")
                .build());
  }

  @Test
  void aProfileComesBackWithItsCountsAndWhetherTheCallerFollows() {
    backend.answer(
        UserServiceGrpc.getGetProfileMethod(),
        Profile.newBuilder()
            .setUsername("bob")
            .setFollowerCount(3)
            .setFollowingCount(5)
            .setPostCount(8)
            .setFollowedByCaller(true)
            .build());

    ProfileView profile = flock.profile("bob", Optional.of(TOKEN));

    assertThat(backend.onlyCall().request())
        .isEqualTo(GetProfileRequest.newBuilder().setUsername("bob").build());
    assertThat(profile).isEqualTo(new ProfileView("bob", 3, 5, 8, true));
  }

  @Test
  void suggestionsAskForHowManyAndComeBackAsPeople() {
    backend.answer(
        GraphServiceGrpc.getSuggestFollowsMethod(),
        SuggestFollowsResponse.newBuilder().addUsers(summary("erin", 7, false)).build());

    assertThat(flock.suggestions(TOKEN, 5))
        .containsExactly(new UserView("erin", 7, false, "follow:follow"));
    assertThat(backend.onlyCall().request())
        .isEqualTo(SuggestFollowsRequest.newBuilder().setLimit(5).build());
  }

  @Test
  void aSearchWithoutQueryOrCursorSendsEmptyStrings() {
    backend.answer(
        UserServiceGrpc.getSearchUsersMethod(),
        SearchUsersResponse.newBuilder()
            .addUsers(summary("bob", 0, false))
            .addUsers(summary("bobby", 2, false))
            .setNextCursor("after-bobby")
            .build());

    PageView<UserView> found = flock.searchUsers(null, Optional.empty(), null);

    assertThat(found)
        .isEqualTo(
            new PageView<>(
                List.of(UserView.of("bob", 0, false), UserView.of("bobby", 2, false)),
                "after-bobby"));
    assertThat(backend.onlyCall().request())
        .isEqualTo(
            SearchUsersRequest.newBuilder()
                .setQuery("")
                .setPageSize(Limits.PAGE_SIZE)
                .setCursor("")
                .build());
  }

  @Test
  void theStatusShowsStorageMembersTheLeaderAndEachKindOfCallOnce() {
    LiveFigures rpcs =
        LiveFigures.newBuilder()
            .setKind("rpcs")
            .setPerSecond(12.5)
            .setErrorRate(0.25)
            .setP50Millis(1.5)
            .setP99Millis(9.75)
            .addSeconds(LiveSecond.newBuilder().setCalls(4).setErrors(1).setP99Millis(8.5))
            .addSeconds(LiveSecond.getDefaultInstance())
            .build();
    LiveFigures storage = LiveFigures.newBuilder().setKind("storage").setPerSecond(3).build();
    backend.answer(
        StatusServiceGrpc.getGetStatusMethod(),
        SystemStatus.newBuilder()
            .setBackendInstance("backend-2 (pid 41)")
            .setStorageMode("etcd")
            .setStorageAvailable(true)
            .setStorageDetail("3 of 3 members reachable")
            .addMembers(member("etcd-1", "http://etcd-1:2379", true))
            .addMembers(member("etcd-2", "http://etcd-2:2379", false))
            .setLeader("etcd-2")
            .setRaftIndex(4_711)
            .addLive(rpcs)
            .addLive(storage)
            .addLive(rpcs.toBuilder().setPerSecond(99)) // a kind sent twice counts once
            .build());

    StatusView status = flock.status();

    assertThat(backend.onlyCall().request()).isEqualTo(GetStatusRequest.getDefaultInstance());
    assertThat(status.backendInstance()).isEqualTo("backend-2 (pid 41)");
    assertThat(status.storageMode()).isEqualTo("etcd");
    assertThat(status.storageAvailable()).isTrue();
    assertThat(status.storageDetail()).isEqualTo("3 of 3 members reachable");
    assertThat(status.members())
        .containsExactly(
            new StatusView.Member("etcd-1", "http://etcd-1:2379", true, false),
            new StatusView.Member("etcd-2", "http://etcd-2:2379", false, true));
    assertThat(status.leader()).isEqualTo("etcd-2");
    assertThat(status.raftIndex()).isEqualTo(4_711);
    assertThat(status.live().keySet()).containsExactly("rpcs", "storage");
    assertThat(status.live().get("rpcs"))
        .isEqualTo(
            new LastMinute.Figures(
                12.5,
                0.25,
                1.5,
                9.75,
                List.of(new LastMinute.Second(4, 1, 8.5), new LastMinute.Second(0, 0, 0))));
    assertThat(status.live().get("storage"))
        .isEqualTo(new LastMinute.Figures(3, 0, 0, 0, List.of()));
  }

  // How each failure arrives.

  static Stream<Arguments> everyUseWithEveryStatus() {
    return everyUse()
        .flatMap(
            use ->
                Stream.of(
                        Status.Code.INVALID_ARGUMENT,
                        Status.Code.ALREADY_EXISTS,
                        Status.Code.NOT_FOUND,
                        Status.Code.FAILED_PRECONDITION,
                        Status.Code.UNAUTHENTICATED,
                        Status.Code.RESOURCE_EXHAUSTED,
                        Status.Code.UNAVAILABLE,
                        Status.Code.DEADLINE_EXCEEDED,
                        Status.Code.INTERNAL)
                    .map(code -> Arguments.of(use, code)));
  }

  /**
   * The codes the contract names keep their meaning and the backend's message, written for people;
   * a backend that cannot answer in time, at all, or now (too busy: RESOURCE_EXHAUSTED without a
   * delay to wait) is UNAVAILABLE with a message of our own.
   */
  @ParameterizedTest(name = "{0} answered {1}")
  @MethodSource("everyUseWithEveryStatus")
  void eachStatusBecomesAFlockException(Use use, Status.Code code) {
    backend.failure = code.toStatus().withDescription("Said by the backend.");

    assertThatThrownBy(() -> use.call().accept(flock))
        .isInstanceOfSatisfying(
            FlockException.class,
            failure -> {
              switch (code) {
                // RESOURCE_EXHAUSTED without a delay to wait is a busy backend, not a rate limit
                case RESOURCE_EXHAUSTED, UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL -> {
                  assertThat(failure.reason()).isEqualTo(FlockException.Reason.UNAVAILABLE);
                  assertThat(failure.getMessage()).isEqualTo(UNAVAILABLE_MESSAGE);
                }
                default -> {
                  assertThat(failure.reason().name()).isEqualTo(code.name());
                  assertThat(failure.getMessage()).isEqualTo("Said by the backend.");
                }
              }
              assertThat(failure.getCause())
                  .isInstanceOfSatisfying(
                      StatusRuntimeException.class,
                      cause -> assertThat(cause.getStatus().getCode()).isEqualTo(code));
            });
  }

  @ParameterizedTest
  @EnumSource(
      value = Status.Code.class,
      names = {"UNAVAILABLE", "NOT_FOUND", "INVALID_ARGUMENT", "UNAUTHENTICATED"})
  void onlyUnavailableMakesTheChannelReconnectAtOnce(Status.Code code) {
    backend.failure = code.toStatus();

    assertThatThrownBy(flock::status).isInstanceOf(FlockException.class);

    assertThat(channel.reconnects.get()).isEqualTo(code == Status.Code.UNAVAILABLE ? 1 : 0);
  }

  @Test
  @Timeout(10)
  void aBackendThatIsDownFailsFastAndIsUsedAgainAsSoonAsItIsBack() throws Exception {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    flock.deadlineMillis = 60_000;

    long started = System.nanoTime();
    assertThatThrownBy(flock::status)
        .isInstanceOfSatisfying(
            FlockException.class,
            failure -> assertThat(failure.reason()).isEqualTo(FlockException.Reason.UNAVAILABLE));
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("without waiting for the deadline")
        .isLessThan(Duration.ofSeconds(5));

    // The failed call made the channel try again at once, while the backend was still down, so the
    // first call after it is back may fail too; but it makes the channel try again at once as well,
    // so the next call is answered. Without that, every call would fail until grpc's backoff (a
    // second at first, up to two minutes) has passed.
    server = startServer();
    StatusView answer;
    try {
      answer = flock.status();
    } catch (FlockException stillWaiting) {
      assertThat(stillWaiting.reason()).isEqualTo(FlockException.Reason.UNAVAILABLE);
      answer = flock.status();
    }
    assertThat(answer).isNotNull();
    assertThat(backend.received()).hasSize(1);
  }

  @Test
  @Timeout(10)
  void aBackendThatDoesNotAnswerFailsTheCallAtItsDeadline() {
    backend.silent = true;
    flock.deadlineMillis = 200;

    long started = System.nanoTime();
    assertThatThrownBy(() -> flock.postsBy("bob", Optional.empty(), null))
        .isInstanceOfSatisfying(
            FlockException.class,
            failure -> {
              assertThat(failure.reason()).isEqualTo(FlockException.Reason.UNAVAILABLE);
              assertThat(((StatusRuntimeException) failure.getCause()).getStatus().getCode())
                  .isEqualTo(Status.Code.DEADLINE_EXCEEDED);
            });
    Duration waited = Duration.ofNanos(System.nanoTime() - started);
    assertThat(waited).isBetween(Duration.ofMillis(200), Duration.ofSeconds(5));
  }

  @Test
  @Timeout(10)
  void signingInWaitsForThePasswordDeadlineOnly() {
    backend.silent = true;
    flock.deadlineMillis = 60_000;
    flock.passwordDeadlineMillis = 200;

    long started = System.nanoTime();
    assertThatThrownBy(() -> flock.login("alice", "pw", ADDRESS, null))
        .isInstanceOfSatisfying(
            FlockException.class,
            failure -> assertThat(failure.reason()).isEqualTo(FlockException.Reason.UNAVAILABLE));
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isBetween(Duration.ofMillis(200), Duration.ofSeconds(5));
  }

  private static ListConnectionsRequest connections(String username, String cursor) {
    return ListConnectionsRequest.newBuilder()
        .setUsername(username)
        .setPageSize(Limits.PAGE_SIZE)
        .setCursor(cursor)
        .build();
  }

  private static Post post(String id, String author, String text, long createdAtEpochMilli) {
    return Post.newBuilder()
        .setId(id)
        .setAuthor(author)
        .setText(text)
        .setCreatedAtEpochMilli(createdAtEpochMilli)
        .build();
  }

  private static StorageMember member(String name, String endpoint, boolean reachable) {
    return StorageMember.newBuilder()
        .setName(name)
        .setEndpoint(endpoint)
        .setReachable(reachable)
        .build();
  }

  /** The in-process channel, counting how often the site asks it to reconnect without waiting. */
  private static final class ReconnectCountingChannel extends ManagedChannel {

    private final ManagedChannel delegate;
    final AtomicInteger reconnects = new AtomicInteger();

    ReconnectCountingChannel(ManagedChannel delegate) {
      this.delegate = delegate;
    }

    @Override
    public void resetConnectBackoff() {
      reconnects.incrementAndGet();
      delegate.resetConnectBackoff();
    }

    @Override
    public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
      return delegate.newCall(method, options);
    }

    @Override
    public String authority() {
      return delegate.authority();
    }

    @Override
    public ManagedChannel shutdown() {
      delegate.shutdown();
      return this;
    }

    @Override
    public ManagedChannel shutdownNow() {
      delegate.shutdownNow();
      return this;
    }

    @Override
    public boolean isShutdown() {
      return delegate.isShutdown();
    }

    @Override
    public boolean isTerminated() {
      return delegate.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
      return delegate.awaitTermination(timeout, unit);
    }
  }

  private static UserSummary summary(String username, long followers, boolean followed) {
    return UserSummary.newBuilder()
        .setUsername(username)
        .setFollowerCount(followers)
        .setFollowedByCaller(followed)
        .build();
  }
}
