package dev.flock.backend.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flock.backend.storage.memory.MemoryAccountStore;
import dev.flock.backend.storage.memory.MemoryStorageProbe;
import dev.flock.grpc.telemetry.LastMinute;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The interceptor as CDI runs it around each call of a {@link StorageCall} adapter. */
class StorageCallTelemetryTest {

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final StorageCallTelemetry telemetry =
      new StorageCallTelemetry(
          OpenTelemetrySdk.builder()
              .setTracerProvider(
                  SdkTracerProvider.builder()
                      .addSpanProcessor(SimpleSpanProcessor.create(spans))
                      .build())
              .build(),
          new LastMinute());

  @Test
  void everyCallIsASpanNamedByItsOperation() throws Exception {
    assertThat(call(new MemoryStorageProbe(), "describe"))
        .isInstanceOfSatisfying(
            StorageStatus.class, status -> assertThat(status.mode()).isEqualTo("memory"));
    assertThat(call(new MemoryAccountStore(), "findAccount", "nobody")).isEqualTo(Optional.empty());

    assertThat(spans.getFinishedSpanItems())
        .extracting(SpanData::getName)
        .containsExactly("storage describe", "storage findAccount");
    assertThat(spans.getFinishedSpanItems())
        .allSatisfy(
            span ->
                assertThat(span.getAttributes().get(AttributeKey.stringKey("flock.outcome")))
                    .isEqualTo("ok"));
  }

  @Test
  void aStorageThatCannotAnswerMakesAFailedSpanAndRethrows() {
    StorageProbe down =
        () -> {
          throw new StorageUnavailableException("down", null);
        };

    assertThatThrownBy(() -> call(down, "describe"))
        .isInstanceOf(StorageUnavailableException.class);

    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span.getName()).isEqualTo("storage describe");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("flock.outcome")))
        .isEqualTo("unavailable");
  }

  /** Calls {@code method} of {@code target} through the interceptor, as CDI would. */
  private Object call(Object target, String method, Object... args) throws Exception {
    Method called =
        Arrays.stream(target.getClass().getMethods())
            .filter(each -> each.getName().equals(method))
            .findFirst()
            .orElseThrow();
    InvocationContext context =
        (InvocationContext)
            Proxy.newProxyInstance(
                InvocationContext.class.getClassLoader(),
                new Class<?>[] {InvocationContext.class},
                (proxy, invoked, none) ->
                    switch (invoked.getName()) {
                      case "getMethod" -> called;
                      case "getTarget" -> target;
                      case "getParameters" -> args;
                      case "proceed" -> proceed(called, target, args);
                      default -> throw new UnsupportedOperationException(invoked.getName());
                    });
    return telemetry.measure(context);
  }

  private static Object proceed(Method method, Object target, Object[] args) throws Throwable {
    try {
      method.setAccessible(true);
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
