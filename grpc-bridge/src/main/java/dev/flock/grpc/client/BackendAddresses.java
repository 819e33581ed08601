package dev.flock.grpc.client;

import dev.flock.grpc.tls.DeploymentTls;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Resolves {@code flock-backends:///host1:9090,host2:9090} to those backends, and a host name to
 * every address it has, so one channel spreads calls over all of them (round robin) and skips one
 * that is down. Names are resolved again whenever the channel asks (after a connection failure) and
 * every {@link #REFRESH}, so backends may come, go or move after the web tier started (the JVM
 * caches names for {@code networkaddress.cache.ttl}, 30 s by default; containers set less).
 */
final class BackendAddresses extends NameResolverProvider {

  static final String SCHEME = "flock-backends";

  private static final Duration REFRESH = Duration.ofSeconds(10);

  /** The channel target for a comma-separated list of {@code host:port}. */
  static String targetFor(String hostPorts) {
    return SCHEME + ":///" + hostPorts.replace(" ", "");
  }

  @Override
  public NameResolver newNameResolver(URI target, NameResolver.Args args) {
    if (!SCHEME.equals(target.getScheme())) {
      return null;
    }
    List<String> hostPorts =
        Arrays.stream(target.getPath().substring(1).split(","))
            .filter(each -> !each.isEmpty())
            .toList();
    hostPorts.forEach(BackendAddresses::checkFormat);
    HostAddresses hosts = new HostAddresses();
    return new NameResolver() {
      private Listener2 listener;

      private ScheduledFuture<?> periodic;

      @Override
      public String getServiceAuthority() {
        return DeploymentTls.BACKEND_NAME;
      }

      @Override
      public void start(Listener2 listener) {
        this.listener = listener;
        refresh();
        periodic =
            args.getScheduledExecutorService()
                .scheduleWithFixedDelay(
                    () -> args.getSynchronizationContext().execute(this::refresh),
                    REFRESH.toSeconds(),
                    REFRESH.toSeconds(),
                    TimeUnit.SECONDS);
      }

      /**
       * A lookup in progress, and the resolver shut down; only touched in the synchronization
       * context.
       */
      private boolean resolving;

      private boolean stopped;

      /**
       * Looks the names up on the channel's offload executor, never in its synchronization context:
       * a lookup can hang for the resolver's whole timeout (10 s, seen while a neighbour container
       * restarted), and the channel must go on with the addresses it has meanwhile.
       */
      @Override
      public void refresh() {
        if (resolving) {
          return;
        }
        resolving = true;
        Executor offload = Objects.requireNonNullElse(args.getOffloadExecutor(), Runnable::run);
        offload.execute(
            () -> {
              List<EquivalentAddressGroup> backends =
                  hostPorts.stream()
                      .flatMap(hostPort -> addresses(hostPort, hosts))
                      .map(EquivalentAddressGroup::new)
                      .toList();
              args.getSynchronizationContext().execute(() -> deliver(backends));
            });
      }

      private void deliver(List<EquivalentAddressGroup> backends) {
        resolving = false;
        if (stopped) {
          return;
        }
        if (backends.isEmpty()) {
          listener.onError(
              Status.UNAVAILABLE.withDescription("No address for the backends " + hostPorts));
        } else {
          listener.onResult(ResolutionResult.newBuilder().setAddresses(backends).build());
        }
      }

      @Override
      public void shutdown() {
        stopped = true;
        if (periodic != null) {
          periodic.cancel(false);
        }
      }
    };
  }

  private static void checkFormat(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || !hostPort.substring(colon + 1).matches("[0-9]{1,5}")) {
      throw new IllegalArgumentException("A backend target is host:port, not '" + hostPort + "'");
    }
  }

  /**
   * Every address the host name resolves to (a headless Kubernetes Service or a compose service
   * with replicas resolves to each instance).
   */
  private static Stream<SocketAddress> addresses(String hostPort, HostAddresses hosts) {
    int colon = hostPort.lastIndexOf(':');
    int port = Integer.parseInt(hostPort.substring(colon + 1));
    return hosts.of(hostPort.substring(0, colon)).stream()
        .map(address -> new InetSocketAddress(address, port));
  }

  @Override
  public String getDefaultScheme() {
    return SCHEME;
  }

  @Override
  protected boolean isAvailable() {
    return true;
  }

  @Override
  protected int priority() {
    return 5;
  }
}
