package dev.flock.web.backend;

import dev.flock.core.FlockException;
import dev.flock.core.Limits;
import dev.flock.grpc.auth.CallerToken;
import dev.flock.grpc.auth.ClientAddress;
import dev.flock.grpc.error.StatusMapping;
import dev.flock.grpc.telemetry.LastMinute;
import dev.flock.grpc.v1.AccountServiceGrpc;
import dev.flock.grpc.v1.AccountServiceGrpc.AccountServiceBlockingStub;
import dev.flock.grpc.v1.ChangePasswordRequest;
import dev.flock.grpc.v1.CreatePostRequest;
import dev.flock.grpc.v1.DeleteAccountRequest;
import dev.flock.grpc.v1.EndSessionsRequest;
import dev.flock.grpc.v1.ExploreRequest;
import dev.flock.grpc.v1.FeedServiceGrpc;
import dev.flock.grpc.v1.FeedServiceGrpc.FeedServiceBlockingStub;
import dev.flock.grpc.v1.FollowRequest;
import dev.flock.grpc.v1.GetProfileRequest;
import dev.flock.grpc.v1.GetStatusRequest;
import dev.flock.grpc.v1.GetThreadRequest;
import dev.flock.grpc.v1.GraphServiceGrpc;
import dev.flock.grpc.v1.GraphServiceGrpc.GraphServiceBlockingStub;
import dev.flock.grpc.v1.HomeFeedRequest;
import dev.flock.grpc.v1.LikePostRequest;
import dev.flock.grpc.v1.ListConnectionsRequest;
import dev.flock.grpc.v1.ListConnectionsResponse;
import dev.flock.grpc.v1.ListLikedPostsRequest;
import dev.flock.grpc.v1.ListMentionsRequest;
import dev.flock.grpc.v1.ListPostsByAuthorRequest;
import dev.flock.grpc.v1.ListSessionsRequest;
import dev.flock.grpc.v1.ListTaggedRequest;
import dev.flock.grpc.v1.LiveFigures;
import dev.flock.grpc.v1.LoginRequest;
import dev.flock.grpc.v1.LoginResponse;
import dev.flock.grpc.v1.LogoutRequest;
import dev.flock.grpc.v1.NewPost;
import dev.flock.grpc.v1.Post;
import dev.flock.grpc.v1.PostPage;
import dev.flock.grpc.v1.PostServiceGrpc;
import dev.flock.grpc.v1.PostServiceGrpc.PostServiceBlockingStub;
import dev.flock.grpc.v1.PostThread;
import dev.flock.grpc.v1.Profile;
import dev.flock.grpc.v1.RegisterRequest;
import dev.flock.grpc.v1.SearchUsersRequest;
import dev.flock.grpc.v1.SearchUsersResponse;
import dev.flock.grpc.v1.StatusServiceGrpc;
import dev.flock.grpc.v1.StatusServiceGrpc.StatusServiceBlockingStub;
import dev.flock.grpc.v1.SuggestFollowsRequest;
import dev.flock.grpc.v1.SystemStatus;
import dev.flock.grpc.v1.UnfollowRequest;
import dev.flock.grpc.v1.UnlikePostRequest;
import dev.flock.grpc.v1.UserServiceGrpc;
import dev.flock.grpc.v1.UserServiceGrpc.UserServiceBlockingStub;
import dev.flock.grpc.v1.UserSummary;
import dev.flock.grpc.v1.WatchHomeFeedRequest;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.StreamObserver;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every call the site makes to the backend. Calls on behalf of a user take that user's session
 * token; each call has a deadline ({@code flock.backend.deadline-ms}), so a backend that is down
 * makes a page fail fast with UNAVAILABLE instead of hanging.
 */
@ApplicationScoped
public class FlockBackend {

  @Inject ManagedChannel channel;

  @Inject
  @ConfigProperty(name = "flock.backend.deadline-ms")
  long deadlineMillis;

  /**
   * Sign-up and sign-in hash a password on purpose slowly (~40 ms of CPU each): a burst of them
   * queues on the backend's cores, so they get a longer deadline than reads.
   */
  @Inject
  @ConfigProperty(name = "flock.backend.password-deadline-ms")
  long passwordDeadlineMillis;

  /** What "now" is for how long ago a post was written; tests set a fixed one. */
  Clock clock = Clock.systemUTC();

  private AccountServiceBlockingStub accounts;
  private GraphServiceBlockingStub graph;
  private PostServiceBlockingStub posts;
  private FeedServiceBlockingStub feed;
  private UserServiceBlockingStub users;
  private StatusServiceBlockingStub status;

  @PostConstruct
  void createStubs() {
    accounts = AccountServiceGrpc.newBlockingStub(channel);
    graph = GraphServiceGrpc.newBlockingStub(channel);
    posts = PostServiceGrpc.newBlockingStub(channel);
    feed = FeedServiceGrpc.newBlockingStub(channel);
    users = UserServiceGrpc.newBlockingStub(channel);
    status = StatusServiceGrpc.newBlockingStub(channel);
  }

  /** {@code clientAddress}: of the person signing up, which the backend's limits count. */
  public void register(String username, String password, String clientAddress) {
    call(
        () ->
            ClientAddress.attach(accounts, clientAddress)
                .withDeadlineAfter(passwordDeadlineMillis, TimeUnit.MILLISECONDS)
                .register(
                    RegisterRequest.newBuilder()
                        .setUsername(username)
                        .setPassword(password)
                        .build()));
  }

  /**
   * {@code clientAddress}: of the person signing in, which the backend's limits count; {@code
   * device}: their browser's device token (see {@code SessionCookie.DEVICE}).
   */
  public SignIn login(String username, String password, String clientAddress, String device) {
    LoginResponse response =
        call(
            () ->
                ClientAddress.attach(accounts, clientAddress, Optional.ofNullable(device))
                    .withDeadlineAfter(passwordDeadlineMillis, TimeUnit.MILLISECONDS)
                    .login(
                        LoginRequest.newBuilder()
                            .setUsername(username)
                            .setPassword(password)
                            .build()));
    return new SignIn(
        response.getToken(),
        response.getUsername(),
        Instant.ofEpochSecond(response.getExpiresAtEpochSecond()));
  }

  public void logout(String token) {
    call(() -> as(token, accounts).logout(LogoutRequest.getDefaultInstance()));
  }

  /**
   * Gives the user a new password (the backend ends their other sessions); {@code clientAddress}
   * and {@code device} as for {@link #login}, since the current password is checked.
   */
  public void changePassword(
      String token, String current, String replacement, String clientAddress, String device) {
    call(
        () ->
            ClientAddress.attach(accounts, clientAddress, Optional.ofNullable(device))
                .withDeadlineAfter(passwordDeadlineMillis, TimeUnit.MILLISECONDS)
                .withCallCredentials(CallerToken.of(token))
                .changePassword(
                    ChangePasswordRequest.newBuilder()
                        .setCurrentPassword(orEmpty(current))
                        .setNewPassword(orEmpty(replacement))
                        .build()));
  }

  /**
   * Deletes the user's account, given their password; {@code clientAddress}, {@code device} as for
   * login.
   */
  public void deleteAccount(String token, String password, String clientAddress, String device) {
    call(
        () ->
            ClientAddress.attach(accounts, clientAddress, Optional.ofNullable(device))
                .withDeadlineAfter(passwordDeadlineMillis, TimeUnit.MILLISECONDS)
                .withCallCredentials(CallerToken.of(token))
                .deleteAccount(
                    DeleteAccountRequest.newBuilder().setPassword(orEmpty(password)).build()));
  }

  /** The user's live sessions, newest first. */
  public List<SessionView> sessions(String token) {
    return call(() -> as(token, accounts).listSessions(ListSessionsRequest.getDefaultInstance()))
        .getSessionsList()
        .stream()
        .map(
            session ->
                SessionView.of(
                    session.getId(),
                    session.getStartedAtEpochMilli(),
                    session.getFrom(),
                    session.getCurrent()))
        .toList();
  }

  /** Ends the user's session {@code id}; NOT_FOUND when it is not theirs or ended already. */
  public void endSession(String token, String id) {
    if (id == null || id.isBlank()) {
      // an empty id asks the backend to end them all: never by accident
      throw FlockException.invalid("Which session? Please pick one from the list.");
    }
    call(
        () ->
            as(token, accounts)
                .endSessions(EndSessionsRequest.newBuilder().setId(orEmpty(id)).build()));
  }

  /** Ends every session of the user, this one included. */
  public void endAllSessions(String token) {
    call(() -> as(token, accounts).endSessions(EndSessionsRequest.getDefaultInstance()));
  }

  public void follow(String token, String username) {
    call(() -> as(token, graph).follow(FollowRequest.newBuilder().setUsername(username).build()));
  }

  public void unfollow(String token, String username) {
    call(
        () ->
            as(token, graph).unfollow(UnfollowRequest.newBuilder().setUsername(username).build()));
  }

  /** Whom {@code username} follows; {@code token} is empty for visitors. */
  public PageView<UserView> following(String username, Optional<String> token, String cursor) {
    return people(call(() -> maybeAs(token, graph).listFollowing(connections(username, cursor))));
  }

  /** Who follows {@code username}; {@code token} is empty for visitors. */
  public PageView<UserView> followers(String username, Optional<String> token, String cursor) {
    return people(call(() -> maybeAs(token, graph).listFollowers(connections(username, cursor))));
  }

  /** Up to {@code limit} people the user might follow ("who to follow"). */
  public List<UserView> suggestions(String token, int limit) {
    return users(
        call(() ->
                as(token, graph)
                    .suggestFollows(SuggestFollowsRequest.newBuilder().setLimit(limit).build()))
            .getUsersList());
  }

  public PostView publish(String token, String text) {
    return post(
        call(() ->
                as(token, posts).createPost(CreatePostRequest.newBuilder().setText(text).build()))
            .getPost());
  }

  /** {@code token} is empty for visitors. */
  public PageView<PostView> postsBy(String author, Optional<String> token, String cursor) {
    return postPage(
        call(
            () ->
                maybeAs(token, posts)
                    .listPostsByAuthor(
                        ListPostsByAuthorRequest.newBuilder()
                            .setAuthor(author)
                            .setPageSize(Limits.PAGE_SIZE)
                            .setCursor(orEmpty(cursor))
                            .build())));
  }

  public PageView<PostView> homeFeed(String token, String cursor) {
    return postPage(
        call(
            () ->
                as(token, feed)
                    .homeFeed(
                        HomeFeedRequest.newBuilder()
                            .setPageSize(Limits.PAGE_SIZE)
                            .setCursor(orEmpty(cursor))
                            .build())));
  }

  /** A reply to the post {@code postId}; NOT_FOUND when that post does not exist (any more). */
  /** What a live home feed tells, on the channel's threads; calls never overlap. */
  public interface NewPosts {
    void told(String postId, String author);

    /** The stream is over: its deadline passed, the backend ended it, or it failed. */
    void ended(Throwable failure);
  }

  /**
   * Opens the caller's live home feed ({@code WatchHomeFeed}) for at most {@code lifetime}, first
   * telling of the posts newer than {@code afterPostId}. Returns what stops it early.
   */
  public Runnable watchHomeFeed(
      String token, Optional<String> afterPostId, Duration lifetime, NewPosts listener) {
    Context.CancellableContext call = Context.current().withCancellation();
    WatchHomeFeedRequest request =
        WatchHomeFeedRequest.newBuilder().setAfterPostId(afterPostId.orElse("")).build();
    call.run(
        () ->
            FeedServiceGrpc.newStub(channel)
                .withDeadlineAfter(lifetime.toMillis(), TimeUnit.MILLISECONDS)
                .withCallCredentials(CallerToken.of(token))
                .watchHomeFeed(
                    request,
                    new StreamObserver<>() {
                      @Override
                      public void onNext(NewPost post) {
                        listener.told(post.getPostId(), post.getAuthor());
                      }

                      @Override
                      public void onError(Throwable failure) {
                        listener.ended(failure);
                      }

                      @Override
                      public void onCompleted() {
                        listener.ended(null);
                      }
                    }));
    return () -> call.cancel(null);
  }

  public PostView reply(String token, String postId, String text) {
    return post(
        call(() ->
                as(token, posts)
                    .createPost(
                        CreatePostRequest.newBuilder().setText(text).setInReplyTo(postId).build()))
            .getPost());
  }

  /** A post, what it answers and a page of its replies; NOT_FOUND for an unknown post. */
  public ThreadView thread(String postId, Optional<String> token, String cursor) {
    PostThread thread =
        call(
            () ->
                maybeAs(token, posts)
                    .getThread(
                        GetThreadRequest.newBuilder()
                            .setPostId(postId)
                            .setPageSize(Limits.PAGE_SIZE)
                            .setCursor(orEmpty(cursor))
                            .build()));
    return new ThreadView(
        post(thread.getPost()),
        thread.hasAnswered() ? post(thread.getAnswered()) : null,
        postPage(thread.getReplies()));
  }

  /** NOT_FOUND for a post that does not exist (any more). */
  public void likePost(String token, String postId) {
    call(() -> as(token, posts).likePost(LikePostRequest.newBuilder().setPostId(postId).build()));
  }

  public void unlikePost(String token, String postId) {
    call(
        () ->
            as(token, posts).unlikePost(UnlikePostRequest.newBuilder().setPostId(postId).build()));
  }

  /** The posts {@code username} likes, newest post first; NOT_FOUND for an unknown user. */
  public PageView<PostView> likedBy(String username, Optional<String> token, String cursor) {
    ListLikedPostsRequest request =
        ListLikedPostsRequest.newBuilder()
            .setUsername(username)
            .setPageSize(Limits.PAGE_SIZE)
            .setCursor(orEmpty(cursor))
            .build();
    return postPage(call(() -> maybeAs(token, posts).listLikedPosts(request)));
  }

  /** The posts that mention the user signed in by {@code token}, newest first. */
  public PageView<PostView> mentions(String token, String cursor) {
    ListMentionsRequest request =
        ListMentionsRequest.newBuilder()
            .setPageSize(Limits.PAGE_SIZE)
            .setCursor(orEmpty(cursor))
            .build();
    return postPage(call(() -> as(token, posts).listMentions(request)));
  }

  /** The posts with the hashtag {@code tag}; INVALID_ARGUMENT when it cannot be one. */
  public PageView<PostView> tagged(String tag, Optional<String> token, String cursor) {
    ListTaggedRequest request =
        ListTaggedRequest.newBuilder()
            .setTag(tag)
            .setPageSize(Limits.PAGE_SIZE)
            .setCursor(orEmpty(cursor))
            .build();
    return postPage(call(() -> maybeAs(token, posts).listTagged(request)));
  }

  /** Everyone's posts, newest first; {@code token} is empty for visitors. */
  public PageView<PostView> explore(Optional<String> token, String cursor) {
    return postPage(
        call(
            () ->
                maybeAs(token, feed)
                    .explore(
                        ExploreRequest.newBuilder()
                            .setPageSize(Limits.PAGE_SIZE)
                            .setCursor(orEmpty(cursor))
                            .build())));
  }

  /** NOT_FOUND for an unknown user; {@code token} is empty for visitors. */
  public ProfileView profile(String username, Optional<String> token) {
    GetProfileRequest request = GetProfileRequest.newBuilder().setUsername(username).build();
    Profile profile =
        call(
            () ->
                token
                    .map(value -> as(value, users))
                    .orElseGet(() -> withDeadline(users))
                    .getProfile(request));
    return new ProfileView(
        profile.getUsername(),
        profile.getFollowerCount(),
        profile.getFollowingCount(),
        profile.getPostCount(),
        profile.getFollowedByCaller());
  }

  /** {@code token} is empty for visitors. */
  public PageView<UserView> searchUsers(String query, Optional<String> token, String cursor) {
    SearchUsersResponse response =
        call(
            () ->
                maybeAs(token, users)
                    .searchUsers(
                        SearchUsersRequest.newBuilder()
                            .setQuery(orEmpty(query))
                            .setPageSize(Limits.PAGE_SIZE)
                            .setCursor(orEmpty(cursor))
                            .build()));
    return new PageView<>(users(response.getUsersList()), response.getNextCursor());
  }

  public StatusView status() {
    SystemStatus answer =
        call(() -> withDeadline(status).getStatus(GetStatusRequest.getDefaultInstance()));
    return new StatusView(
        answer.getBackendInstance(),
        answer.getStorageMode(),
        answer.getStorageAvailable(),
        answer.getStorageDetail(),
        answer.getMembersList().stream()
            .map(
                member ->
                    new StatusView.Member(
                        member.getName(),
                        member.getEndpoint(),
                        member.getReachable(),
                        member.getName().equals(answer.getLeader())))
            .toList(),
        answer.getLeader(),
        answer.getRaftIndex(),
        answer.getLiveList().stream()
            .collect(
                Collectors.toMap(
                    LiveFigures::getKind,
                    FlockBackend::figures,
                    (first, second) -> first,
                    LinkedHashMap::new)));
  }

  private static LastMinute.Figures figures(LiveFigures live) {
    return new LastMinute.Figures(
        live.getPerSecond(),
        live.getErrorRate(),
        live.getP50Millis(),
        live.getP99Millis(),
        live.getSecondsList().stream()
            .map(
                second ->
                    new LastMinute.Second(
                        second.getCalls(), second.getErrors(), second.getP99Millis()))
            .toList());
  }

  private <S extends AbstractStub<S>> S withDeadline(S stub) {
    return stub.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS);
  }

  private <S extends AbstractStub<S>> S as(String token, S stub) {
    return withDeadline(stub).withCallCredentials(CallerToken.of(token));
  }

  /** The stub on behalf of {@code token}'s user, or of nobody (a visitor). */
  private <S extends AbstractStub<S>> S maybeAs(Optional<String> token, S stub) {
    return token.map(value -> as(value, stub)).orElseGet(() -> withDeadline(stub));
  }

  private <T> T call(Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (StatusRuntimeException failure) {
      if (failure.getStatus().getCode() == Status.Code.UNAVAILABLE) {
        // Reconnect on the next call instead of after grpc's backoff (up to two minutes), so
        // the site recovers as soon as the backend is back.
        channel.resetConnectBackoff();
      }
      throw StatusMapping.toException(failure);
    }
  }

  private static ListConnectionsRequest connections(String username, String cursor) {
    return ListConnectionsRequest.newBuilder()
        .setUsername(username)
        .setPageSize(Limits.PAGE_SIZE)
        .setCursor(orEmpty(cursor))
        .build();
  }

  private static PageView<UserView> people(ListConnectionsResponse response) {
    return new PageView<>(users(response.getUsersList()), response.getNextCursor());
  }

  private static List<UserView> users(List<UserSummary> users) {
    return users.stream()
        .map(
            user ->
                UserView.of(
                    user.getUsername(), user.getFollowerCount(), user.getFollowedByCaller()))
        .toList();
  }

  private PageView<PostView> postPage(PostPage page) {
    return new PageView<>(
        page.getPostsList().stream().map(this::post).toList(), page.getNextCursor());
  }

  private PostView post(Post post) {
    return PostView.of(
            post.getId(),
            post.getAuthor(),
            post.getText(),
            Instant.ofEpochMilli(post.getCreatedAtEpochMilli()),
            clock)
        .withLikes(post.getLikeCount(), post.getLikedByCaller())
        .withReplyTo(post.getReplyToId(), post.getReplyToAuthor());
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
