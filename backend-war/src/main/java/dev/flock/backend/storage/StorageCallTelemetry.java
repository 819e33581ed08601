package dev.flock.backend.storage;

import dev.flock.grpc.telemetry.Durations;
import dev.flock.grpc.telemetry.LastMinute;
import dev.flock.grpc.telemetry.LiveFigures;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Every call of a {@link StorageCall} adapter, whichever port and implementation, as a span named
 * by its operation ({@code storage followedWhileSignedIn}; in etcd mode the etcd requests it makes
 * are its children) and in the histogram {@code flock.storage.duration} by operation and outcome; a
 * call fails when it throws {@link StorageUnavailableException}. One interceptor for every method,
 * so a new storage method is traced without a line here.
 */
@StorageCall
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class StorageCallTelemetry {

  private static final AttributeKey<String> OPERATION =
      AttributeKey.stringKey("flock.storage.operation");
  private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("flock.outcome");

  private final Tracer tracer;
  private final DoubleHistogram duration;
  private final LastMinute lastMinute;

  @Inject
  public StorageCallTelemetry(OpenTelemetry openTelemetry, LiveFigures liveFigures) {
    this(openTelemetry, liveFigures.of(LiveFigures.STORAGE));
  }

  StorageCallTelemetry(OpenTelemetry openTelemetry, LastMinute lastMinute) {
    this.lastMinute = lastMinute;
    this.tracer = openTelemetry.getTracer("dev.flock.storage");
    this.duration =
        Durations.histogram(
            openTelemetry.getMeter("dev.flock.storage"),
            "flock.storage.duration",
            "Duration of storage calls, by operation and outcome");
  }

  @AroundInvoke
  public Object measure(InvocationContext call) throws Exception {
    String operation = call.getMethod().getName();
    Span span =
        tracer.spanBuilder("storage " + operation).setAttribute(OPERATION, operation).startSpan();
    long start = System.nanoTime();
    String outcome = "ok";
    try (Scope ignored = span.makeCurrent()) {
      return call.proceed();
    } catch (Exception | Error e) {
      outcome = e instanceof StorageUnavailableException ? "unavailable" : "error";
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      throw e;
    } finally {
      long nanos = System.nanoTime() - start;
      span.setAttribute(OUTCOME, outcome);
      span.end();
      duration.record(nanos / 1e9, Attributes.of(OPERATION, operation, OUTCOME, outcome));
      lastMinute.record(nanos, !outcome.equals("ok"));
    }
  }
}
