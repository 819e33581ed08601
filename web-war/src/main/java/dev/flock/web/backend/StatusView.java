package dev.flock.web.backend;

import dev.flock.grpc.telemetry.LastMinute;
import java.util.List;
import java.util.Map;

/**
 * The backend and its storage as the status page shows them, with the answering backend's calls
 * over the last minute by kind ({@code rpcs}, {@code storage}, {@code etcd}).
 */
public record StatusView(
    String backendInstance,
    String storageMode,
    boolean storageAvailable,
    String storageDetail,
    List<Member> members,
    String leader,
    long raftIndex,
    Map<String, LastMinute.Figures> live) {

  /** One storage replica; {@code leader} when the cluster names it so. */
  public record Member(String name, String endpoint, boolean reachable, boolean leader) {}
}
