package dev.flock.grpc.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flock.grpc.telemetry.LiveFigures;
import dev.flock.grpc.v1.GetStatusRequest;
import dev.flock.grpc.v1.StatusServiceGrpc;
import dev.flock.grpc.v1.SystemStatus;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.OpenTelemetry;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The web tier's channel over real sockets to two backends. */
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
    second.shutdownNow();
  }

  @Test
  void callsAreSpreadOverEveryBackendAndAvoidOneThatIsDown() throws Exception {
    first = backend("first");
    second = backend("second");
    producer.openTelemetry = OpenTelemetry.noop();
    producer.liveFigures = new LiveFigures();
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

  private static Server backend(String name) throws Exception {
    return NettyServerBuilder.forAddress(new InetSocketAddress("localhost", 0))
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
