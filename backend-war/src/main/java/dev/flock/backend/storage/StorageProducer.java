package dev.flock.backend.storage;

import dev.flock.backend.storage.etcd.EtcdStorage;
import dev.flock.backend.storage.memory.MemoryStorage;
import dev.flock.grpc.telemetry.LiveFigures;
import dev.flock.grpc.telemetry.RpcTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chooses the storage by {@code flock.storage} (env {@code FLOCK_STORAGE}): {@code memory} or
 * {@code etcd} (with {@code flock.etcd.endpoints}, comma-separated, and {@code
 * flock.etcd.timeout-ms}, the deadline of every storage call). It is built when the application
 * starts, so a wrong setting fails the deployment instead of the first request; an etcd cluster
 * that is down does not (the readiness check reports it), and its client is closed when the
 * application stops. Every storage call is traced and measured ({@link TracedStorage}); in etcd
 * mode, so is every etcd request.
 */
@ApplicationScoped
public class StorageProducer {

  private static final Logger LOG = Logger.getLogger(StorageProducer.class.getName());

  @Inject
  @ConfigProperty(name = "flock.storage", defaultValue = "memory")
  String kind;

  @Inject
  @ConfigProperty(
      name = "flock.etcd.endpoints",
      defaultValue = "http://127.0.0.1:23791,http://127.0.0.1:23792,http://127.0.0.1:23793")
  String etcdEndpoints;

  @Inject
  @ConfigProperty(name = "flock.etcd.timeout-ms", defaultValue = "2000")
  long etcdTimeoutMillis;

  @Inject OpenTelemetry openTelemetry;

  @Inject LiveFigures liveFigures;

  @Produces
  @ApplicationScoped
  Storage storage(Clock clock) {
    Storage storage =
        switch (kind.trim().toLowerCase(Locale.ROOT)) {
          case "memory" -> new MemoryStorage(clock);
          case "etcd" ->
              new EtcdStorage(
                  endpoints(),
                  Duration.ofMillis(etcdTimeoutMillis),
                  clock,
                  RpcTelemetry.client(openTelemetry, liveFigures.of(LiveFigures.ETCD)));
          default ->
              throw new IllegalStateException(
                  "Unknown storage '"
                      + kind
                      + "' in flock.storage (FLOCK_STORAGE): use 'memory' or 'etcd'.");
        };
    LOG.info(() -> "Flock storage: " + kind.trim() + describeSettings());
    return TracedStorage.wrap(storage, openTelemetry, liveFigures.of(LiveFigures.STORAGE));
  }

  void close(@Disposes Storage storage) {
    if (storage instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "Closing the storage failed", e);
      }
    }
  }

  @Produces
  Clock clock() {
    return Clock.systemUTC();
  }

  void createAtStartUp(
      @Observes @Initialized(ApplicationScoped.class) Object started, Storage storage) {
    // The first call through the client proxy builds the storage; describe() never throws, so an
    // etcd cluster that is down right now is logged, not fatal.
    StorageStatus status = storage.describe();
    LOG.info(() -> "Flock storage status: " + status);
  }

  private List<String> endpoints() {
    List<String> endpoints =
        Arrays.stream(etcdEndpoints.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList();
    if (endpoints.isEmpty()) {
      throw new IllegalStateException(
          "flock.storage=etcd needs flock.etcd.endpoints (FLOCK_ETCD_ENDPOINTS), e.g."
              + " http://127.0.0.1:23791,http://127.0.0.1:23792,http://127.0.0.1:23793");
    }
    return endpoints;
  }

  private String describeSettings() {
    return kind.trim().equalsIgnoreCase("etcd")
        ? " at " + etcdEndpoints + ", deadline " + etcdTimeoutMillis + " ms per call"
        : "";
  }
}
