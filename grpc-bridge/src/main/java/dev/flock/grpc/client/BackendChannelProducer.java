package dev.flock.grpc.client;

import com.google.protobuf.DescriptorProtos.MethodOptions;
import dev.flock.grpc.DaemonThreads;
import dev.flock.grpc.telemetry.LiveFigures;
import dev.flock.grpc.telemetry.RpcTelemetry;
import dev.flock.grpc.tls.DeploymentTls;
import dev.flock.grpc.v1.FlockProto;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Produces the channel to the backends listed in {@code flock.backend.grpc.target} ({@code
 * host:port}, or several separated by commas; a host name stands for every address it resolves to:
 * calls are spread over them all round robin). The channel reconnects by itself when a backend
 * comes back. Calls the contract marks as safe to repeat (flock.proto's {@code idempotency_level})
 * are retried on UNAVAILABLE; the others never are.
 */
@ApplicationScoped
public class BackendChannelProducer {

  private static final Duration RECONNECT_AT_LEAST_EVERY = Duration.ofSeconds(2);

  @ConfigProperty(name = "flock.backend.grpc.target", defaultValue = "localhost:9090")
  @jakarta.inject.Inject
  String target;

  @jakarta.inject.Inject OpenTelemetry openTelemetry;

  @jakarta.inject.Inject LiveFigures liveFigures;

  @jakarta.inject.Inject DeploymentTls tls;

  /**
   * The largest answer taken from a backend: a page of 20 posts of 280 characters is ~25 KB, so
   * this is room to spare, and far below gRPC's default of 4 MiB.
   */
  static final int MAX_ANSWER_BYTES = 256 * 1024;

  private EventLoopGroup eventLoop;
  private ExecutorService executor;

  @Produces
  @Singleton
  ManagedChannel backendChannel() {
    eventLoop = new NioEventLoopGroup(2, DaemonThreads.named("flock-grpc-client-io"));
    // What runs the channel's callbacks (a blocking stub runs its call's on the calling thread):
    // a virtual thread each, nothing to size or bound.
    executor =
        Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("flock-grpc-client-", 1).factory());
    NettyChannelBuilder builder =
        NettyChannelBuilder.forTarget(BackendAddresses.targetFor(target))
            .nameResolverFactory(new BackendAddresses())
            .defaultLoadBalancingPolicy("round_robin")
            .eventLoopGroup(eventLoop)
            .channelType(NioSocketChannel.class)
            .executor(executor)
            .keepAliveTime(30, TimeUnit.SECONDS)
            .keepAliveWithoutCalls(true)
            .maxInboundMessageSize(MAX_ANSWER_BYTES)
            .defaultServiceConfig(retryRepeatableCallsOnUnavailable())
            .enableRetry()
            .intercept(
                RpcTelemetry.client(openTelemetry, liveFigures.of(LiveFigures.BACKEND_CALLS)));
    // Over TLS the backends must show a certificate of the deployment naming the channel's
    // authority (DeploymentTls.BACKEND_NAME), whichever of their addresses was dialled.
    ManagedChannel channel =
        (tls.enabled() ? builder.sslContext(tls.grpcClient()) : builder.usePlaintext()).build();
    // A backend that is restarting refuses connections until it has booted, and gRPC's reconnect
    // backoff grows meanwhile to minutes: cap the wait, so that a backend back in service gets
    // calls within RECONNECT_AT_LEAST_EVERY (before the next one of a rolling restart goes).
    eventLoop.scheduleWithFixedDelay(
        channel::resetConnectBackoff,
        RECONNECT_AT_LEAST_EVERY.toMillis(),
        RECONNECT_AT_LEAST_EVERY.toMillis(),
        TimeUnit.MILLISECONDS);
    return channel;
  }

  void close(@Disposes ManagedChannel channel) {
    channel.shutdownNow();
    try {
      channel.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
    eventLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** The service config: a retry policy for each method that flock.proto marks repeatable. */
  static Map<String, ?> retryRepeatableCallsOnUnavailable() {
    List<Map<String, Object>> names =
        FlockProto.getDescriptor().getServices().stream()
            .flatMap(service -> service.getMethods().stream())
            .filter(
                method ->
                    method.getOptions().getIdempotencyLevel()
                        != MethodOptions.IdempotencyLevel.IDEMPOTENCY_UNKNOWN)
            .map(
                method ->
                    Map.<String, Object>of(
                        "service", method.getService().getFullName(), "method", method.getName()))
            .toList();
    Map<String, Object> retryPolicy =
        Map.of(
            "maxAttempts",
            3.0,
            "initialBackoff",
            "0.05s",
            "maxBackoff",
            "0.5s",
            "backoffMultiplier",
            2.0,
            "retryableStatusCodes",
            List.of("UNAVAILABLE"));
    return Map.of("methodConfig", List.of(Map.of("name", names, "retryPolicy", retryPolicy)));
  }
}
