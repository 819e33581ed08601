package dev.flock.grpc.client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every address a backend's host name resolves to and, while a lookup fails, the addresses it last
 * resolved to. Container DNS can fail for seconds while a neighbour container restarts (seen with
 * podman's aardvark-dns in a rolling restart); the backends themselves are still there, and a stale
 * address that no longer answers only costs a refused connection and a move to the next.
 */
public final class HostAddresses {

  /** A name lookup, {@link InetAddress#getAllByName} outside tests. */
  @FunctionalInterface
  public interface Lookup {
    InetAddress[] addressesOf(String host) throws UnknownHostException;
  }

  private final Lookup lookup;

  private final Map<String, List<InetAddress>> lastKnown = new ConcurrentHashMap<>();

  public HostAddresses() {
    this(InetAddress::getAllByName);
  }

  public HostAddresses(Lookup lookup) {
    this.lookup = lookup;
  }

  /** The host's addresses now, the last ones it had if it does not resolve, else none. */
  public List<InetAddress> of(String host) {
    try {
      List<InetAddress> found = List.of(lookup.addressesOf(host));
      lastKnown.put(host, found);
      return found;
    } catch (UnknownHostException e) {
      return lastKnown.getOrDefault(host, List.of());
    }
  }
}
