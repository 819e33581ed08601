package dev.flock.backend.storage;

import dev.flock.backend.storage.etcd.EtcdAccountStore;
import dev.flock.backend.storage.etcd.EtcdAttemptStore;
import dev.flock.backend.storage.etcd.EtcdClusterProbe;
import dev.flock.backend.storage.etcd.EtcdFeedReads;
import dev.flock.backend.storage.etcd.EtcdFollowReads;
import dev.flock.backend.storage.etcd.EtcdFollowStore;
import dev.flock.backend.storage.etcd.EtcdLikeStore;
import dev.flock.backend.storage.etcd.EtcdPostStore;
import dev.flock.backend.storage.etcd.EtcdPostWatch;
import dev.flock.backend.storage.etcd.EtcdSessionStore;
import dev.flock.backend.storage.etcd.PostListsBackfill;
import dev.flock.backend.storage.memory.MemoryAccountStore;
import dev.flock.backend.storage.memory.MemoryAttemptStore;
import dev.flock.backend.storage.memory.MemoryFeedReads;
import dev.flock.backend.storage.memory.MemoryFollowReads;
import dev.flock.backend.storage.memory.MemoryFollowStore;
import dev.flock.backend.storage.memory.MemoryLikeStore;
import dev.flock.backend.storage.memory.MemoryPostStore;
import dev.flock.backend.storage.memory.MemoryPostWatch;
import dev.flock.backend.storage.memory.MemorySessionStore;
import dev.flock.backend.storage.memory.MemoryStorageProbe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Locale;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chooses the storage by {@code flock.storage} (env {@code FLOCK_STORAGE}): {@code memory} or
 * {@code etcd} (see {@code EtcdClientProducer} for its settings), and hands out that kind's adapter
 * of each port. The choice is made when the application starts, so a wrong setting fails the
 * deployment instead of the first request; an etcd cluster that is down does not (the readiness
 * check reports it). Only the chosen kind's adapters are ever built.
 */
@ApplicationScoped
public class StorageProducer {

  private static final Logger LOG = Logger.getLogger(StorageProducer.class.getName());

  /** The storages to choose from. */
  enum Kind {
    MEMORY,
    ETCD;

    /** The kind {@code setting} names, in any case; fails with a message naming the choices. */
    static Kind of(String setting) {
      return switch (setting.trim().toLowerCase(Locale.ROOT)) {
        case "memory" -> MEMORY;
        case "etcd" -> ETCD;
        default ->
            throw new IllegalStateException(
                "Unknown storage '"
                    + setting
                    + "' in flock.storage (FLOCK_STORAGE): use 'memory' or 'etcd'.");
      };
    }
  }

  @Inject
  @ConfigProperty(name = "flock.storage")
  String kind;

  @Produces
  AccountStore accounts(Instance<MemoryAccountStore> memory, Instance<EtcdAccountStore> etcd) {
    return chosen(memory, etcd);
  }

  @Produces
  SessionStore sessions(Instance<MemorySessionStore> memory, Instance<EtcdSessionStore> etcd) {
    return chosen(memory, etcd);
  }

  @Produces
  FollowStore follows(Instance<MemoryFollowStore> memory, Instance<EtcdFollowStore> etcd) {
    return chosen(memory, etcd);
  }

  @Produces
  FollowReads followReads(Instance<MemoryFollowReads> memory, Instance<EtcdFollowReads> etcd) {
    return chosen(memory, etcd);
  }

  @Produces
  PostStore posts(Instance<MemoryPostStore> memory, Instance<EtcdPostStore> etcd) {
    return chosen(memory, etcd);
  }

  @Produces
  PostWatch postWatch(Instance<MemoryPostWatch> memory, Instance<EtcdPostWatch> etcd) {
    return chosen(memory, etcd);
  }

  @Produces
  LikeStore likes(Instance<MemoryLikeStore> memory, Instance<EtcdLikeStore> etcd) {
    return chosen(memory, etcd);
  }

  @Produces
  FeedReads feedReads(Instance<MemoryFeedReads> memory, Instance<EtcdFeedReads> etcd) {
    return chosen(memory, etcd);
  }

  @Produces
  AttemptStore attempts(Instance<MemoryAttemptStore> memory, Instance<EtcdAttemptStore> etcd) {
    return chosen(memory, etcd);
  }

  @Produces
  StorageProbe probe(Instance<MemoryStorageProbe> memory, Instance<EtcdClusterProbe> etcd) {
    return chosen(memory, etcd);
  }

  @Produces
  Clock clock() {
    return Clock.systemUTC();
  }

  void createAtStartUp(
      @Observes @Initialized(ApplicationScoped.class) Object started,
      StorageProbe probe,
      Instance<PostListsBackfill> backfill) {
    // Choosing checks the setting, and the first call builds the chosen storage; describe() never
    // throws, so an etcd cluster that is down right now is logged, not fatal.
    LOG.info(() -> "Flock storage: " + kind.trim());
    StorageStatus status = probe.describe();
    LOG.info(() -> "Flock storage status: " + status);
    if (Kind.of(kind) == Kind.ETCD) {
      backfill.get().start(); // in the background, once per cluster
    }
  }

  /** The adapter of the configured kind (each is application-scoped: one of each). */
  private <T> T chosen(Instance<? extends T> memory, Instance<? extends T> etcd) {
    return switch (Kind.of(kind)) {
      case MEMORY -> memory.get();
      case ETCD -> etcd.get();
    };
  }
}
