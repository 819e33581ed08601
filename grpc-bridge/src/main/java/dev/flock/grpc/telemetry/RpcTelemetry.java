package dev.flock.grpc.telemetry;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * gRPC calls as OpenTelemetry spans and metrics, for the backend's server, the web tier's channel
 * and the etcd client alike: one span per call named by its method ({@code
 * flock.v1.FeedService/HomeFeed}, {@code etcdserverpb.KV/Range}), the trace context carried in the
 * call's metadata (W3C {@code traceparent}), and the duration of every call in the histogram {@code
 * rpc.server.call.duration} or {@code rpc.client.call.duration} by method and status code (the
 * semantic conventions' names). Each call also counts in a {@link LastMinute} for {@code /status};
 * the server logs one line per call with its trace and span ids.
 *
 * <p>Written against the stable OpenTelemetry API only: Payara provides that API and its SDK, and
 * the instrumentation library would have to match Payara's own copy of its internals.
 */
public final class RpcTelemetry {

  private static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
  private static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
  private static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
  private static final AttributeKey<Long> STATUS_CODE =
      AttributeKey.longKey("rpc.grpc.status_code");

  /** Codes that mean the service failed, not that the caller asked for something it may not. */
  private static final Set<Status.Code> FAILURES =
      Set.of(
          Status.Code.UNKNOWN,
          Status.Code.INTERNAL,
          Status.Code.UNAVAILABLE,
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.DATA_LOSS,
          Status.Code.UNIMPLEMENTED);

  private static final TextMapSetter<Metadata> SETTER =
      (metadata, key, value) ->
          metadata.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value);

  private static final TextMapGetter<Metadata> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Metadata metadata) {
          return metadata.keys();
        }

        @Override
        public String get(Metadata metadata, String key) {
          return metadata == null
              ? null
              : metadata.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
        }
      };

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final DoubleHistogram duration;
  private final LastMinute lastMinute;
  private final SpanKind kind;

  private RpcTelemetry(OpenTelemetry openTelemetry, SpanKind kind, LastMinute lastMinute) {
    this.kind = kind;
    this.lastMinute = lastMinute;
    this.tracer = openTelemetry.getTracer("dev.flock.grpc");
    this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    this.duration =
        Durations.histogram(
            openTelemetry.getMeter("dev.flock.grpc"),
            kind == SpanKind.SERVER ? "rpc.server.call.duration" : "rpc.client.call.duration",
            "Duration of gRPC calls, by method and status code");
  }

  /** The server side: spans continue the caller's trace. */
  public static ServerInterceptor server(OpenTelemetry openTelemetry, LastMinute lastMinute) {
    return new RpcTelemetry(openTelemetry, SpanKind.SERVER, lastMinute).new Server();
  }

  /** The client side: spans are children of the current span, and the callee continues them. */
  public static ClientInterceptor client(OpenTelemetry openTelemetry, LastMinute lastMinute) {
    return new RpcTelemetry(openTelemetry, SpanKind.CLIENT, lastMinute).new Client();
  }

  /** Whether a status means the service failed (an error in the RED sense). */
  /** How a server stream ends when nothing went wrong. */
  private static final Set<Status.Code> STREAM_ENDINGS =
      Set.of(Status.Code.DEADLINE_EXCEEDED, Status.Code.CANCELLED);

  public static boolean isFailure(Status.Code code) {
    return FAILURES.contains(code);
  }

  private Span start(MethodDescriptor<?, ?> method, Context parent) {
    return tracer
        .spanBuilder(method.getFullMethodName())
        .setSpanKind(kind)
        .setParent(parent)
        .setAttribute(RPC_SYSTEM, "grpc")
        .setAttribute(RPC_SERVICE, method.getServiceName())
        .setAttribute(RPC_METHOD, method.getBareMethodName())
        .startSpan();
  }

  private void finish(MethodDescriptor<?, ?> method, Span span, long startNanos, Status status) {
    long nanos = System.nanoTime() - startNanos;
    // A server stream (a live feed) lasts minutes and ends by its deadline or its caller going:
    // neither is a failure, and its length is no call's latency, so the last minute leaves it out.
    boolean stream = !method.getType().serverSendsOneMessage();
    boolean failed =
        isFailure(status.getCode()) && !(stream && STREAM_ENDINGS.contains(status.getCode()));
    span.setAttribute(STATUS_CODE, (long) status.getCode().value());
    if (failed) {
      span.setStatus(StatusCode.ERROR, status.getCode().name());
    }
    span.end();
    duration.record(
        nanos / 1e9,
        Attributes.of(
            RPC_SERVICE,
            method.getServiceName(),
            RPC_METHOD,
            method.getBareMethodName(),
            STATUS_CODE,
            (long) status.getCode().value()));
    if (!stream) {
      lastMinute.record(nanos, failed);
    }
    if (kind == SpanKind.SERVER) {
      RequestLine.log("rpc", method.getFullMethodName(), status.getCode().name(), nanos, span);
    }
  }

  private final class Server implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      long startNanos = System.nanoTime();
      MethodDescriptor<Q, R> method = call.getMethodDescriptor();
      Span span = start(method, propagator.extract(Context.root(), headers, GETTER));
      Context context = Context.root().with(span);
      // a call ends once: closed by the service, or cancelled by its caller (a stream's usual end)
      AtomicBoolean finished = new AtomicBoolean();
      ServerCall<Q, R> finishing =
          new SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
              if (finished.compareAndSet(false, true)) {
                finish(method, span, startNanos, status);
              }
              super.close(status, trailers);
            }
          };
      ServerCall.Listener<Q> delegate;
      try (Scope ignored = context.makeCurrent()) {
        delegate = next.startCall(finishing, headers);
      }
      // Every callback of the call runs with its span current, so storage spans are its children.
      return new SimpleForwardingServerCallListener<>(delegate) {
        @Override
        public void onMessage(Q message) {
          inContext(() -> super.onMessage(message));
        }

        @Override
        public void onHalfClose() {
          inContext(super::onHalfClose);
        }

        @Override
        public void onCancel() {
          if (finished.compareAndSet(false, true)) {
            finish(method, span, startNanos, Status.CANCELLED);
          }
          inContext(super::onCancel);
        }

        @Override
        public void onComplete() {
          inContext(super::onComplete);
        }

        @Override
        public void onReady() {
          inContext(super::onReady);
        }

        private void inContext(Runnable callback) {
          try (Scope ignored = context.makeCurrent()) {
            callback.run();
          }
        }
      };
    }
  }

  private final class Client implements ClientInterceptor {
    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(
        MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      long startNanos = System.nanoTime();
      Context parent = Context.current();
      Span span = start(method, parent);
      Context context = parent.with(span);
      return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<R> listener, Metadata headers) {
          propagator.inject(context, headers, SETTER);
          super.start(
              new SimpleForwardingClientCallListener<>(listener) {
                @Override
                public void onClose(Status status, Metadata trailers) {
                  finish(method, span, startNanos, status);
                  super.onClose(status, trailers);
                }
              },
              headers);
        }
      };
    }
  }
}
