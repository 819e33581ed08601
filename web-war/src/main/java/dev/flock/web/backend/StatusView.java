package dev.flock.web.backend;

import java.util.List;

/** The backend and its storage as the status page shows them. */
public record StatusView(
    String backendInstance,
    String storageMode,
    boolean storageAvailable,
    String storageDetail,
    List<Member> members,
    String leader,
    long raftIndex) {

  /** One storage replica; {@code leader} when the cluster names it so. */
  public record Member(String name, String endpoint, boolean reachable, boolean leader) {}
}
