package dev.flock.web.backend;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import dev.flock.grpc.v1.AccountServiceGrpc;
import dev.flock.grpc.v1.CreatePostRequest;
import dev.flock.grpc.v1.CreatePostResponse;
import dev.flock.grpc.v1.FeedServiceGrpc;
import dev.flock.grpc.v1.FollowRequest;
import dev.flock.grpc.v1.FollowResponse;
import dev.flock.grpc.v1.GetProfileRequest;
import dev.flock.grpc.v1.GetStatusRequest;
import dev.flock.grpc.v1.GraphServiceGrpc;
import dev.flock.grpc.v1.HomeFeedRequest;
import dev.flock.grpc.v1.ListConnectionsRequest;
import dev.flock.grpc.v1.ListConnectionsResponse;
import dev.flock.grpc.v1.ListPostsByAuthorRequest;
import dev.flock.grpc.v1.LoginRequest;
import dev.flock.grpc.v1.LoginResponse;
import dev.flock.grpc.v1.LogoutRequest;
import dev.flock.grpc.v1.LogoutResponse;
import dev.flock.grpc.v1.PostPage;
import dev.flock.grpc.v1.PostServiceGrpc;
import dev.flock.grpc.v1.Profile;
import dev.flock.grpc.v1.RegisterRequest;
import dev.flock.grpc.v1.RegisterResponse;
import dev.flock.grpc.v1.SearchUsersRequest;
import dev.flock.grpc.v1.SearchUsersResponse;
import dev.flock.grpc.v1.StatusServiceGrpc;
import dev.flock.grpc.v1.SuggestFollowsRequest;
import dev.flock.grpc.v1.SuggestFollowsResponse;
import dev.flock.grpc.v1.SystemStatus;
import dev.flock.grpc.v1.UnfollowRequest;
import dev.flock.grpc.v1.UnfollowResponse;
import dev.flock.grpc.v1.UserServiceGrpc;
import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every service of flock.proto as a backend whose answers the test sets: each call is recorded (its
 * request, its {@code authorization} header as sent, its deadline) and answered with what {@link
 * #answer} gave for its method, or the empty message; with {@link #failure} set, every call fails
 * with that status, and a {@link #silent} backend never answers at all.
 */
final class ScriptedBackend {

  /**
   * One call as the backend received it; {@code authorization} and {@code clientAddress} are null
   * when none was sent.
   */
  record Received(
      String method,
      Message request,
      String authorization,
      String clientAddress,
      Deadline deadline) {}

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<String> SENT_AUTHORIZATION = Context.key("authorization");
  private static final Metadata.Key<String> CLIENT_ADDRESS =
      Metadata.Key.of("flock-client-address", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<String> SENT_CLIENT_ADDRESS = Context.key("client-address");

  private final Map<String, Message> answers = new ConcurrentHashMap<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  volatile Status failure;
  volatile boolean silent;

  <R extends Message> void answer(MethodDescriptor<?, R> method, R response) {
    answers.put(method.getFullMethodName(), response);
  }

  List<Received> received() {
    return received;
  }

  /** The one call received so far. */
  Received onlyCall() {
    assertThat(received).hasSize(1);
    return received.getFirst();
  }

  /** Makes the {@code authorization} and client address headers readable by the service. */
  ServerInterceptor headerRecorder() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Context context =
            Context.current()
                .withValue(SENT_AUTHORIZATION, headers.get(AUTHORIZATION))
                .withValue(SENT_CLIENT_ADDRESS, headers.get(CLIENT_ADDRESS));
        return Contexts.interceptCall(context, call, headers, next);
      }
    };
  }

  private <R> void reply(MethodDescriptor<?, R> method, Message request, StreamObserver<R> out) {
    received.add(
        new Received(
            method.getBareMethodName(),
            request,
            SENT_AUTHORIZATION.get(),
            SENT_CLIENT_ADDRESS.get(),
            Context.current().getDeadline()));
    if (silent) {
      return;
    }
    Status status = failure;
    if (status != null) {
      out.onError(status.asRuntimeException());
      return;
    }
    @SuppressWarnings("unchecked")
    R response =
        (R)
            answers.getOrDefault(
                method.getFullMethodName(),
                (Message)
                    ((MethodDescriptor.PrototypeMarshaller<R>) method.getResponseMarshaller())
                        .getMessagePrototype());
    out.onNext(response);
    out.onCompleted();
  }

  List<BindableService> services() {
    return List.of(
        new AccountServiceGrpc.AccountServiceImplBase() {
          @Override
          public void register(RegisterRequest request, StreamObserver<RegisterResponse> out) {
            reply(AccountServiceGrpc.getRegisterMethod(), request, out);
          }

          @Override
          public void login(LoginRequest request, StreamObserver<LoginResponse> out) {
            reply(AccountServiceGrpc.getLoginMethod(), request, out);
          }

          @Override
          public void logout(LogoutRequest request, StreamObserver<LogoutResponse> out) {
            reply(AccountServiceGrpc.getLogoutMethod(), request, out);
          }
        },
        new GraphServiceGrpc.GraphServiceImplBase() {
          @Override
          public void follow(FollowRequest request, StreamObserver<FollowResponse> out) {
            reply(GraphServiceGrpc.getFollowMethod(), request, out);
          }

          @Override
          public void unfollow(UnfollowRequest request, StreamObserver<UnfollowResponse> out) {
            reply(GraphServiceGrpc.getUnfollowMethod(), request, out);
          }

          @Override
          public void listFollowing(
              ListConnectionsRequest request, StreamObserver<ListConnectionsResponse> out) {
            reply(GraphServiceGrpc.getListFollowingMethod(), request, out);
          }

          @Override
          public void listFollowers(
              ListConnectionsRequest request, StreamObserver<ListConnectionsResponse> out) {
            reply(GraphServiceGrpc.getListFollowersMethod(), request, out);
          }

          @Override
          public void suggestFollows(
              SuggestFollowsRequest request, StreamObserver<SuggestFollowsResponse> out) {
            reply(GraphServiceGrpc.getSuggestFollowsMethod(), request, out);
          }
        },
        new PostServiceGrpc.PostServiceImplBase() {
          @Override
          public void createPost(
              CreatePostRequest request, StreamObserver<CreatePostResponse> out) {
            reply(PostServiceGrpc.getCreatePostMethod(), request, out);
          }

          @Override
          public void listPostsByAuthor(
              ListPostsByAuthorRequest request, StreamObserver<PostPage> out) {
            reply(PostServiceGrpc.getListPostsByAuthorMethod(), request, out);
          }
        },
        new FeedServiceGrpc.FeedServiceImplBase() {
          @Override
          public void homeFeed(HomeFeedRequest request, StreamObserver<PostPage> out) {
            reply(FeedServiceGrpc.getHomeFeedMethod(), request, out);
          }
        },
        new UserServiceGrpc.UserServiceImplBase() {
          @Override
          public void getProfile(GetProfileRequest request, StreamObserver<Profile> out) {
            reply(UserServiceGrpc.getGetProfileMethod(), request, out);
          }

          @Override
          public void searchUsers(
              SearchUsersRequest request, StreamObserver<SearchUsersResponse> out) {
            reply(UserServiceGrpc.getSearchUsersMethod(), request, out);
          }
        },
        new StatusServiceGrpc.StatusServiceImplBase() {
          @Override
          public void getStatus(GetStatusRequest request, StreamObserver<SystemStatus> out) {
            reply(StatusServiceGrpc.getGetStatusMethod(), request, out);
          }
        });
  }
}
