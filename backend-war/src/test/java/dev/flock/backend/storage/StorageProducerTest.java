package dev.flock.backend.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flock.backend.storage.etcd.EtcdEndpoints;
import java.io.InputStream;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

class StorageProducerTest {

  @Test
  void memoryIsTheStorageByDefaultAndEitherKindMayBeNamedInAnyCase() throws Exception {
    ConfigProperty setting =
        StorageProducer.class.getDeclaredField("kind").getAnnotation(ConfigProperty.class);
    Properties defaults = new Properties();
    try (InputStream file =
        StorageProducer.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
      defaults.load(file);
    }

    assertThat(setting.name()).isEqualTo("flock.storage");
    assertThat(StorageProducer.Kind.of(defaults.getProperty(setting.name())))
        .isEqualTo(StorageProducer.Kind.MEMORY);
    assertThat(StorageProducer.Kind.of(" Etcd ")).isEqualTo(StorageProducer.Kind.ETCD);
  }

  @Test
  void anUnknownStorageFailsWithAMessageNamingTheSettingAndTheChoices() {
    assertThatThrownBy(() -> StorageProducer.Kind.of("postgres"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContainingAll(
            "'postgres'", "flock.storage", "FLOCK_STORAGE", "'memory'", "'etcd'");
  }

  @Test
  void etcdWithoutEndpointsFailsWithAMessage() {
    assertThatThrownBy(() -> EtcdEndpoints.parse(" , "))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("flock.etcd.endpoints");
  }
}
