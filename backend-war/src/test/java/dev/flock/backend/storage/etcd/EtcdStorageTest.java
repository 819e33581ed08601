package dev.flock.backend.storage.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flock.backend.storage.Storage;
import dev.flock.backend.storage.StorageContract;
import dev.flock.backend.storage.StorageStatus;
import dev.flock.grpc.telemetry.LastMinute;
import dev.flock.grpc.telemetry.RpcTelemetry;
import dev.flock.raft.EtcdClusterExtension;
import io.grpc.ClientInterceptor;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The storage contract on a real 3-member etcd cluster, shared by every test of the class. */
class EtcdStorageTest extends StorageContract {

  private static final ClientInterceptor NO_TELEMETRY =
      RpcTelemetry.client(OpenTelemetry.noop(), new LastMinute());

  @RegisterExtension static EtcdClusterExtension etcd = EtcdClusterExtension.withMembers(3);

  private final List<EtcdStorage> opened = new ArrayList<>();

  @Override
  protected Storage newStorage(Clock clock) {
    EtcdStorage storage =
        new EtcdStorage(etcd.cluster().endpoints(), Duration.ofSeconds(5), clock, NO_TELEMETRY);
    opened.add(storage);
    return storage;
  }

  /** A second client, as a second backend has: it shares nothing with the first but the cluster. */
  @Override
  protected Storage anotherInstance() {
    return newStorage(clock);
  }

  @AfterEach
  void closeClients() {
    opened.forEach(EtcdStorage::close);
  }

  @Test
  void describeNamesTheMembersTheLeaderAndTheRaftIndex() {
    StorageStatus status = storage.describe();

    assertThat(status.mode()).isEqualTo("etcd");
    assertThat(status.available()).isTrue();
    assertThat(status.members())
        .extracting(StorageStatus.Member::name)
        .containsExactlyInAnyOrder("etcd1", "etcd2", "etcd3");
    assertThat(status.members()).allMatch(StorageStatus.Member::reachable);
    assertThat(status.leader()).contains(etcd.cluster().leader().name());
    assertThat(status.raftIndex()).isPresent();
  }
}
