package dev.flock.backend.storage;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the storage looks like right now, for the readiness check and a status page.
 *
 * @param mode {@code memory} or {@code etcd}
 * @param available true when the storage can answer reads and writes now (for etcd: a quorum
 *     answered a linearizable read within the deadline)
 * @param detail one human-readable line: why it is unavailable, or what it is
 * @param members the cluster's members as the cluster lists them (empty for memory)
 * @param leader the name of the member the reachable members name as leader, if any
 * @param raftIndex the highest Raft log index a reachable member reports, if any
 */
public record StorageStatus(
    String mode,
    boolean available,
    String detail,
    List<Member> members,
    Optional<String> leader,
    OptionalLong raftIndex) {

  public StorageStatus {
    members = List.copyOf(members);
  }

  /** One replica: its name, the URL clients use, and whether it answered the status probe. */
  public record Member(String name, String endpoint, boolean reachable) {}

  /** The in-memory storage: always available, no members. */
  public static StorageStatus inMemory() {
    return new StorageStatus(
        "memory",
        true,
        "in this backend's memory; lost on restart",
        List.of(),
        Optional.empty(),
        OptionalLong.empty());
  }
}
