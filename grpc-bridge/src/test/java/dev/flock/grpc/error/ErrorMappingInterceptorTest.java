package dev.flock.grpc.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.flock.core.FlockException;
import dev.flock.grpc.auth.CallerToken;
import dev.flock.grpc.v1.AccountServiceGrpc;
import dev.flock.grpc.v1.LogoutRequest;
import dev.flock.grpc.v1.LogoutResponse;
import dev.flock.grpc.v1.RegisterRequest;
import dev.flock.grpc.v1.RegisterResponse;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bridge's server-side glue, exactly as the gRPC server installs it, over an in-process
 * channel.
 */
class ErrorMappingInterceptorTest {

  private final AtomicReference<String> tokenSeen = new AtomicReference<>();
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void serve() throws Exception {
    var service =
        new AccountServiceGrpc.AccountServiceImplBase() {
          @Override
          public void register(RegisterRequest request, StreamObserver<RegisterResponse> response) {
            switch (request.getUsername()) {
              case "taken" -> throw FlockException.alreadyExists("That name is taken.");
              case "bug" -> throw new NullPointerException("internal detail");
              default -> {
                response.onNext(
                    RegisterResponse.newBuilder().setUsername(request.getUsername()).build());
                response.onCompleted();
              }
            }
          }

          @Override
          public void logout(LogoutRequest request, StreamObserver<LogoutResponse> response) {
            tokenSeen.set(CallerToken.current().orElse("none"));
            response.onNext(LogoutResponse.getDefaultInstance());
            response.onCompleted();
          }
        };
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(
                ServerInterceptors.intercept(
                    service, new ErrorMappingInterceptor(), CallerToken.interceptor()))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  @Test
  void aThrownFlockExceptionBecomesItsStatusWithItsMessage() {
    var failure =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                AccountServiceGrpc.newBlockingStub(channel)
                    .register(RegisterRequest.newBuilder().setUsername("taken").build()));
    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(failure.getStatus().getDescription()).isEqualTo("That name is taken.");
  }

  @Test
  void aBugBecomesInternalWithoutItsDetails() {
    var failure =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                AccountServiceGrpc.newBlockingStub(channel)
                    .register(RegisterRequest.newBuilder().setUsername("bug").build()));
    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(failure.getStatus().getDescription()).doesNotContain("internal detail");
  }

  @Test
  void theCallerTokenTravelsAsBearerMetadata() {
    var stub = AccountServiceGrpc.newBlockingStub(channel);
    stub.logout(LogoutRequest.getDefaultInstance());
    assertThat(tokenSeen.get()).isEqualTo("none");
    stub.withCallCredentials(CallerToken.of("abc123")).logout(LogoutRequest.getDefaultInstance());
    assertThat(tokenSeen.get()).isEqualTo("abc123");
  }
}
