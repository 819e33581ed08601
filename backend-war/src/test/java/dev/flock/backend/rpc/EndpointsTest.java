package dev.flock.backend.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.flock.backend.Backend;
import dev.flock.backend.account.AccountDeletion;
import dev.flock.backend.limits.RateLimit;
import dev.flock.core.Limits;
import dev.flock.grpc.auth.CallerToken;
import dev.flock.grpc.auth.ClientAddress;
import dev.flock.grpc.error.ErrorMappingInterceptor;
import dev.flock.grpc.error.StatusMapping;
import dev.flock.grpc.server.CpuBoundCalls;
import dev.flock.grpc.v1.AccountServiceGrpc;
import dev.flock.grpc.v1.AccountServiceGrpc.AccountServiceBlockingStub;
import dev.flock.grpc.v1.ChangePasswordRequest;
import dev.flock.grpc.v1.CreatePostRequest;
import dev.flock.grpc.v1.DeleteAccountRequest;
import dev.flock.grpc.v1.EndSessionsRequest;
import dev.flock.grpc.v1.ExploreRequest;
import dev.flock.grpc.v1.FeedServiceGrpc;
import dev.flock.grpc.v1.FollowRequest;
import dev.flock.grpc.v1.GetProfileRequest;
import dev.flock.grpc.v1.GetThreadRequest;
import dev.flock.grpc.v1.GraphServiceGrpc;
import dev.flock.grpc.v1.HomeFeedRequest;
import dev.flock.grpc.v1.LikePostRequest;
import dev.flock.grpc.v1.ListConnectionsRequest;
import dev.flock.grpc.v1.ListConnectionsResponse;
import dev.flock.grpc.v1.ListLikedPostsRequest;
import dev.flock.grpc.v1.ListMentionsRequest;
import dev.flock.grpc.v1.ListPostsByAuthorRequest;
import dev.flock.grpc.v1.ListSessionsRequest;
import dev.flock.grpc.v1.ListTaggedRequest;
import dev.flock.grpc.v1.LoginRequest;
import dev.flock.grpc.v1.LoginResponse;
import dev.flock.grpc.v1.LogoutRequest;
import dev.flock.grpc.v1.Post;
import dev.flock.grpc.v1.PostPage;
import dev.flock.grpc.v1.PostServiceGrpc;
import dev.flock.grpc.v1.PostThread;
import dev.flock.grpc.v1.Profile;
import dev.flock.grpc.v1.RegisterRequest;
import dev.flock.grpc.v1.SearchUsersRequest;
import dev.flock.grpc.v1.SearchUsersResponse;
import dev.flock.grpc.v1.SessionInfo;
import dev.flock.grpc.v1.SuggestFollowsRequest;
import dev.flock.grpc.v1.UnfollowRequest;
import dev.flock.grpc.v1.UnlikePostRequest;
import dev.flock.grpc.v1.UserServiceGrpc;
import dev.flock.grpc.v1.UserSummary;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.AbstractStub;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The endpoints over real domain services and memory storage, served in-process with the same
 * interceptors as production, and called through generated stubs as the web tier calls them.
 */
class EndpointsTest {

  private static final String PASSWORD = "a good password";
  private static final long DEADLINE_SECONDS = 5;

  private final Backend backend = new Backend();
  private final ExecutorService cpuBoundThreads = Executors.newFixedThreadPool(2);
  private CpuBoundCalls cpuBound;
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void serve() throws Exception {
    Caller caller = new Caller();
    caller.sessions = backend.sessions;

    AccountEndpoint accounts = new AccountEndpoint();
    accounts.accounts = backend.accounts;
    accounts.sessions = backend.sessions;
    accounts.limits = backend.limits;
    accounts.caller = caller;
    accounts.deletion = backend.deletion;
    GraphEndpoint graph = new GraphEndpoint();
    graph.graph = backend.graph;
    graph.caller = caller;
    graph.limits = backend.limits;
    PostEndpoint posts = new PostEndpoint();
    posts.posts = backend.posts;
    posts.caller = caller;
    posts.limits = backend.limits;
    posts.likes = backend.likes;
    FeedEndpoint feed = new FeedEndpoint();
    feed.feed = backend.feed;
    feed.live = backend.live;
    feed.caller = caller;
    feed.posts = backend.posts;
    feed.likes = backend.likes;
    UserEndpoint users = new UserEndpoint();
    users.directory = backend.directory;
    users.caller = caller;

    String name = InProcessServerBuilder.generateName();
    List<BindableService> services = List.of(accounts, graph, posts, feed, users);
    cpuBound = CpuBoundCalls.of(services, cpuBoundThreads);
    InProcessServerBuilder builder =
        InProcessServerBuilder.forName(name).directExecutor().callExecutor(cpuBound);
    for (BindableService service : services) {
      builder.addService(
          ServerInterceptors.intercept(
              service,
              new ErrorMappingInterceptor(),
              CallerToken.interceptor(),
              ClientAddress.interceptor()));
    }
    server = builder.build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void shutDown() throws InterruptedException {
    channel.shutdownNow();
    server.shutdownNow();
    cpuBoundThreads.shutdownNow();
    assertThat(channel.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    assertThat(server.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  // ---- the main path -----------------------------------------------------------------------

  @Test
  void registerLoginPostFollowAndReadTheHomeFeed() {
    assertThat(accounts().register(register("alice", PASSWORD)).getUsername()).isEqualTo("alice");
    accounts().register(register("bob", PASSWORD));

    LoginResponse aliceLogin = accounts().login(login("alice", PASSWORD));
    String bob = login("bob");
    assertThat(aliceLogin.getUsername()).isEqualTo("alice");
    assertThat(aliceLogin.getToken()).hasSize(43);
    assertThat(aliceLogin.getExpiresAtEpochSecond())
        .isEqualTo(
            backend.clock.instant().plusSeconds(Backend.SESSION_TTL_SECONDS).getEpochSecond());

    Post created =
        posts(bob)
            .createPost(CreatePostRequest.newBuilder().setText("  hello, flock  ").build())
            .getPost();
    assertThat(created.getAuthor()).isEqualTo("bob");
    assertThat(created.getText()).isEqualTo("hello, flock");
    assertThat(created.getId()).isNotEmpty();
    assertThat(created.getCreatedAtEpochMilli()).isEqualTo(backend.clock.millis());

    graph(aliceLogin.getToken()).follow(FollowRequest.newBuilder().setUsername("bob").build());

    PostPage home = feed(aliceLogin.getToken()).homeFeed(HomeFeedRequest.getDefaultInstance());
    assertThat(home.getPostsList()).containsExactly(created);
    assertThat(home.getNextCursor()).isEmpty();
  }

  @Test
  void exploreShowsEveryonesPostsToVisitorsWithTheirLikes() {
    String alice = registerAndLogin("alice");
    String bob = registerAndLogin("bob");
    Post first = publish(alice, "first");
    Post second = publish(bob, "second");

    posts(alice).likePost(LikePostRequest.newBuilder().setPostId(second.getId()).build());
    posts(alice).likePost(LikePostRequest.newBuilder().setPostId(second.getId()).build());
    posts(bob).likePost(LikePostRequest.newBuilder().setPostId(second.getId()).build());

    PostPage seenByVisitor = feed(null).explore(ExploreRequest.getDefaultInstance());
    assertThat(seenByVisitor.getPostsList())
        .containsExactly(
            second.toBuilder().setLikeCount(2).build(), first.toBuilder().setLikeCount(0).build());
    PostPage seenByAlice = feed(alice).explore(ExploreRequest.newBuilder().setPageSize(1).build());
    assertThat(seenByAlice.getPosts(0).getLikedByCaller()).isTrue();
    assertThat(
            feed(alice)
                .explore(ExploreRequest.newBuilder().setCursor(seenByAlice.getNextCursor()).build())
                .getPostsList())
        .containsExactly(first);

    posts(alice).unlikePost(UnlikePostRequest.newBuilder().setPostId(second.getId()).build());
    assertThat(
            posts(null)
                .listLikedPosts(ListLikedPostsRequest.newBuilder().setUsername("BOB").build())
                .getPostsList())
        .extracting(Post::getId, Post::getLikeCount)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(second.getId(), 1L));
  }

  @Test
  void aReplyIsInItsThreadWithThePostItAnswersAndSaysWhomItAnswers() {
    String alice = registerAndLogin("alice");
    String bob = registerAndLogin("bob");
    Post question = publish(alice, "anyone there?");
    Post answer =
        posts(bob)
            .createPost(
                CreatePostRequest.newBuilder()
                    .setText("here")
                    .setInReplyTo(question.getId())
                    .build())
            .getPost();
    Post answerToAnswer =
        posts(alice)
            .createPost(
                CreatePostRequest.newBuilder()
                    .setText("hi bob")
                    .setInReplyTo(answer.getId())
                    .build())
            .getPost();

    assertThat(answer.getReplyToId()).isEqualTo(question.getId());
    assertThat(answer.getReplyToAuthor()).isEqualTo("alice");
    PostThread thread =
        posts(null).getThread(GetThreadRequest.newBuilder().setPostId(answer.getId()).build());
    assertThat(thread.getPost()).isEqualTo(answer);
    assertThat(thread.getAnswered()).isEqualTo(question);
    assertThat(thread.getReplies().getPostsList()).containsExactly(answerToAnswer);
    assertThat(
            posts(null)
                .getThread(GetThreadRequest.newBuilder().setPostId(question.getId()).build())
                .hasAnswered())
        .isFalse();
    assertThat(
            failure(
                    () ->
                        posts(bob)
                            .createPost(
                                CreatePostRequest.newBuilder()
                                    .setText("to nothing")
                                    .setInReplyTo("1700000000000abcdef01")
                                    .build()))
                .getStatus()
                .getCode())
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(
            failure(
                    () ->
                        posts(null)
                            .getThread(GetThreadRequest.newBuilder().setPostId("nope").build()))
                .getStatus()
                .getCode())
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void mentionsListTheCallersAndTagsAnyonesAndABadTagIsInvalid() {
    String alice = registerAndLogin("alice");
    String bob = registerAndLogin("bob");
    Post post = publish(alice, "hey @Bob, #Flock is live");

    assertThat(posts(bob).listMentions(ListMentionsRequest.getDefaultInstance()).getPostsList())
        .containsExactly(post);
    assertThat(posts(alice).listMentions(ListMentionsRequest.getDefaultInstance()).getPostsList())
        .isEmpty();
    assertThat(
            posts(null)
                .listTagged(ListTaggedRequest.newBuilder().setTag("FLOCK").build())
                .getPostsList())
        .containsExactly(post);
    assertThat(
            failure(
                    () ->
                        posts(null)
                            .listTagged(ListTaggedRequest.newBuilder().setTag("no tag").build()))
                .getStatus()
                .getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            failure(() -> posts(null).listMentions(ListMentionsRequest.getDefaultInstance()))
                .getStatus()
                .getCode())
        .isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void likingAnUnknownPostIsNotFoundAndNeedsASignIn() {
    String alice = registerAndLogin("alice");

    for (String id : List.of("1700000000000abcdef01", "not-an-id", "")) {
      assertThat(
              failure(
                      () ->
                          posts(alice).likePost(LikePostRequest.newBuilder().setPostId(id).build()))
                  .getStatus()
                  .getCode())
          .as(id)
          .isEqualTo(Status.Code.NOT_FOUND);
    }
    Post post = publish(alice, "mine");
    assertThat(
            failure(
                    () ->
                        posts(null)
                            .likePost(LikePostRequest.newBuilder().setPostId(post.getId()).build()))
                .getStatus()
                .getCode())
        .isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void passwordsAreHashedOnTheCpuBoundThreads() {
    assertThat(cpuBound.methods())
        .containsExactlyInAnyOrder(
            "flock.v1.AccountService/Register",
            "flock.v1.AccountService/Login",
            "flock.v1.AccountService/ChangePassword",
            "flock.v1.AccountService/DeleteAccount");
  }

  // ---- status codes ------------------------------------------------------------------------

  @Test
  void aBadUsernameIsInvalidArgumentWithTheRule() {
    StatusRuntimeException failure =
        failure(() -> accounts().register(register("No Spaces!", PASSWORD)));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(failure.getStatus().getDescription())
        .isEqualTo("A username has 3 to 20 characters: lowercase letters a-z, digits 0-9 and _.");
  }

  @Test
  void aShortPasswordIsInvalidArgumentWithTheRule() {
    StatusRuntimeException failure = failure(() -> accounts().register(register("alice", "short")));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(failure.getStatus().getDescription())
        .isEqualTo("A password has 8 to 128 characters.");
  }

  @Test
  void anEmptyPostIsInvalidArgumentWithTheRule() {
    String alice = registerAndLogin("alice");

    StatusRuntimeException failure =
        failure(
            () -> posts(alice).createPost(CreatePostRequest.newBuilder().setText("   ").build()));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(failure.getStatus().getDescription()).isEqualTo("A post cannot be empty.");
    assertThat(backend.stores.posts().postCount("alice")).isZero();
  }

  @Test
  void aTooLongPostIsInvalidArgumentWithTheRule() {
    String alice = registerAndLogin("alice");

    StatusRuntimeException failure =
        failure(
            () ->
                posts(alice)
                    .createPost(CreatePostRequest.newBuilder().setText("x".repeat(281)).build()));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(failure.getStatus().getDescription())
        .isEqualTo("A post has at most 280 characters.");
  }

  @Test
  void aTakenNameIsAlreadyExists() {
    accounts().register(register("alice", PASSWORD));

    StatusRuntimeException failure =
        failure(() -> accounts().register(register("alice", PASSWORD)));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(failure.getStatus().getDescription()).contains("'alice' is taken");
  }

  @Test
  void aWrongLoginIsUnauthenticatedWithoutSayingWhatWasWrong() {
    accounts().register(register("alice", PASSWORD));

    StatusRuntimeException wrongPassword =
        failure(() -> accounts().login(login("alice", "not the password")));
    StatusRuntimeException unknownUser = failure(() -> accounts().login(login("nobody", PASSWORD)));

    assertThat(wrongPassword.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(unknownUser.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(wrongPassword.getStatus().getDescription())
        .isEqualTo(unknownUser.getStatus().getDescription())
        .isEqualTo("Wrong username or password.");
  }

  @Test
  void callsThatNeedAUserAreUnauthenticatedWithoutAToken() {
    registerAndLogin("bob");

    assertUnauthenticated(
        () ->
            withDeadline(PostServiceGrpc.newBlockingStub(channel))
                .createPost(CreatePostRequest.newBuilder().setText("hi").build()));
    assertUnauthenticated(
        () ->
            withDeadline(FeedServiceGrpc.newBlockingStub(channel))
                .homeFeed(HomeFeedRequest.getDefaultInstance()));
    assertUnauthenticated(
        () ->
            withDeadline(GraphServiceGrpc.newBlockingStub(channel))
                .follow(FollowRequest.newBuilder().setUsername("bob").build()));
  }

  @Test
  void anUnknownTokenIsUnauthenticated() {
    assertUnauthenticated(
        () -> feed("made-up-token").homeFeed(HomeFeedRequest.getDefaultInstance()));
  }

  @Test
  void logoutRevokesTheToken() {
    String alice = registerAndLogin("alice");
    String otherDevice = login("alice");

    accounts(alice).logout(LogoutRequest.getDefaultInstance());

    assertUnauthenticated(() -> feed(alice).homeFeed(HomeFeedRequest.getDefaultInstance()));
    assertThat(backend.sessions.usernameFor(alice)).isEmpty();
    feed(otherDevice).homeFeed(HomeFeedRequest.getDefaultInstance()); // other sessions live on
    accounts(alice).logout(LogoutRequest.getDefaultInstance()); // idempotent
    accounts().logout(LogoutRequest.getDefaultInstance()); // without a token: nothing to do
  }

  @Test
  void anExpiredTokenIsUnauthenticated() {
    String alice = registerAndLogin("alice");

    backend.clock.advance(Duration.ofSeconds(Backend.SESSION_TTL_SECONDS));

    assertUnauthenticated(() -> feed(alice).homeFeed(HomeFeedRequest.getDefaultInstance()));
  }

  @Test
  void everyNameACallerSendsIsReadInLowerCaseNfc() {
    assertThat(accounts().register(register(" Alice ", PASSWORD)).getUsername()).isEqualTo("alice");
    accounts().register(register("bob", PASSWORD));
    StatusRuntimeException taken = failure(() -> accounts().register(register("ALICE", PASSWORD)));
    assertThat(taken.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);

    LoginResponse login = accounts().login(login("ALICE", PASSWORD));
    assertThat(login.getUsername()).isEqualTo("alice");
    graph(login.getToken()).follow(FollowRequest.newBuilder().setUsername("Bob").build());

    assertThat(
            users(login.getToken())
                .getProfile(GetProfileRequest.newBuilder().setUsername("BOB").build()))
        .satisfies(
            bob -> {
              assertThat(bob.getUsername()).isEqualTo("bob");
              assertThat(bob.getFollowedByCaller()).isTrue();
            });
  }

  @Test
  void anUnknownProfileIsNotFound() {
    StatusRuntimeException failure =
        failure(
            () ->
                users(null)
                    .getProfile(GetProfileRequest.newBuilder().setUsername("ghost").build()));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(failure.getStatus().getDescription()).isEqualTo("There is no user called 'ghost'.");
  }

  @Test
  void followingAnUnknownUserIsNotFoundAndYourselfIsInvalid() {
    String alice = registerAndLogin("alice");

    StatusRuntimeException unknown =
        failure(() -> graph(alice).follow(FollowRequest.newBuilder().setUsername("ghost").build()));
    StatusRuntimeException self =
        failure(() -> graph(alice).follow(FollowRequest.newBuilder().setUsername("alice").build()));

    assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(self.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(self.getStatus().getDescription()).isEqualTo("You cannot follow yourself.");
  }

  @Test
  void aBadCursorIsInvalidArgument() {
    String alice = registerAndLogin("alice");

    StatusRuntimeException failure =
        failure(
            () ->
                feed(alice)
                    .homeFeed(HomeFeedRequest.newBuilder().setCursor("!!not a cursor").build()));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(failure.getStatus().getDescription()).contains("page link is not valid");
  }

  // ---- profiles, search, lists -------------------------------------------------------------

  @Test
  void aProfileCountsAndTellsWhetherTheCallerFollows() {
    String alice = registerAndLogin("alice");
    String bob = registerAndLogin("bob");
    String carol = registerAndLogin("carol");
    follow(alice, "bob");
    follow(carol, "bob");
    follow(bob, "alice");
    posts(bob).createPost(CreatePostRequest.newBuilder().setText("one").build());
    posts(bob).createPost(CreatePostRequest.newBuilder().setText("two").build());
    GetProfileRequest bobsProfile = GetProfileRequest.newBuilder().setUsername("bob").build();

    Profile seenByAlice = users(alice).getProfile(bobsProfile);

    assertThat(seenByAlice)
        .isEqualTo(
            Profile.newBuilder()
                .setUsername("bob")
                .setFollowerCount(2)
                .setFollowingCount(1)
                .setPostCount(2)
                .setFollowedByCaller(true)
                .build());
    assertThat(users(bob).getProfile(bobsProfile).getFollowedByCaller()).isFalse();
    assertThat(users(null).getProfile(bobsProfile).getFollowedByCaller()).isFalse();
    assertThat(users("revoked-or-made-up").getProfile(bobsProfile).getFollowedByCaller()).isFalse();

    graph(alice).unfollow(UnfollowRequest.newBuilder().setUsername("bob").build());
    Profile afterUnfollow = users(alice).getProfile(bobsProfile);
    assertThat(afterUnfollow.getFollowedByCaller()).isFalse();
    assertThat(afterUnfollow.getFollowerCount()).isEqualTo(1);
  }

  @Test
  void listsOfUsersShowEachOnesFollowersAndWhetherTheCallerFollowsThem() {
    String alice = registerAndLogin("alice");
    String bob = registerAndLogin("bob");
    String carol = registerAndLogin("carol");
    follow(alice, "bob");
    follow(alice, "carol");
    follow(bob, "carol");
    ListConnectionsRequest alicesFollows = listOf("alice", "").toBuilder().setPageSize(10).build();
    SearchUsersRequest everyone = SearchUsersRequest.newBuilder().setQuery("").build();

    assertThat(graph(bob).listFollowing(alicesFollows).getUsersList())
        .containsExactly(user("bob", 1, false), user("carol", 2, true));
    assertThat(graph(null).listFollowers(listOf("carol", "")).getUsersList())
        .containsExactly(user("alice", 0, false), user("bob", 1, false));
    assertThat(users(carol).searchUsers(everyone).getUsersList())
        .containsExactly(user("alice", 0, false), user("bob", 1, false), user("carol", 2, false));
    assertThat(users(alice).searchUsers(everyone).getUsersList())
        .containsExactly(user("alice", 0, false), user("bob", 1, true), user("carol", 2, true));
  }

  @Test
  void suggestionsAreForASignedInCallerAndLeaveOutWhomTheyFollow() {
    String alice = registerAndLogin("alice");
    String bob = registerAndLogin("bob");
    String carol = registerAndLogin("carol");
    registerAndLogin("dave");
    follow(alice, "bob");
    follow(bob, "carol");
    follow(carol, "dave");
    follow(bob, "dave");

    assertThat(
            graph(alice).suggestFollows(SuggestFollowsRequest.getDefaultInstance()).getUsersList())
        .containsExactly(user("carol", 1, false), user("dave", 2, false));
    assertThat(
            graph(alice)
                .suggestFollows(SuggestFollowsRequest.newBuilder().setLimit(1).build())
                .getUsersList())
        .containsExactly(user("carol", 1, false));
    follow(alice, "carol");
    assertThat(
            graph(alice).suggestFollows(SuggestFollowsRequest.getDefaultInstance()).getUsersList())
        .containsExactly(user("dave", 2, false));
    assertUnauthenticated(
        () -> graph(null).suggestFollows(SuggestFollowsRequest.getDefaultInstance()));
  }

  @Test
  void followTwiceCountsOnce() {
    String alice = registerAndLogin("alice");
    registerAndLogin("bob");

    follow(alice, "bob");
    follow(alice, "bob");

    assertThat(
            users(null)
                .getProfile(GetProfileRequest.newBuilder().setUsername("bob").build())
                .getFollowerCount())
        .isEqualTo(1);
  }

  @Test
  void searchFindsUsersByPrefixCaseInsensitivelyAndPages() {
    for (String name : List.of("alfred", "alice", "albert", "bob", "al_x", "carl")) {
      accounts().register(register(name, PASSWORD));
    }

    List<String> found =
        pageThrough(
            cursor -> {
              SearchUsersResponse page =
                  users(null)
                      .searchUsers(
                          SearchUsersRequest.newBuilder()
                              .setQuery(" AL ")
                              .setPageSize(2)
                              .setCursor(cursor)
                              .build());
              return new Slice<>(names(page.getUsersList()), page.getNextCursor());
            });

    assertThat(found).containsExactly("al_x", "albert", "alfred", "alice");
  }

  @Test
  void followingAndFollowersArePagedOverGrpc() {
    String alice = registerAndLogin("alice");
    List<String> others = List.of("dave", "bob", "erin", "carol", "frank");
    for (String other : others) {
      String token = registerAndLogin(other);
      follow(alice, other);
      follow(token, "alice");
    }
    GraphServiceGrpc.GraphServiceBlockingStub graph = graph(null);

    List<String> following =
        pageThrough(cursor -> connections(graph.listFollowing(listOf("alice", cursor))));
    List<String> followers =
        pageThrough(cursor -> connections(graph.listFollowers(listOf("alice", cursor))));

    assertThat(following).containsExactly("bob", "carol", "dave", "erin", "frank");
    assertThat(followers).containsExactly("bob", "carol", "dave", "erin", "frank");
  }

  @Test
  void postsByAuthorAndTheHomeFeedArePagedOverGrpc() {
    String alice = registerAndLogin("alice");
    String bob = registerAndLogin("bob");
    String carol = registerAndLogin("carol");
    follow(alice, "bob");
    follow(alice, "carol");
    List<String> published = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      backend.clock.advance(Duration.ofMillis(1));
      String author = i % 2 == 0 ? bob : carol;
      published.add(
          posts(author)
              .createPost(CreatePostRequest.newBuilder().setText("post " + i).build())
              .getPost()
              .getText());
    }
    List<String> newestFirst = new ArrayList<>(published);
    Collections.reverse(newestFirst);

    List<String> home =
        pageThrough(
            cursor -> {
              PostPage page =
                  feed(alice)
                      .homeFeed(
                          HomeFeedRequest.newBuilder().setPageSize(10).setCursor(cursor).build());
              return new Slice<>(
                  page.getPostsList().stream().map(Post::getText).toList(), page.getNextCursor());
            });
    List<String> byBob =
        pageThrough(
            cursor -> {
              PostPage page =
                  posts(null)
                      .listPostsByAuthor(
                          ListPostsByAuthorRequest.newBuilder()
                              .setAuthor("bob")
                              .setPageSize(4)
                              .setCursor(cursor)
                              .build());
              return new Slice<>(
                  page.getPostsList().stream().map(Post::getText).toList(), page.getNextCursor());
            });

    assertThat(home).containsExactlyElementsOf(newestFirst);
    assertThat(byBob)
        .containsExactlyElementsOf(newestFirst.stream().filter(EndpointsTest::evenPost).toList());
  }

  @Test
  void theDefaultHomeFeedPageHoldsTwenty() {
    String alice = registerAndLogin("alice");
    String bob = registerAndLogin("bob");
    follow(alice, "bob");
    for (int i = 0; i < 21; i++) {
      posts(bob).createPost(CreatePostRequest.newBuilder().setText("post " + i).build());
    }

    PostPage first = feed(alice).homeFeed(HomeFeedRequest.getDefaultInstance());

    assertThat(first.getPostsCount()).isEqualTo(20);
    assertThat(first.getNextCursor()).isNotEmpty();
  }

  // ---- helpers -----------------------------------------------------------------------------

  // ---- account safety ----------------------------------------------------------------------

  @Test
  void changingThePasswordNeedsTheCurrentOneAndEndsEveryOtherSession() {
    String here = registerAndLogin("alice");
    String elsewhere = login("alice");
    ChangePasswordRequest.Builder change =
        ChangePasswordRequest.newBuilder().setNewPassword("a brand new password");

    assertThat(
            failure(() -> accounts(here).changePassword(change.setCurrentPassword("wrong").build()))
                .getStatus()
                .getCode())
        .isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(
            failure(
                    () ->
                        accounts(here)
                            .changePassword(
                                ChangePasswordRequest.newBuilder()
                                    .setCurrentPassword(PASSWORD)
                                    .setNewPassword("short")
                                    .build()))
                .getStatus()
                .getDescription())
        .isEqualTo("A password has 8 to 128 characters.");
    assertThat(feed(elsewhere).homeFeed(HomeFeedRequest.getDefaultInstance())).isNotNull();

    accounts(here).changePassword(change.setCurrentPassword(PASSWORD).build());

    assertThat(feed(here).homeFeed(HomeFeedRequest.getDefaultInstance())).isNotNull();
    assertUnauthenticated(() -> feed(elsewhere).homeFeed(HomeFeedRequest.getDefaultInstance()));
    assertThat(failure(() -> accounts().login(login("alice", PASSWORD))).getStatus().getCode())
        .isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(accounts().login(login("alice", "a brand new password")).getUsername())
        .isEqualTo("alice");
  }

  @Test
  void aUserSeesTheirSessionsAndEndsOneOrAll() {
    accounts().register(register("alice", PASSWORD));
    String laptop = from("192.0.2.1", accounts()).login(login("alice", PASSWORD)).getToken();
    backend.clock.advance(Duration.ofMinutes(1));
    String phone = from("198.51.100.2", accounts()).login(login("alice", PASSWORD)).getToken();
    String bobs = registerAndLogin("bob");

    List<SessionInfo> listed =
        accounts(laptop).listSessions(ListSessionsRequest.getDefaultInstance()).getSessionsList();
    assertThat(listed)
        .extracting(SessionInfo::getFrom)
        .containsExactly("198.51.100.2", "192.0.2.1");
    assertThat(listed).extracting(SessionInfo::getCurrent).containsExactly(false, true);
    assertThat(listed.get(1).getStartedAtEpochMilli())
        .isEqualTo(backend.clock.millis() - Duration.ofMinutes(1).toMillis());
    String bobsId =
        accounts(bobs)
            .listSessions(ListSessionsRequest.getDefaultInstance())
            .getSessions(0)
            .getId();
    assertThat(
            failure(
                    () ->
                        accounts(laptop)
                            .endSessions(EndSessionsRequest.newBuilder().setId(bobsId).build()))
                .getStatus()
                .getCode())
        .as("another user's session")
        .isEqualTo(Status.Code.NOT_FOUND);

    accounts(laptop)
        .endSessions(EndSessionsRequest.newBuilder().setId(listed.get(0).getId()).build());
    assertUnauthenticated(() -> feed(phone).homeFeed(HomeFeedRequest.getDefaultInstance()));
    assertThat(feed(bobs).homeFeed(HomeFeedRequest.getDefaultInstance())).isNotNull();

    String tablet = login("alice");
    accounts(laptop).endSessions(EndSessionsRequest.getDefaultInstance());
    assertUnauthenticated(() -> feed(laptop).homeFeed(HomeFeedRequest.getDefaultInstance()));
    assertUnauthenticated(() -> feed(tablet).homeFeed(HomeFeedRequest.getDefaultInstance()));
    assertThat(feed(bobs).homeFeed(HomeFeedRequest.getDefaultInstance())).isNotNull();
  }

  @Test
  void deletingAnAccountNeedsThePasswordAndRemovesItsPostsFollowsAndSessionsForGood() {
    String dave = registerAndLogin("dave");
    String daveElsewhere = login("dave");
    String erin = registerAndLogin("erin");
    follow(erin, "dave");
    follow(dave, "erin");
    for (int i = 0; i < AccountDeletion.BATCH + 5; i++) {
      posts(dave).createPost(CreatePostRequest.newBuilder().setText("dave " + i).build());
    }
    assertThat(feed(erin).homeFeed(HomeFeedRequest.getDefaultInstance()).getPostsCount())
        .isPositive();

    assertThat(
            failure(
                    () ->
                        accounts(dave)
                            .deleteAccount(
                                DeleteAccountRequest.newBuilder().setPassword("wrong").build()))
                .getStatus()
                .getCode())
        .isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(backend.stores.posts().postCount("dave")).isEqualTo(AccountDeletion.BATCH + 5);

    accounts(dave).deleteAccount(DeleteAccountRequest.newBuilder().setPassword(PASSWORD).build());

    assertThat(feed(erin).homeFeed(HomeFeedRequest.getDefaultInstance()).getPostsList()).isEmpty();
    assertThat(backend.stores.posts().postCount("dave")).isZero();
    Profile erinsProfile =
        users(erin).getProfile(GetProfileRequest.newBuilder().setUsername("erin").build());
    assertThat(erinsProfile.getFollowerCount()).isZero();
    assertThat(erinsProfile.getFollowingCount()).isZero();
    assertUnauthenticated(() -> feed(dave).homeFeed(HomeFeedRequest.getDefaultInstance()));
    assertUnauthenticated(() -> feed(daveElsewhere).homeFeed(HomeFeedRequest.getDefaultInstance()));
    assertThat(
            failure(
                    () ->
                        users(erin)
                            .getProfile(GetProfileRequest.newBuilder().setUsername("dave").build()))
                .getStatus()
                .getCode())
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(failure(() -> accounts().login(login("dave", PASSWORD))).getStatus().getCode())
        .isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(failure(() -> accounts().register(register("dave", PASSWORD))).getStatus().getCode())
        .as("the name stays reserved")
        .isEqualTo(Status.Code.ALREADY_EXISTS);
  }

  // ---- rate limits -------------------------------------------------------------------------

  @Test
  void signInFailuresOverTheAccountsLimitAreResourceExhaustedWithWhenToRetry() {
    accounts().register(register("alice", PASSWORD));
    int max = backend.limits.rule(RateLimit.SIGN_IN_FAILURES_PER_ACCOUNT).max();
    for (int i = 0; i < 3 * max; i++) {
      assertThat(accounts().login(login("alice", PASSWORD)).getUsername()).isEqualTo("alice");
    }
    for (int i = 0; i < max; i++) {
      assertThat(failure(() -> accounts().login(login("Alice", "wrong password"))).getStatus())
          .extracting(Status::getCode)
          .isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    StatusRuntimeException refused = failure(() -> accounts().login(login("alice", PASSWORD)));

    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(refused.getStatus().getDescription())
        .isEqualTo("Too many failed sign-ins for this account. Please try again in 15 minutes.");
    assertThat(StatusMapping.toException(refused).retryAfter()).contains(Duration.ofMinutes(15));
    backend.clock.advance(Duration.ofMinutes(15));
    assertThat(accounts().login(login("alice", PASSWORD)).getUsername()).isEqualTo("alice");
  }

  @Test
  void whileStrangersAreThrottledTheOwnerStillSignsInFromABrowserOfTheirs() {
    accounts().register(register("alice", PASSWORD));
    AccountServiceBlockingStub ownersLaptop =
        ClientAddress.attach(accounts(), "192.0.2.1", Optional.of("laptop-device-token"));
    ownersLaptop.login(login("alice", PASSWORD));
    int max = backend.limits.rule(RateLimit.SIGN_IN_FAILURES_PER_ACCOUNT).max();
    for (int i = 0; i < max + 5; i++) {
      String address = "203.0.113." + i;
      String guess = "guess-" + i;
      failure(
          () ->
              ClientAddress.attach(accounts(), address, Optional.of(guess))
                  .login(login("alice", guess)));
    }
    assertThat(
            failure(
                    () ->
                        ClientAddress.attach(accounts(), "198.51.100.9", Optional.of("new-phone"))
                            .login(login("alice", PASSWORD)))
                .getStatus()
                .getCode())
        .as("a browser alice never used")
        .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);

    assertThat(ownersLaptop.login(login("alice", PASSWORD)).getUsername()).isEqualTo("alice");
  }

  @Test
  void aSignInAsANameLongerThanAnyAccountsIsCountedPerAddressOnlyAndStoresNoSuchKey() {
    String huge = "x".repeat(Limits.USERNAME_MAX_LENGTH + 5_000);
    int max = backend.limits.rule(RateLimit.SIGN_IN_FAILURES_PER_ACCOUNT).max();
    for (int i = 0; i <= max; i++) {
      String address = "203.0.113." + i;
      assertThat(failure(() -> from(address, accounts()).login(login(huge, PASSWORD))).getStatus())
          .extracting(Status::getCode)
          .isEqualTo(Status.Code.UNAUTHENTICATED);
    }
    assertThat(
            backend
                .stores
                .attempts()
                .anyAfter(
                    RateLimit.SIGN_IN_FAILURES_PER_ACCOUNT.configName() + ":" + huge,
                    Instant.EPOCH))
        .isFalse();
  }

  @Test
  void signInFailuresAndSignUpsAreLimitedPerClientAddress() {
    int failures = backend.limits.rule(RateLimit.SIGN_IN_FAILURES_PER_ADDRESS).max();
    for (int i = 0; i < failures; i++) {
      String name = "nobody" + i;
      failure(() -> from("203.0.113.7", accounts()).login(login(name, PASSWORD)));
    }
    assertThat(
            failure(() -> from("203.0.113.7", accounts()).login(login("someone", PASSWORD)))
                .getStatus()
                .getDescription())
        .startsWith("Too many failed sign-ins from your network. Please try again in 5 minutes");
    assertThat(failure(() -> from("203.0.113.8", accounts()).login(login("someone", PASSWORD))))
        .extracting(refused -> refused.getStatus().getCode())
        .isEqualTo(Status.Code.UNAUTHENTICATED);

    int signUps = backend.limits.rule(RateLimit.SIGN_UPS_PER_ADDRESS).max();
    for (int i = 0; i < signUps; i++) {
      from("198.51.100.1", accounts()).register(register("user" + i, PASSWORD));
    }
    StatusRuntimeException refused =
        failure(() -> from("198.51.100.1", accounts()).register(register("one_more", PASSWORD)));
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(backend.stores.accounts().findAccount("one_more")).isEmpty();
    // a tool of ours (no client address) is not limited per address
    accounts().register(register("one_more", PASSWORD));
  }

  @Test
  void postsAndFollowsOverTheAccountsLimitAreRefusedAndNotWritten() {
    String alice = registerAndLogin("alice");
    accounts().register(register("bob", PASSWORD));
    int posts = backend.limits.rule(RateLimit.POSTS_PER_ACCOUNT).max();
    for (int i = 0; i < posts; i++) {
      posts(alice).createPost(CreatePostRequest.newBuilder().setText("post " + i).build());
    }
    StatusRuntimeException refused =
        failure(
            () ->
                posts(alice)
                    .createPost(CreatePostRequest.newBuilder().setText("one more").build()));
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(refused.getStatus().getDescription())
        .isEqualTo("You have posted a lot. Please try again in 3 hours.");
    assertThat(backend.stores.posts().postCount("alice")).isEqualTo(posts);

    int follows = backend.limits.rule(RateLimit.FOLLOWS_PER_ACCOUNT).max();
    for (int i = 0; i < follows; i++) {
      follow(alice, i % 2 == 0 ? "bob" : "BOB");
    }
    assertThat(failure(() -> follow(alice, "bob")).getStatus().getCode())
        .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
  }

  @Test
  void likesOverTheAccountsLimitAreRefusedAndNotWrittenWhileUnlikesStayFree() {
    String alice = registerAndLogin("alice");
    String bob = registerAndLogin("bob");
    Post liked = publish(bob, "liked again and again");
    Post refusedOne = publish(bob, "one like too many");
    int likes = backend.limits.rule(RateLimit.LIKES_PER_ACCOUNT).max();
    for (int i = 0; i < likes; i++) {
      posts(alice).likePost(LikePostRequest.newBuilder().setPostId(liked.getId()).build());
      posts(alice).unlikePost(UnlikePostRequest.newBuilder().setPostId(liked.getId()).build());
    }

    StatusRuntimeException refused =
        failure(
            () ->
                posts(alice)
                    .likePost(LikePostRequest.newBuilder().setPostId(refusedOne.getId()).build()));

    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(refused.getStatus().getDescription())
        .isEqualTo("You have liked many posts today. Please try again in 24 hours.");
    assertThat(backend.stores.likes().likedBy("alice", Optional.empty(), 10)).isEmpty();
    // bob's own likes are his own count
    posts(bob).likePost(LikePostRequest.newBuilder().setPostId(refusedOne.getId()).build());
    assertThat(backend.stores.likes().likedBy("bob", Optional.empty(), 10))
        .containsExactly(refusedOne.getId());
  }

  private static <S extends AbstractStub<S>> S from(String address, S stub) {
    return ClientAddress.attach(stub, address);
  }

  private record Slice<T>(List<T> items, String nextCursor) {}

  /** Reads every page, following next cursors from the first page until the last. */
  private static <T> List<T> pageThrough(Function<String, Slice<T>> read) {
    List<T> all = new ArrayList<>();
    String cursor = "";
    int pages = 0;
    do {
      Slice<T> slice = read.apply(cursor);
      all.addAll(slice.items());
      cursor = slice.nextCursor();
      assertThat(++pages).as("pages read").isLessThan(100);
    } while (!cursor.isEmpty());
    return all;
  }

  private static boolean evenPost(String text) {
    return Integer.parseInt(text.substring("post ".length())) % 2 == 0;
  }

  private static ListConnectionsRequest listOf(String username, String cursor) {
    return ListConnectionsRequest.newBuilder()
        .setUsername(username)
        .setPageSize(2)
        .setCursor(cursor)
        .build();
  }

  private static Slice<String> connections(ListConnectionsResponse response) {
    return new Slice<>(names(response.getUsersList()), response.getNextCursor());
  }

  private static List<String> names(List<UserSummary> users) {
    return users.stream().map(UserSummary::getUsername).toList();
  }

  private static UserSummary user(String username, long followers, boolean followedByCaller) {
    return UserSummary.newBuilder()
        .setUsername(username)
        .setFollowerCount(followers)
        .setFollowedByCaller(followedByCaller)
        .build();
  }

  private static RegisterRequest register(String username, String password) {
    return RegisterRequest.newBuilder().setUsername(username).setPassword(password).build();
  }

  private static LoginRequest login(String username, String password) {
    return LoginRequest.newBuilder().setUsername(username).setPassword(password).build();
  }

  private Post publish(String token, String text) {
    return posts(token).createPost(CreatePostRequest.newBuilder().setText(text).build()).getPost();
  }

  private String registerAndLogin(String username) {
    accounts().register(register(username, PASSWORD));
    return login(username);
  }

  private String login(String username) {
    return accounts().login(login(username, PASSWORD)).getToken();
  }

  private void follow(String token, String username) {
    graph(token).follow(FollowRequest.newBuilder().setUsername(username).build());
  }

  private AccountServiceBlockingStub accounts() {
    return accounts(null);
  }

  private AccountServiceBlockingStub accounts(String token) {
    return as(token, AccountServiceGrpc.newBlockingStub(channel));
  }

  private GraphServiceGrpc.GraphServiceBlockingStub graph(String token) {
    return as(token, GraphServiceGrpc.newBlockingStub(channel));
  }

  private PostServiceGrpc.PostServiceBlockingStub posts(String token) {
    return as(token, PostServiceGrpc.newBlockingStub(channel));
  }

  private FeedServiceGrpc.FeedServiceBlockingStub feed(String token) {
    return as(token, FeedServiceGrpc.newBlockingStub(channel));
  }

  private UserServiceGrpc.UserServiceBlockingStub users(String token) {
    return as(token, UserServiceGrpc.newBlockingStub(channel));
  }

  /** The stub with a deadline, calling on behalf of {@code token}'s user (nobody if null). */
  private static <S extends AbstractStub<S>> S as(String token, S stub) {
    S withDeadline = withDeadline(stub);
    return token == null ? withDeadline : withDeadline.withCallCredentials(CallerToken.of(token));
  }

  private static <S extends AbstractStub<S>> S withDeadline(S stub) {
    return stub.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  private static void assertUnauthenticated(Runnable call) {
    StatusRuntimeException failure = failure(call);
    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(failure.getStatus().getDescription()).isEqualTo("Please sign in again.");
  }

  private static StatusRuntimeException failure(Runnable call) {
    StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(failure).as("the call to fail").isNotNull();
    return failure;
  }
}
