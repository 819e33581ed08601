package dev.flock.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flock.raft.EtcdCluster.Member;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

// Ordered so that one test can check that the extension healed what the test before it broke.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EtcdClusterTest {

  @RegisterExtension static EtcdClusterExtension etcd = EtcdClusterExtension.withMembers(3);

  private final GatewayKeyValues keyValues = new GatewayKeyValues();

  @Test
  @Order(1)
  void startsThreeHealthyMembersThatAgreeOnALeader(EtcdCluster cluster) {
    assertThat(cluster).isSameAs(etcd.cluster());
    assertThat(cluster.members()).hasSize(3).allMatch(Member::isRunning);
    assertThat(cluster.members())
        .extracting(Member::name)
        .containsExactly("etcd1", "etcd2", "etcd3");
    assertThat(cluster.endpoints()).hasSize(3).allMatch(url -> url.startsWith("http://127.0.0.1:"));
    assertThat(cluster.endpointsCsv()).isEqualTo(String.join(",", cluster.endpoints()));
    assertThat(cluster.members()).contains(cluster.leader());
  }

  @Test
  @Order(2)
  void keepsWritingWithOneFollowerStopped(EtcdCluster cluster) {
    Member leader = cluster.leader();
    Member follower = cluster.members().stream().filter(m -> m != leader).findFirst().orElseThrow();

    cluster.stop(follower);

    assertThat(follower.isRunning()).isFalse();
    assertThat(keyValues.put(leader.clientUrl(), "stopped-follower", "still writable")).isTrue();
    assertThat(keyValues.get(leader.clientUrl(), "stopped-follower")).contains("still writable");
    // The follower stays down on purpose: the extension must restart it before the next test.
  }

  @Test
  @Order(3)
  void beginsWithTheWholeClusterAfterATestStoppedAMember(EtcdCluster cluster) {
    assertThat(cluster.members()).allMatch(Member::isRunning);
    for (Member member : cluster.members()) {
      assertThat(keyValues.get(member.clientUrl(), "stopped-follower")).contains("still writable");
    }
  }

  @Test
  @Order(4)
  void electsANewLeaderWhenTheLeaderIsKilledAndTheKilledMemberRejoinsWithItsData(
      EtcdCluster cluster) {
    Member oldLeader = cluster.leader();
    assertThat(keyValues.put(oldLeader.clientUrl(), "greeting", "hello, flock")).isTrue();

    cluster.kill(oldLeader);
    Member newLeader = cluster.leader(Duration.ofSeconds(5));

    assertThat(oldLeader.isRunning()).isFalse();
    assertThat(newLeader).isNotSameAs(oldLeader);
    Member survivor =
        cluster.members().stream().filter(m -> m != oldLeader).findFirst().orElseThrow();
    assertThat(keyValues.get(survivor.clientUrl(), "greeting")).contains("hello, flock");

    cluster.restart(oldLeader);

    assertThat(oldLeader.isRunning()).isTrue();
    assertThat(keyValues.get(oldLeader.clientUrl(), "greeting")).contains("hello, flock");
    cluster.awaitHealthy(Duration.ofSeconds(5));
  }

  @Test
  @Order(5)
  void aSnapshotStartsANewClusterWithTheSameData(EtcdCluster cluster, @TempDir Path dir) {
    assertThat(keyValues.put(cluster.leader().clientUrl(), "kept", "in the snapshot")).isTrue();
    Path snapshot = dir.resolve("data.db");

    cluster.saveSnapshot(snapshot);
    try (EtcdCluster restored = EtcdCluster.restore(3, snapshot)) {
      assertThat(restored.endpoints()).doesNotContainAnyElementsOf(cluster.endpoints());
      for (Member member : restored.members()) {
        assertThat(keyValues.get(member.clientUrl(), "kept")).contains("in the snapshot");
      }
      Member leader = restored.leader();
      assertThat(keyValues.put(leader.clientUrl(), "after", "the restore")).isTrue();
      assertThat(keyValues.get(leader.clientUrl(), "after")).contains("the restore");
    }
  }

  @Test
  void refusesToRestoreWithoutASnapshot(@TempDir Path dir) {
    assertThatThrownBy(() -> EtcdCluster.restore(1, dir.resolve("missing.db")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing.db");
  }

  @Test
  void namesTheInstallCommandWhenTheConfiguredBinaryIsMissing() {
    assertThatThrownBy(() -> EtcdCluster.locateEtcd(Map.of("ETCD_BIN", "/nonexistent/etcd")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("apt-get install -y etcd-server etcd-client");
  }

  @Test
  void findsEtcdOnThePathWhenEtcdBinIsUnset(@TempDir Path binDir) throws IOException {
    Path etcd = Files.createFile(binDir.resolve("etcd"));
    assertThat(etcd.toFile().setExecutable(true)).isTrue();

    assertThat(EtcdCluster.locateEtcd(Map.of("PATH", "/nonexistent:" + binDir))).isEqualTo(etcd);
  }
}
