package dev.flock.backend.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flock.grpc.telemetry.LiveFigures;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StorageProducerTest {

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final StorageProducer producer = new StorageProducer();

  @BeforeEach
  void telemetry() {
    producer.openTelemetry =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .build();
    producer.liveFigures = new LiveFigures();
  }

  @Test
  void memoryIsTheStorageByDefaultAndEveryCallIsASpanNamedByItsOperation() {
    producer.kind = "memory";
    Storage storage = producer.storage(Clock.systemUTC());

    assertThat(storage.describe().mode()).isEqualTo("memory");
    assertThat(storage.findAccount("nobody")).isEmpty();

    assertThat(spans.getFinishedSpanItems())
        .extracting(SpanData::getName)
        .containsExactly("storage describe", "storage findAccount");
  }

  @Test
  void anUnknownStorageFailsWithAMessageNamingTheSettingAndTheChoices() {
    producer.kind = "postgres";
    assertThatThrownBy(() -> producer.storage(Clock.systemUTC()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContainingAll(
            "'postgres'", "flock.storage", "FLOCK_STORAGE", "'memory'", "'etcd'");
  }

  @Test
  void etcdWithoutEndpointsFailsWithAMessage() {
    producer.kind = "etcd";
    producer.etcdEndpoints = " , ";
    producer.etcdTimeoutMillis = 2000;
    assertThatThrownBy(() -> producer.storage(Clock.systemUTC()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("flock.etcd.endpoints");
  }
}
