package dev.flock.backend.storage;

import dev.flock.backend.storage.memory.MemoryStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chooses the storage by {@code flock.storage} (env {@code FLOCK_STORAGE}). It is built when the
 * application starts, so a wrong setting fails the deployment instead of the first request.
 */
@ApplicationScoped
public class StorageProducer {

  private static final Logger LOG = Logger.getLogger(StorageProducer.class.getName());

  @Inject
  @ConfigProperty(name = "flock.storage", defaultValue = "memory")
  String kind;

  @Produces
  @ApplicationScoped
  Storage storage(Clock clock) {
    Storage storage =
        switch (kind.trim().toLowerCase(java.util.Locale.ROOT)) {
          case "memory" -> new MemoryStorage(clock);
          default ->
              throw new IllegalStateException(
                  "Unknown storage '" + kind + "' in flock.storage (FLOCK_STORAGE): use 'memory'.");
        };
    LOG.info(() -> "Flock storage: " + kind);
    return storage;
  }

  @Produces
  Clock clock() {
    return Clock.systemUTC();
  }

  void createAtStartUp(@Observes @Initialized(ApplicationScoped.class) Object started, Storage storage) {
    storage.findAccount(""); // the first call through the client proxy builds the storage
  }
}
