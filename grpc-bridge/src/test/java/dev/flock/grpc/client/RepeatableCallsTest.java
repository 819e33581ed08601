package dev.flock.grpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flock.grpc.telemetry.LiveFigures;
import dev.flock.grpc.tls.DeploymentTls;
import dev.flock.grpc.v1.CreatePostRequest;
import dev.flock.grpc.v1.CreatePostResponse;
import dev.flock.grpc.v1.FollowRequest;
import dev.flock.grpc.v1.FollowResponse;
import dev.flock.grpc.v1.GraphServiceGrpc;
import dev.flock.grpc.v1.PostServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.OpenTelemetry;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The web tier's channel sends a call again on UNAVAILABLE exactly when flock.proto marks it safe
 * to repeat, against a real server whose first answer to each call is UNAVAILABLE.
 */
class RepeatableCallsTest {

  private final BackendChannelProducer producer = new BackendChannelProducer();
  private final AtomicInteger follows = new AtomicInteger();
  private final AtomicInteger posts = new AtomicInteger();
  private Server backend;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    backend =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(
                new GraphServiceGrpc.GraphServiceImplBase() {
                  @Override
                  public void follow(FollowRequest request, StreamObserver<FollowResponse> out) {
                    answer(follows, FollowResponse.getDefaultInstance(), out);
                  }
                })
            .addService(
                new PostServiceGrpc.PostServiceImplBase() {
                  @Override
                  public void createPost(
                      CreatePostRequest request, StreamObserver<CreatePostResponse> out) {
                    answer(posts, CreatePostResponse.getDefaultInstance(), out);
                  }
                })
            .build()
            .start();
    producer.openTelemetry = OpenTelemetry.noop();
    producer.liveFigures = new LiveFigures();
    producer.tls = new DeploymentTls();
    producer.target = "127.0.0.1:" + backend.getPort();
    channel = producer.backendChannel();
  }

  @AfterEach
  void stop() {
    producer.close(channel);
    backend.shutdownNow();
  }

  @Test
  void anIdempotentWriteIsSentAgainAndSucceeds() {
    GraphServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .follow(FollowRequest.newBuilder().setUsername("bob").build());

    assertThat(follows).hasValue(2);
  }

  @Test
  void aWriteThatIsNotIdempotentIsSentOnce() {
    var stub = PostServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);

    assertThatThrownBy(() -> stub.createPost(CreatePostRequest.newBuilder().setText("hi").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    assertThat(posts).hasValue(1);
  }

  @Test
  void everyReadAndIdempotentWriteOfTheContractIsRetriedAndNothingElse() {
    @SuppressWarnings("unchecked")
    var config =
        (List<Map<String, Object>>)
            BackendChannelProducer.retryRepeatableCallsOnUnavailable().get("methodConfig");
    @SuppressWarnings("unchecked")
    var names = (List<Map<String, Object>>) config.get(0).get("name");

    assertThat(names)
        .extracting(name -> name.get("service") + "/" + name.get("method"))
        .containsExactlyInAnyOrder(
            "flock.v1.AccountService/Logout",
            "flock.v1.AccountService/ListSessions",
            "flock.v1.AccountService/EndSessions",
            "flock.v1.GraphService/Follow",
            "flock.v1.GraphService/Unfollow",
            "flock.v1.GraphService/ListFollowing",
            "flock.v1.GraphService/ListFollowers",
            "flock.v1.GraphService/SuggestFollows",
            "flock.v1.PostService/ListPostsByAuthor",
            "flock.v1.PostService/GetThread",
            "flock.v1.PostService/LikePost",
            "flock.v1.PostService/UnlikePost",
            "flock.v1.PostService/ListMentions",
            "flock.v1.PostService/ListTagged",
            "flock.v1.PostService/ListLikedPosts",
            "flock.v1.FeedService/HomeFeed",
            "flock.v1.FeedService/Explore",
            "flock.v1.FeedService/WatchHomeFeed",
            "flock.v1.UserService/GetProfile",
            "flock.v1.UserService/SearchUsers",
            "flock.v1.StatusService/GetStatus");
  }

  /** The first call of each kind fails as a backend that is going away does; later ones work. */
  private static <T> void answer(AtomicInteger calls, T response, StreamObserver<T> out) {
    if (calls.incrementAndGet() == 1) {
      out.onError(Status.UNAVAILABLE.withDescription("going away").asRuntimeException());
    } else {
      out.onNext(response);
      out.onCompleted();
    }
  }
}
