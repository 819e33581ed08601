package dev.flock.backend.storage.etcd;

import java.util.Arrays;
import java.util.List;

/**
 * The client URLs of the cluster's members as configured: what the client connects to, and whom the
 * probe asks until the cluster has listed its members once.
 */
public record EtcdEndpoints(List<String> urls) {

  public EtcdEndpoints {
    urls = List.copyOf(urls);
  }

  /** The endpoints in {@code csv}; fails with a message naming the setting when there are none. */
  public static EtcdEndpoints parse(String csv) {
    List<String> urls =
        Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    if (urls.isEmpty()) {
      throw new IllegalStateException(
          "flock.storage=etcd needs flock.etcd.endpoints (FLOCK_ETCD_ENDPOINTS): every member's"
              + " client URL, separated by commas");
    }
    return new EtcdEndpoints(urls);
  }
}
