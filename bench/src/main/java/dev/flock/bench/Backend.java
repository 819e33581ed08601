package dev.flock.bench;

import dev.flock.grpc.auth.CallerToken;
import dev.flock.grpc.v1.AccountServiceGrpc;
import dev.flock.grpc.v1.CreatePostRequest;
import dev.flock.grpc.v1.ExploreRequest;
import dev.flock.grpc.v1.FeedServiceGrpc;
import dev.flock.grpc.v1.FollowRequest;
import dev.flock.grpc.v1.GetProfileRequest;
import dev.flock.grpc.v1.GraphServiceGrpc;
import dev.flock.grpc.v1.HomeFeedRequest;
import dev.flock.grpc.v1.LikePostRequest;
import dev.flock.grpc.v1.ListPostsByAuthorRequest;
import dev.flock.grpc.v1.LoginRequest;
import dev.flock.grpc.v1.PostPage;
import dev.flock.grpc.v1.PostServiceGrpc;
import dev.flock.grpc.v1.Profile;
import dev.flock.grpc.v1.RegisterRequest;
import dev.flock.grpc.v1.UnfollowRequest;
import dev.flock.grpc.v1.UnlikePostRequest;
import dev.flock.grpc.v1.UserServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;

/**
 * The backend's gRPC API as the bench uses it: one channel, blocking calls, each with a deadline.
 */
final class Backend implements AutoCloseable {

  private static final long DEADLINE_MS = 30_000;

  private final ManagedChannel channel;

  Backend(String target) {
    channel = NettyChannelBuilder.forTarget(target).usePlaintext().build();
  }

  private <S extends io.grpc.stub.AbstractStub<S>> S withDeadline(S stub) {
    return stub.withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS);
  }

  private <S extends io.grpc.stub.AbstractStub<S>> S as(S stub, String token) {
    return withDeadline(stub).withCallCredentials(CallerToken.of(token));
  }

  void register(String user, String password) {
    withDeadline(AccountServiceGrpc.newBlockingStub(channel))
        .register(RegisterRequest.newBuilder().setUsername(user).setPassword(password).build());
  }

  /** Whether {@code user} has an account: a profile, as visitors see it. */
  boolean exists(String user) {
    try {
      withDeadline(UserServiceGrpc.newBlockingStub(channel))
          .getProfile(GetProfileRequest.newBuilder().setUsername(user).build());
      return true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  /** A new session token. */
  String login(String user, String password) {
    return withDeadline(AccountServiceGrpc.newBlockingStub(channel))
        .login(LoginRequest.newBuilder().setUsername(user).setPassword(password).build())
        .getToken();
  }

  void follow(String token, String user) {
    as(GraphServiceGrpc.newBlockingStub(channel), token)
        .follow(FollowRequest.newBuilder().setUsername(user).build());
  }

  void unfollow(String token, String user) {
    as(GraphServiceGrpc.newBlockingStub(channel), token)
        .unfollow(UnfollowRequest.newBuilder().setUsername(user).build());
  }

  /** The id of {@code author}'s newest post. */
  String newestPostOf(String author) {
    return withDeadline(PostServiceGrpc.newBlockingStub(channel))
        .listPostsByAuthor(
            ListPostsByAuthorRequest.newBuilder().setAuthor(author).setPageSize(1).build())
        .getPosts(0)
        .getId();
  }

  void like(String token, String postId) {
    as(PostServiceGrpc.newBlockingStub(channel), token)
        .likePost(LikePostRequest.newBuilder().setPostId(postId).build());
  }

  void unlike(String token, String postId) {
    as(PostServiceGrpc.newBlockingStub(channel), token)
        .unlikePost(UnlikePostRequest.newBuilder().setPostId(postId).build());
  }

  void post(String token, String text) {
    as(PostServiceGrpc.newBlockingStub(channel), token)
        .createPost(CreatePostRequest.newBuilder().setText(text).build());
  }

  /** A reply to {@code postId}: a post that answers it. */
  void reply(String token, String postId, String text) {
    as(PostServiceGrpc.newBlockingStub(channel), token)
        .createPost(CreatePostRequest.newBuilder().setText(text).setInReplyTo(postId).build());
  }

  PostPage homeFeed(String token, int pageSize) {
    return as(FeedServiceGrpc.newBlockingStub(channel), token)
        .homeFeed(HomeFeedRequest.newBuilder().setPageSize(pageSize).build());
  }

  PostPage explore(String token, int pageSize) {
    return as(FeedServiceGrpc.newBlockingStub(channel), token)
        .explore(ExploreRequest.newBuilder().setPageSize(pageSize).build());
  }

  Profile profile(String token, String user) {
    return as(UserServiceGrpc.newBlockingStub(channel), token)
        .getProfile(GetProfileRequest.newBuilder().setUsername(user).build());
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdown();
    if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
      channel.shutdownNow();
    }
  }
}
