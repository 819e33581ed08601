package dev.flock.backend.storage;

import dev.flock.grpc.telemetry.Durations;
import dev.flock.grpc.telemetry.LastMinute;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Every call of a {@link Storage}, whichever it is, as a span named by its operation ({@code
 * storage homeFeed}; in etcd mode the etcd requests it makes are its children) and in the histogram
 * {@code flock.storage.duration} by operation and outcome; a call fails when it throws {@link
 * StorageUnavailableException}. One wrapper for every method, so a new storage method is traced
 * without a line here.
 */
final class TracedStorage implements InvocationHandler {

  private static final AttributeKey<String> OPERATION =
      AttributeKey.stringKey("flock.storage.operation");
  private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("flock.outcome");

  private final Storage storage;
  private final Tracer tracer;
  private final DoubleHistogram duration;
  private final LastMinute lastMinute;

  private TracedStorage(Storage storage, OpenTelemetry openTelemetry, LastMinute lastMinute) {
    this.storage = storage;
    this.lastMinute = lastMinute;
    this.tracer = openTelemetry.getTracer("dev.flock.storage");
    this.duration =
        Durations.histogram(
            openTelemetry.getMeter("dev.flock.storage"),
            "flock.storage.duration",
            "Duration of storage calls, by operation and outcome");
  }

  /** {@code storage} traced; closing the result closes {@code storage}. */
  static Storage wrap(Storage storage, OpenTelemetry openTelemetry, LastMinute lastMinute) {
    return (Storage)
        Proxy.newProxyInstance(
            Storage.class.getClassLoader(),
            new Class<?>[] {Storage.class, AutoCloseable.class},
            new TracedStorage(storage, openTelemetry, lastMinute));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class || method.getName().equals("close")) {
      return method.getName().equals("close") ? close() : method.invoke(storage, args);
    }
    String operation = method.getName();
    Span span =
        tracer.spanBuilder("storage " + operation).setAttribute(OPERATION, operation).startSpan();
    long start = System.nanoTime();
    String outcome = "ok";
    try (Scope ignored = span.makeCurrent()) {
      return method.invoke(storage, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      outcome = cause instanceof StorageUnavailableException ? "unavailable" : "error";
      span.setStatus(StatusCode.ERROR, cause.getClass().getSimpleName());
      throw cause;
    } finally {
      long nanos = System.nanoTime() - start;
      span.setAttribute(OUTCOME, outcome);
      span.end();
      duration.record(nanos / 1e9, Attributes.of(OPERATION, operation, OUTCOME, outcome));
      lastMinute.record(nanos, !outcome.equals("ok"));
    }
  }

  private Object close() throws Exception {
    if (storage instanceof AutoCloseable closeable) {
      closeable.close();
    }
    return null;
  }
}
