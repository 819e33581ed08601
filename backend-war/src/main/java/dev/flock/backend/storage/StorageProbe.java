package dev.flock.backend.storage;

/** Tells what the storage looks like right now, for the readiness check and the status page. */
public interface StorageProbe {

  /**
   * The storage's current state (mode, members, leader, Raft index). Never throws: an unreachable
   * storage is reported as not available, within the storage's own deadline.
   */
  StorageStatus describe();
}
