package dev.flock.grpc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.common.util.concurrent.ListenableFuture;
import dev.flock.grpc.v1.AccountServiceGrpc;
import dev.flock.grpc.v1.FeedServiceGrpc;
import dev.flock.grpc.v1.LogoutRequest;
import dev.flock.grpc.v1.LogoutResponse;
import dev.flock.grpc.v1.NewPost;
import dev.flock.grpc.v1.WatchHomeFeedRequest;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admission bound over an in-process server whose calls (logouts here) wait until the test lets
 * them finish: two at once are admitted, a third is refused at once, and the bound frees up as
 * calls end, whether they complete or are cancelled.
 */
class CallAdmissionTest {

  private final CallAdmission admission = new CallAdmission(2);
  private final Semaphore started = new Semaphore(0);
  private final CountDownLatch finish = new CountDownLatch(1);

  /** A live feed that tells of one post and ends. */
  private final FeedServiceGrpc.FeedServiceImplBase liveFeed =
      new FeedServiceGrpc.FeedServiceImplBase() {
        @Override
        public void watchHomeFeed(WatchHomeFeedRequest request, StreamObserver<NewPost> response) {
          response.onNext(NewPost.newBuilder().setPostId("1").build());
          response.onCompleted();
        }
      };

  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void serve() throws Exception {
    AccountServiceGrpc.AccountServiceImplBase service =
        new AccountServiceGrpc.AccountServiceImplBase() {
          @Override
          public void logout(LogoutRequest request, StreamObserver<LogoutResponse> response) {
            started.release();
            // until the test lets it finish, or its caller has gone (as storage calls stop then)
            CountDownLatch ended = new CountDownLatch(1);
            Context.current().addListener(gone -> ended.countDown(), Runnable::run);
            Thread.ofVirtual().start(() -> awaitQuietly(finish, ended));
            awaitQuietly(ended, ended);
            response.onNext(LogoutResponse.getDefaultInstance());
            response.onCompleted();
          }
        };
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .addService(ServerInterceptors.intercept(service, admission))
            .addService(ServerInterceptors.intercept(liveFeed, admission))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @AfterEach
  void stop() {
    finish.countDown();
    channel.shutdownNow();
    server.shutdownNow();
  }

  private static void awaitQuietly(CountDownLatch latch, CountDownLatch then) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    then.countDown();
  }

  private ListenableFuture<LogoutResponse> logout() {
    return AccountServiceGrpc.newFutureStub(channel).logout(LogoutRequest.getDefaultInstance());
  }

  @Test
  void aCallOverTheBoundIsRefusedAtOnceAndTheAdmittedOnesFinish() throws Exception {
    List<ListenableFuture<LogoutResponse>> admitted = List.of(logout(), logout());
    assertThat(started.tryAcquire(2, 5, TimeUnit.SECONDS)).as("both admitted calls run").isTrue();

    ExecutionException refused =
        catchThrowableOfType(ExecutionException.class, () -> logout().get(5, TimeUnit.SECONDS));
    Status status = ((StatusRuntimeException) refused.getCause()).getStatus();
    assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(status.getDescription()).contains("busy", "try again");
    assertThat(admission.inFlight()).isEqualTo(2);

    finish.countDown();
    for (ListenableFuture<LogoutResponse> call : admitted) {
      assertThat(call.get(5, TimeUnit.SECONDS)).isNotNull();
    }
    assertThat(logout().get(5, TimeUnit.SECONDS)).as("admitted again").isNotNull();
    awaitInFlight(0);
  }

  @Test
  void aCancelledCallFreesItsPlace() throws Exception {
    ListenableFuture<LogoutResponse> cancelled = logout();
    logout();
    assertThat(started.tryAcquire(2, 5, TimeUnit.SECONDS)).isTrue();

    cancelled.cancel(true);
    awaitInFlight(1);
    ListenableFuture<LogoutResponse> third = logout();
    assertThat(started.tryAcquire(1, 5, TimeUnit.SECONDS)).as("admitted in its place").isTrue();
    finish.countDown();
    assertThat(third.get(5, TimeUnit.SECONDS)).isNotNull();
  }

  @Test
  void aServerStreamIsNotCountedAgainstTheBound() throws Exception {
    logout();
    logout();
    assertThat(started.tryAcquire(2, 5, TimeUnit.SECONDS)).isTrue();

    Iterator<NewPost> live =
        FeedServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(5, TimeUnit.SECONDS)
            .watchHomeFeed(WatchHomeFeedRequest.getDefaultInstance());
    assertThat(live.next().getPostId()).isEqualTo("1");
    assertThat(admission.inFlight()).isEqualTo(2);
  }

  private void awaitInFlight(int expected) throws InterruptedException {
    for (int i = 0; i < 100 && admission.inFlight() != expected; i++) {
      Thread.sleep(50);
    }
    assertThat(admission.inFlight()).isEqualTo(expected);
  }
}
