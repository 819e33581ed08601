package dev.flock.backend.storage.etcd;

import dev.flock.backend.storage.Stores;
import io.etcd.jetcd.Client;
import io.grpc.ClientInterceptor;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The etcd adapters over one client of their own, as one backend instance has them. */
record EtcdStores(Client client, Stores stores) implements AutoCloseable {

  /** Adapters of the cluster at {@code endpoints}; each etcd request passes {@code interceptor}. */
  static EtcdStores connect(
      List<String> endpoints, Duration timeout, Clock clock, ClientInterceptor interceptor) {
    EtcdEndpoints members = new EtcdEndpoints(endpoints);
    Client client = EtcdClientProducer.connect(members, timeout, interceptor);
    EtcdCalls calls = new EtcdCalls(timeout);
    return new EtcdStores(
        client,
        new Stores(
            new EtcdAccountStore(client, calls),
            new EtcdSessionStore(client, calls, clock),
            new EtcdFollowStore(client, calls),
            new EtcdFollowReads(client, calls),
            new EtcdPostStore(client, calls),
            new EtcdLikeStore(client, calls),
            new EtcdFeedReads(client, calls),
            new EtcdAttemptStore(client, calls),
            new EtcdClusterProbe(client, calls, members),
            new EtcdPostWatch(client)));
  }

  @Override
  public void close() {
    client.close();
  }
}
