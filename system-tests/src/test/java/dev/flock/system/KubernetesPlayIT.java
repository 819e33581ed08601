package dev.flock.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * k8s/ serving the site under podman kube play: etcd x3 from the StatefulSet, backend x2 and web x2
 * from the Deployments, the ConfigMap and the TLS Secrets. {@link KubernetesPlay} says exactly what
 * podman plays and what is translated for it.
 */
class KubernetesPlayIT {

  private static KubernetesPlay cluster;

  @BeforeAll
  static void play() {
    long started = System.nanoTime();
    cluster = KubernetesPlay.start();
    System.out.printf(
        "k8s: played and ready after %d s%n", (System.nanoTime() - started) / 1_000_000_000);
  }

  @AfterAll
  static void down() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void theManifestsServeTheWalkThrough() {
    // one user on each web pod: both reach the same backends and etcd
    SiteWalkThrough.followPostReadUnfollow(cluster.web(0), cluster.web(1));
  }

  @Test
  void theWebsFindEveryBackendThroughTheHeadlessServiceName() {
    for (String web :
        cluster.instances().stream().filter(name -> name.startsWith("web-")).toList()) {
      String[] addresses =
          cluster
              .engine()
              .exec(web, "getent", "ahostsv4", "backend")
              .lines()
              .map(line -> line.split("\\s+")[0])
              .distinct()
              .toArray(String[]::new);
      assertThat(addresses)
          .as("backend, resolved in %s: %s", web, Arrays.toString(addresses))
          .hasSize(2);
    }
  }

  @Test
  void everyInstanceRunsAsTheManifestsSay() {
    for (String instance : cluster.instances()) {
      assertThat(cluster.engine().exec(instance, "id", "-u").strip())
          .as(instance)
          .isEqualTo("10001");
      assertThatThrownBy(() -> cluster.engine().exec(instance, "touch", "/opt/flock/written"))
          .as("%s: read-only root", instance)
          .hasMessageContaining("Read-only file system");
      assertThat(cluster.engine().exec(instance, "ls", "/etc/flock/tls"))
          .as("%s: its Secret, never the CA's key", instance)
          .contains("truststore.p12", "password")
          .doesNotContain("ca.key");
    }
  }
}
