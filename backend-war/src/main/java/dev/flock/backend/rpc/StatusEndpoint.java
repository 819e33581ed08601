package dev.flock.backend.rpc;

import static dev.flock.backend.rpc.Messages.reply;

import dev.flock.backend.storage.StorageProbe;
import dev.flock.backend.storage.StorageStatus;
import dev.flock.grpc.telemetry.LastMinute;
import dev.flock.grpc.telemetry.LiveFigures;
import dev.flock.grpc.v1.GetStatusRequest;
import dev.flock.grpc.v1.LiveSecond;
import dev.flock.grpc.v1.StatusServiceGrpc;
import dev.flock.grpc.v1.StorageMember;
import dev.flock.grpc.v1.SystemStatus;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import org.eclipse.microprofile.config.inject.ConfigProperty;

@Dependent
public class StatusEndpoint extends StatusServiceGrpc.StatusServiceImplBase {

  /** process id and host name, e.g. {@code 12345@flock-backend-1}. */
  private static final String INSTANCE = ManagementFactory.getRuntimeMXBean().getName();

  @Inject StorageProbe storageProbe;

  @Inject LiveFigures liveFigures;

  /** Whether the status names this process and host: off, so the public page does not. */
  @Inject
  @ConfigProperty(name = "flock.status.show-instances")
  boolean showInstance;

  @Override
  public void getStatus(GetStatusRequest request, StreamObserver<SystemStatus> response) {
    StorageStatus status = storageProbe.describe();
    reply(
        response,
        SystemStatus.newBuilder()
            .setBackendInstance(showInstance ? INSTANCE : "")
            .setStorageMode(status.mode())
            .setStorageAvailable(status.available())
            .setStorageDetail(status.detail())
            .addAllMembers(
                status.members().stream()
                    .map(
                        member ->
                            StorageMember.newBuilder()
                                .setName(member.name())
                                .setEndpoint(member.endpoint())
                                .setReachable(member.reachable())
                                .build())
                    .toList())
            .setLeader(status.leader().orElse(""))
            .setRaftIndex(status.raftIndex().orElse(0))
            .addAllLive(
                liveFigures.figures().entrySet().stream()
                    .map(kind -> live(kind.getKey(), kind.getValue()))
                    .toList())
            .build());
  }

  private static dev.flock.grpc.v1.LiveFigures live(String kind, LastMinute.Figures figures) {
    return dev.flock.grpc.v1.LiveFigures.newBuilder()
        .setKind(kind)
        .setPerSecond(figures.perSecond())
        .setErrorRate(figures.errorRate())
        .setP50Millis(figures.p50Millis())
        .setP99Millis(figures.p99Millis())
        .addAllSeconds(
            figures.seconds().stream()
                .map(
                    second ->
                        LiveSecond.newBuilder()
                            .setCalls(second.calls())
                            .setErrors(second.errors())
                            .setP99Millis(second.p99Millis())
                            .build())
                .toList())
        .build();
  }
}
