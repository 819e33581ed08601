package dev.flock.grpc.client;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.List;

/**
 * Resolves {@code flock-backends:///host1:9090,host2:9090} to those backends, so one channel
 * spreads calls over all of them (round robin) and skips one that is down. Host names are resolved
 * again whenever the channel asks (after a connection failure), so a backend may come up, or move,
 * after the web tier started.
 */
final class BackendAddresses extends NameResolverProvider {

  static final String SCHEME = "flock-backends";

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
    return new NameResolver() {
      private Listener2 listener;

      @Override
      public String getServiceAuthority() {
        return "flock-backend";
      }

      @Override
      public void start(Listener2 listener) {
        this.listener = listener;
        refresh();
      }

      @Override
      public void refresh() {
        List<EquivalentAddressGroup> backends =
            hostPorts.stream()
                .map(BackendAddresses::address)
                .map(EquivalentAddressGroup::new)
                .toList();
        listener.onResult(ResolutionResult.newBuilder().setAddresses(backends).build());
      }

      @Override
      public void shutdown() {}
    };
  }

  private static void checkFormat(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || !hostPort.substring(colon + 1).matches("[0-9]{1,5}")) {
      throw new IllegalArgumentException("A backend target is host:port, not '" + hostPort + "'");
    }
  }

  private static SocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    return new InetSocketAddress(
        hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
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
