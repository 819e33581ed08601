package dev.flock.raft;

import java.nio.file.Path;
import java.util.List;

/**
 * The command line of one local etcd member, the same for the tests' clusters and the developer's
 * ({@code ./flock cluster}): loopback URLs, compaction and quota as Flock runs etcd.
 */
record EtcdMemberCommand(
    Path etcdBinary,
    String name,
    Path dataDir,
    String clientUrl,
    String peerUrl,
    String initialCluster,
    String token) {

  /**
   * @param clusterState {@code new} for a first start, {@code existing} for a member with data
   *     (etcd ignores the cluster flags once a data dir exists; the state documents the intent)
   */
  List<String> arguments(String clusterState) {
    return List.of(
        etcdBinary.toString(),
        "--name",
        name,
        "--data-dir",
        dataDir.toString(),
        "--listen-client-urls",
        clientUrl,
        "--advertise-client-urls",
        clientUrl,
        "--listen-peer-urls",
        peerUrl,
        "--initial-advertise-peer-urls",
        peerUrl,
        "--initial-cluster",
        initialCluster,
        "--initial-cluster-token",
        token,
        "--initial-cluster-state",
        clusterState,
        "--snapshot-count",
        "10000",
        "--quota-backend-bytes",
        String.valueOf(2L * 1024 * 1024 * 1024),
        "--auto-compaction-mode",
        "revision",
        "--auto-compaction-retention",
        "1000",
        "--logger",
        "zap",
        "--log-level",
        "warn");
  }
}
