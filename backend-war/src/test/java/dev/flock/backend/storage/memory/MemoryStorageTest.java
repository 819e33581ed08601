package dev.flock.backend.storage.memory;

import dev.flock.backend.storage.Storage;
import dev.flock.backend.storage.StorageContract;
import java.time.Clock;

class MemoryStorageTest extends StorageContract {

  @Override
  protected Storage newStorage(Clock clock) {
    return new MemoryStorage(clock);
  }
}
