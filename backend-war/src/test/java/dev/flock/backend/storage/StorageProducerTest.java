package dev.flock.backend.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flock.backend.storage.memory.MemoryStorage;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class StorageProducerTest {

  private final StorageProducer producer = new StorageProducer();

  @Test
  void memoryIsTheStorageByDefault() {
    producer.kind = "memory";
    assertThat(producer.storage(Clock.systemUTC())).isInstanceOf(MemoryStorage.class);
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
