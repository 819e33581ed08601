package dev.flock.backend.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the storage can answer: for etcd, while a quorum answers a linearizable read within
 * the storage deadline; the in-memory storage is always ready. A load balancer then stops sending
 * traffic to a backend whose cluster lost its quorum, instead of serving errors.
 */
@Readiness
@ApplicationScoped
public class StorageReadiness implements HealthCheck {

  private StorageProbe probe;

  protected StorageReadiness() {} // for CDI proxies

  @Inject
  public StorageReadiness(StorageProbe probe) {
    this.probe = probe;
  }

  @Override
  public HealthCheckResponse call() {
    StorageStatus status = probe.describe();
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named("storage")
            .status(status.available())
            .withData("mode", status.mode())
            .withData("detail", status.detail());
    status.leader().ifPresent(leader -> response.withData("leader", leader));
    status.raftIndex().ifPresent(index -> response.withData("raftIndex", index));
    for (StorageStatus.Member member : status.members()) {
      response.withData(
          "member " + member.name(), member.endpoint() + (member.reachable() ? " up" : " down"));
    }
    return response.build();
  }
}
