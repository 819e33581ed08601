package dev.flock.backend.storage.etcd;

import static dev.flock.backend.storage.etcd.RangeReads.countOnly;

import dev.flock.backend.storage.StorageCall;
import dev.flock.backend.storage.StorageProbe;
import dev.flock.backend.storage.StorageStatus;
import dev.flock.backend.storage.StorageUnavailableException;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.cluster.Member;
import io.etcd.jetcd.maintenance.StatusResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The etcd cluster's state: whether a quorum answers, its members, the leader and the Raft index.
 * It proves a quorum with a linearizable read of one key while the member list and every member's
 * Raft status are fetched in parallel; the whole takes one storage deadline at most.
 */
@ApplicationScoped
@Typed(EtcdClusterProbe.class)
@StorageCall
public class EtcdClusterProbe implements StorageProbe {

  private static final long MIN_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private Client client;
  private EtcdCalls calls;

  /** The members as last listed by the cluster (at first: the configured endpoints). */
  private volatile List<KnownMember> knownMembers;

  protected EtcdClusterProbe() {} // for CDI proxies

  @Inject
  public EtcdClusterProbe(Client client, EtcdCalls calls, EtcdEndpoints endpoints) {
    this.client = client;
    this.calls = calls;
    this.knownMembers = endpoints.urls().stream().map(url -> new KnownMember(0, url, url)).toList();
  }

  @Override
  public StorageStatus describe() {
    long deadline;
    try {
      deadline = calls.deadline("a status probe");
    } catch (StorageUnavailableException e) {
      return status(false, e.getMessage(), List.of());
    }
    CompletableFuture<List<Probe>> probes = probeMembers(deadline);
    String detail;
    boolean available;
    try {
      calls.await(
          "a quorum read", () -> client.getKVClient().get(KeyLayout.quorumProbe(), countOnly()));
      available = true;
      detail = "a quorum answered a linearizable read";
    } catch (StorageUnavailableException e) {
      available = false;
      detail = e.getMessage();
    }
    List<Probe> answered;
    try {
      answered =
          probes.get(Math.max(deadline - System.nanoTime(), MIN_WAIT_NANOS), TimeUnit.NANOSECONDS);
    } catch (ExecutionException | TimeoutException e) {
      answered = List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      answered = List.of();
    }
    return status(available, detail, answered);
  }

  private static StorageStatus status(boolean available, String detail, List<Probe> answered) {
    Map<Long, String> names = new LinkedHashMap<>();
    answered.forEach(probe -> names.put(probe.member().id(), probe.member().name()));
    Optional<String> leader =
        answered.stream()
            .flatMap(probe -> probe.status().stream())
            .map(StatusResponse::getLeader)
            .filter(id -> id != 0 && names.containsKey(id))
            .findFirst()
            .map(names::get);
    OptionalLong raftIndex =
        answered.stream()
            .flatMap(probe -> probe.status().stream())
            .mapToLong(StatusResponse::getRaftIndex)
            .max();
    List<StorageStatus.Member> members =
        answered.stream()
            .map(
                probe ->
                    new StorageStatus.Member(
                        probe.member().name(),
                        probe.member().endpoint(),
                        probe.status().isPresent()))
            .toList();
    return new StorageStatus("etcd", available, detail, members, leader, raftIndex);
  }

  /** A member as the cluster lists it; id 0 and the URL as name until it has been listed. */
  private record KnownMember(long id, String name, String endpoint) {}

  /** One member and its answer to the status request, if it answered in time. */
  private record Probe(KnownMember member, Optional<StatusResponse> status) {}

  /**
   * Lists the members (a member without a leader refuses, so the last list is kept for then) and
   * asks each for its status, all in parallel and each bounded by the deadline.
   */
  private CompletableFuture<List<Probe>> probeMembers(long deadline) {
    long millis = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
    return client
        .getClusterClient()
        .listMember()
        .orTimeout(millis, TimeUnit.MILLISECONDS)
        .handle(
            (listed, failure) -> {
              if (listed != null) {
                knownMembers =
                    listed.getMembers().stream()
                        .map(m -> new KnownMember(m.getId(), m.getName(), endpointOf(m)))
                        .toList();
              }
              return knownMembers;
            })
        .thenCompose(
            members -> {
              List<CompletableFuture<Probe>> probes =
                  members.stream()
                      .map(
                          member ->
                              statusOf(member.endpoint())
                                  .handle(
                                      (status, failure) ->
                                          new Probe(member, Optional.ofNullable(status)))
                                  .completeOnTimeout(
                                      new Probe(member, Optional.empty()),
                                      millis,
                                      TimeUnit.MILLISECONDS))
                      .toList();
              return CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new))
                  .thenApply(done -> probes.stream().map(CompletableFuture::join).toList());
            });
  }

  private CompletableFuture<StatusResponse> statusOf(String endpoint) {
    try {
      return client.getMaintenanceClient().statusMember(endpoint);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static String endpointOf(Member member) {
    return member.getClientURIs().isEmpty() ? "" : member.getClientURIs().get(0).toString();
  }
}
