package dev.flock.backend.storage.memory;

import dev.flock.backend.storage.StorageContract;
import dev.flock.backend.storage.Stores;
import java.time.Clock;

class MemoryStorageTest extends StorageContract {

  @Override
  protected Stores newStores(Clock clock) {
    return Stores.inMemory(clock);
  }
}
