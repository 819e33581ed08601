package dev.flock.grpc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.common.util.concurrent.ListenableFuture;
import dev.flock.grpc.DaemonThreads;
import dev.flock.grpc.v1.AccountServiceGrpc;
import dev.flock.grpc.v1.LoginRequest;
import dev.flock.grpc.v1.LoginResponse;
import dev.flock.grpc.v1.LogoutRequest;
import dev.flock.grpc.v1.LogoutResponse;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CPU-bound calls on their own executor, over an in-process server that has one thread for all
 * other calls and one for CPU-bound calls: a login (CPU-bound here) holds its thread until the test
 * lets it finish.
 */
class CpuBoundCallsTest {

  private final ExecutorService serverThreads =
      Executors.newFixedThreadPool(1, DaemonThreads.named("server"));
  private final ExecutorService cpuBoundThreads =
      Executors.newFixedThreadPool(1, DaemonThreads.named("cpu-bound"));

  /** Names of the threads that ran each login, in order. */
  private final Queue<String> loginThreads = new ConcurrentLinkedQueue<>();

  private final Semaphore loginsStarted = new Semaphore(0);
  private final CountDownLatch finishLogins = new CountDownLatch(1);

  private final AccountServiceGrpc.AccountServiceImplBase service =
      new AccountServiceGrpc.AccountServiceImplBase() {
        @Override
        @CpuBound
        public void login(LoginRequest request, StreamObserver<LoginResponse> response) {
          loginThreads.add(Thread.currentThread().getName());
          loginsStarted.release();
          try {
            finishLogins.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          response.onNext(LoginResponse.newBuilder().setUsername(request.getUsername()).build());
          response.onCompleted();
        }

        @Override
        public void logout(LogoutRequest request, StreamObserver<LogoutResponse> response) {
          response.onNext(LogoutResponse.getDefaultInstance());
          response.onCompleted();
        }
      };

  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void serve() throws Exception {
    CpuBoundCalls cpuBound = CpuBoundCalls.of(List.of(service), cpuBoundThreads);
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .executor(serverThreads)
            .callExecutor(cpuBound)
            .addService(service)
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @AfterEach
  void stop() {
    finishLogins.countDown();
    channel.shutdownNow();
    server.shutdownNow();
    serverThreads.shutdownNow();
    cpuBoundThreads.shutdownNow();
  }

  @Test
  void findsTheAnnotatedRpcs() {
    assertThat(CpuBoundCalls.of(List.of(service), cpuBoundThreads).methods())
        .containsExactly("flock.v1.AccountService/Login");
  }

  @Test
  void quickCallsAreServedWhileCpuBoundCallsHoldAllTheirThreads() throws Exception {
    List<ListenableFuture<LoginResponse>> logins = new ArrayList<>();
    for (String user : List.of("ann", "bob", "cid")) {
      logins.add(
          AccountServiceGrpc.newFutureStub(channel)
              .login(LoginRequest.newBuilder().setUsername(user).build()));
    }
    assertThat(loginsStarted.tryAcquire(5, TimeUnit.SECONDS)).isTrue();

    // The server's only other thread is free: were the logins on it, this would wait for them.
    AccountServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(2, TimeUnit.SECONDS)
        .logout(LogoutRequest.getDefaultInstance());
    assertThat(loginThreads).hasSize(1);

    finishLogins.countDown();
    for (var login : logins) {
      login.get(5, TimeUnit.SECONDS);
    }
    assertThat(loginThreads).hasSize(3).allMatch(thread -> thread.startsWith("cpu-bound-"));
  }

  @Test
  void aCpuBoundCallWhoseCallerGaveUpWhileItQueuedIsNotRun() throws Exception {
    var first =
        AccountServiceGrpc.newFutureStub(channel)
            .login(LoginRequest.newBuilder().setUsername("ann").build());
    assertThat(loginsStarted.tryAcquire(5, TimeUnit.SECONDS)).isTrue();

    var abandoned =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                AccountServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(200, TimeUnit.MILLISECONDS)
                    .login(LoginRequest.newBuilder().setUsername("bob").build()));
    assertThat(abandoned.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);

    finishLogins.countDown();
    first.get(5, TimeUnit.SECONDS);
    var next =
        AccountServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(5, TimeUnit.SECONDS)
            .login(LoginRequest.newBuilder().setUsername("cid").build());

    assertThat(next.getUsername()).isEqualTo("cid");
    assertThat(loginThreads).hasSize(2); // ann and cid: bob's login never ran
  }

  @Test
  void anAnnotatedMethodThatIsNoRpcIsRefusedAtStart() {
    BindableService misplaced =
        new AccountServiceGrpc.AccountServiceImplBase() {
          @CpuBound
          public void hashPasswords() {}
        };
    assertThatThrownBy(() -> CpuBoundCalls.of(List.of(misplaced), cpuBoundThreads))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("hashPasswords")
        .hasMessageContaining("is not an RPC");
  }
}
