package dev.flock.grpc.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.flock.core.FlockException;
import dev.flock.grpc.error.ErrorMappingInterceptor;
import dev.flock.grpc.v1.AccountServiceGrpc;
import dev.flock.grpc.v1.FeedServiceGrpc;
import dev.flock.grpc.v1.NewPost;
import dev.flock.grpc.v1.RegisterRequest;
import dev.flock.grpc.v1.RegisterResponse;
import dev.flock.grpc.v1.WatchHomeFeedRequest;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client and server interceptors together, on a real OpenTelemetry SDK (in-memory exporters) and an
 * in-process gRPC server: one trace across the call, its metrics and the last-minute figures.
 */
class RpcTelemetryTest {

  private static final AttributeKey<Long> STATUS_CODE =
      AttributeKey.longKey("rpc.grpc.status_code");

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
          .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
          .build();
  private final AtomicReference<String> traceSeenByHandler = new AtomicReference<>();
  private Server server;
  private ManagedChannel channel;
  private AccountServiceGrpc.AccountServiceBlockingStub stub;

  @BeforeEach
  void serve() throws Exception {
    var service =
        new AccountServiceGrpc.AccountServiceImplBase() {
          @Override
          public void register(RegisterRequest request, StreamObserver<RegisterResponse> response) {
            traceSeenByHandler.set(Span.current().getSpanContext().getTraceId());
            switch (request.getUsername()) {
              case "taken" -> throw FlockException.alreadyExists("That name is taken.");
              case "down" -> throw FlockException.unavailable("Storage is down.", null);
              default -> {
                response.onNext(RegisterResponse.newBuilder().setUsername("ok").build());
                response.onCompleted();
              }
            }
          }
        };
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(
                ServerInterceptors.intercept(
                    service,
                    new ErrorMappingInterceptor(),
                    RpcTelemetry.server(sdk, new LastMinute())))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    stub =
        AccountServiceGrpc.newBlockingStub(
            ClientInterceptors.intercept(channel, RpcTelemetry.client(sdk, new LastMinute())));
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
    sdk.close();
  }

  @Test
  void oneCallIsOneTraceFromThePageThroughTheClientToTheServer() {
    Span page = sdk.getTracer("test").spanBuilder("GET /index.xhtml").startSpan();
    try (Scope ignored = page.makeCurrent()) {
      stub.register(RegisterRequest.newBuilder().setUsername("alice").build());
    } finally {
      page.end();
    }

    List<SpanData> finished = spans.getFinishedSpanItems();
    SpanData client = only(finished, SpanKind.CLIENT);
    SpanData server = only(finished, SpanKind.SERVER);
    String traceId = page.getSpanContext().getTraceId();
    assertThat(finished).allMatch(span -> span.getTraceId().equals(traceId));
    assertThat(client.getParentSpanId()).isEqualTo(page.getSpanContext().getSpanId());
    assertThat(server.getParentSpanId()).isEqualTo(client.getSpanId());
    assertThat(server.getName()).isEqualTo("flock.v1.AccountService/Register");
    assertThat(server.getAttributes().asMap())
        .containsEntry(STATUS_CODE, 0L)
        .containsEntry(AttributeKey.stringKey("rpc.method"), "Register");
    assertThat(traceSeenByHandler.get()).isEqualTo(traceId);
  }

  @Test
  void aServerStreamEndedByItsDeadlineIsNoFailureAndNoCallOfTheLastMinute() throws Exception {
    LastMinute clientMinute = new LastMinute();
    String name = InProcessServerBuilder.generateName();
    Server live =
        InProcessServerBuilder.forName(name)
            .addService(
                new FeedServiceGrpc.FeedServiceImplBase() {
                  @Override
                  public void watchHomeFeed(
                      WatchHomeFeedRequest request, StreamObserver<NewPost> response) {
                    response.onNext(NewPost.newBuilder().setPostId("1").build()); // then nothing
                  }
                })
            .build()
            .start();
    ManagedChannel liveChannel = InProcessChannelBuilder.forName(name).build();
    try {
      Iterator<NewPost> posts =
          FeedServiceGrpc.newBlockingStub(
                  ClientInterceptors.intercept(liveChannel, RpcTelemetry.client(sdk, clientMinute)))
              .withDeadlineAfter(300, TimeUnit.MILLISECONDS)
              .watchHomeFeed(WatchHomeFeedRequest.getDefaultInstance());
      assertThat(posts.next().getPostId()).isEqualTo("1");
      StatusRuntimeException ended =
          catchThrowableOfType(StatusRuntimeException.class, posts::next);
      assertThat(ended.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    } finally {
      liveChannel.shutdownNow();
      live.shutdownNow();
    }

    SpanData client = only(spans.getFinishedSpanItems(), SpanKind.CLIENT);
    assertThat(client.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
    assertThat(clientMinute.figures().perSecond()).isZero();
  }

  @Test
  void failuresOfTheServiceAreErrorsButRefusedRequestsAreNot() {
    catchThrowableOfType(
        StatusRuntimeException.class,
        () -> stub.register(RegisterRequest.newBuilder().setUsername("taken").build()));
    catchThrowableOfType(
        StatusRuntimeException.class,
        () -> stub.register(RegisterRequest.newBuilder().setUsername("down").build()));

    List<SpanData> servers =
        spans.getFinishedSpanItems().stream()
            .filter(span -> span.getKind() == SpanKind.SERVER)
            .toList();
    assertThat(servers)
        .extracting(span -> span.getStatus().getStatusCode())
        .containsExactly(StatusCode.UNSET, StatusCode.ERROR);
    assertThat(RpcTelemetry.isFailure(io.grpc.Status.Code.ALREADY_EXISTS)).isFalse();
    assertThat(RpcTelemetry.isFailure(io.grpc.Status.Code.UNAVAILABLE)).isTrue();
  }

  @Test
  void everyCallIsInTheDurationHistogramsByMethodAndStatus() {
    for (int i = 0; i < 3; i++) {
      stub.register(RegisterRequest.newBuilder().setUsername("alice").build());
    }
    catchThrowableOfType(
        StatusRuntimeException.class,
        () -> stub.register(RegisterRequest.newBuilder().setUsername("down").build()));

    MetricData serverDuration = metric("rpc.server.call.duration");
    MetricData clientDuration = metric("rpc.client.call.duration");
    assertThat(serverDuration.getUnit()).isEqualTo("s");
    assertThat(countsByStatusCode(serverDuration)).isEqualTo(Map.of(0L, 3L, 14L, 1L));
    assertThat(countsByStatusCode(clientDuration)).isEqualTo(Map.of(0L, 3L, 14L, 1L));
  }

  private static Map<Long, Long> countsByStatusCode(MetricData metric) {
    return metric.getHistogramData().getPoints().stream()
        .collect(
            Collectors.toMap(
                point -> point.getAttributes().get(STATUS_CODE), HistogramPointData::getCount));
  }

  private MetricData metric(String name) {
    return metrics.collectAllMetrics().stream()
        .filter(metric -> metric.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name));
  }

  private static SpanData only(List<SpanData> spans, SpanKind kind) {
    List<SpanData> ofKind = spans.stream().filter(span -> span.getKind() == kind).toList();
    assertThat(ofKind).hasSize(1);
    return ofKind.getFirst();
  }
}
