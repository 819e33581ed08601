package dev.flock.grpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flock.grpc.telemetry.LiveFigures;
import dev.flock.grpc.tls.DeploymentTls;
import dev.flock.grpc.v1.GetStatusRequest;
import dev.flock.grpc.v1.StatusServiceGrpc;
import dev.flock.grpc.v1.SystemStatus;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.OpenTelemetry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web tier's channel over real sockets to two backends, in plaintext and over mutual TLS. */
class BackendChannelProducerTest {

  private final BackendChannelProducer producer = new BackendChannelProducer();
  private Server first;
  private Server second;
  private ManagedChannel channel;

  @AfterEach
  void stop() {
    if (channel != null) {
      producer.close(channel);
    }
    first.shutdownNow();
    if (second != null) {
      second.shutdownNow();
    }
  }

  @Test
  void callsAreSpreadOverEveryBackendAndAvoidOneThatIsDown() throws Exception {
    first = backend("first");
    second = backend("second");
    producer.openTelemetry = OpenTelemetry.noop();
    producer.liveFigures = new LiveFigures();
    producer.tls = new DeploymentTls();
    producer.target = "localhost:" + first.getPort() + ", localhost:" + second.getPort();
    channel = producer.backendChannel();
    var stub = StatusServiceGrpc.newBlockingStub(channel);

    Set<String> answeredBy = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      answeredBy.add(
          stub.withDeadlineAfter(5, TimeUnit.SECONDS)
              .getStatus(GetStatusRequest.getDefaultInstance())
              .getBackendInstance());
    }
    assertThat(answeredBy).containsExactlyInAnyOrder("first", "second");

    first.shutdownNow().awaitTermination();
    answeredBy.clear();
    for (int i = 0; i < 20; i++) {
      try {
        answeredBy.add(
            stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                .getStatus(GetStatusRequest.getDefaultInstance())
                .getBackendInstance());
      } catch (io.grpc.StatusRuntimeException e) {
        // a call in flight when the backend went away may fail once; later ones must not
        assertThat(i).isLessThan(2);
      }
    }
    assertThat(answeredBy).containsExactly("second");
  }

  @Test
  void overTlsOnlyTheDeploymentsBackendsAndClientsTalk(@TempDir Path temp) throws Exception {
    Path deployment = certificates(temp.resolve("deployment"));
    Path other = certificates(temp.resolve("other"));
    first =
        backend(
            "first",
            server -> server.sslContext(DeploymentTls.from(deployment, "backend").grpcServer()));
    producer.openTelemetry = OpenTelemetry.noop();
    producer.liveFigures = new LiveFigures();
    producer.tls = DeploymentTls.from(deployment, "web");
    producer.target = "localhost:" + first.getPort();
    channel = producer.backendChannel();
    assertThat(status(channel).getBackendInstance()).isEqualTo("first");

    // A client without a certificate, or with one another CA signed, is refused.
    ManagedChannel anonymous =
        NettyChannelBuilder.forAddress("localhost", first.getPort())
            .overrideAuthority(DeploymentTls.BACKEND_NAME)
            .sslContext(
                GrpcSslContexts.forClient()
                    .trustManager(deployment.resolve("ca.pem").toFile())
                    .build())
            .build();
    ManagedChannel stranger =
        NettyChannelBuilder.forAddress("localhost", first.getPort())
            .overrideAuthority(DeploymentTls.BACKEND_NAME)
            .sslContext(
                GrpcSslContexts.forClient()
                    .keyManager(
                        other.resolve("web.pem").toFile(), other.resolve("web.key").toFile())
                    .trustManager(deployment.resolve("ca.pem").toFile())
                    .build())
            .build();
    try {
      for (ManagedChannel refused : List.of(anonymous, stranger)) {
        assertThatThrownBy(() -> status(refused))
            .isInstanceOfSatisfying(
                StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
      }
    } finally {
      anonymous.shutdownNow();
      stranger.shutdownNow();
    }

    // And the web tier refuses a backend whose certificate another CA signed.
    first.shutdownNow().awaitTermination();
    first =
        backend(
            "impostor",
            server -> server.sslContext(DeploymentTls.from(other, "backend").grpcServer()));
    producer.close(channel);
    producer.target = "localhost:" + first.getPort();
    channel = producer.backendChannel();
    assertThatThrownBy(() -> status(channel)).isInstanceOf(StatusRuntimeException.class);
  }

  private static SystemStatus status(ManagedChannel channel) {
    return StatusServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .getStatus(GetStatusRequest.getDefaultInstance());
  }

  /** A deployment's certificates, made by the script deployments use. */
  static Path certificates(Path dir) throws Exception {
    Path script = Path.of("..", "docker", "make-certs").toAbsolutePath();
    ProcessBuilder make = new ProcessBuilder(script.toString(), dir.toString()).inheritIO();
    make.environment()
        .put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
    assertThat(make.start().waitFor()).as("docker/make-certs").isZero();
    return dir;
  }

  @Test
  void anAnswerOverTheLimitIsRefusedUnread() throws Exception {
    first = backend("a".repeat(BackendChannelProducer.MAX_ANSWER_BYTES - 1024));
    second = backend("b".repeat(BackendChannelProducer.MAX_ANSWER_BYTES));
    producer.openTelemetry = OpenTelemetry.noop();
    producer.liveFigures = new LiveFigures();
    producer.tls = new DeploymentTls();
    producer.target = "localhost:" + first.getPort();
    channel = producer.backendChannel();

    assertThat(status(channel).getBackendInstance()).startsWith("aaa");

    producer.close(channel);
    producer.target = "localhost:" + second.getPort();
    channel = producer.backendChannel();
    assertThatThrownBy(() -> status(channel))
        .isInstanceOfSatisfying(
            io.grpc.StatusRuntimeException.class,
            refused ->
                assertThat(refused.getStatus().getCode())
                    .isEqualTo(io.grpc.Status.Code.RESOURCE_EXHAUSTED));
  }

  private static Server backend(String name) throws Exception {
    return backend(name, server -> server);
  }

  private static Server backend(String name, UnaryOperator<NettyServerBuilder> configure)
      throws Exception {
    return configure
        .apply(NettyServerBuilder.forAddress(new InetSocketAddress("localhost", 0)))
        .addService(
            new StatusServiceGrpc.StatusServiceImplBase() {
              @Override
              public void getStatus(
                  GetStatusRequest request, StreamObserver<SystemStatus> response) {
                response.onNext(SystemStatus.newBuilder().setBackendInstance(name).build());
                response.onCompleted();
              }
            })
        .build()
        .start();
  }
}
