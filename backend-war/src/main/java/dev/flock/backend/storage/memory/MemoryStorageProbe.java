package dev.flock.backend.storage.memory;

import dev.flock.backend.storage.StorageCall;
import dev.flock.backend.storage.StorageProbe;
import dev.flock.backend.storage.StorageStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

/** The in-memory storage is always there: nothing to probe. */
@ApplicationScoped
@Typed(MemoryStorageProbe.class)
@StorageCall
public class MemoryStorageProbe implements StorageProbe {

  @Override
  public StorageStatus describe() {
    return StorageStatus.inMemory();
  }
}
