package dev.flock.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * A structural check of k8s/, the Kubernetes manifests: what must stay true between them as they
 * change, so that a drift fails here rather than on a cluster. What podman kube play cannot run
 * (Services, PodDisruptionBudgets, the Ingress, probes) is checked here; {@link KubernetesPlayIT}
 * runs the rest.
 */
class KubernetesManifestsTest {

  private static final Path K8S = Path.of("..", "k8s");
  private static final Set<String> IMAGES =
      Set.of(
          "localhost/flock-backend:latest",
          "localhost/flock-web:latest",
          "localhost/flock-etcd:latest");

  private static Map<String, Object> kustomization;
  private static final List<Map<String, Object>> resources = new ArrayList<>();

  @BeforeAll
  static void read() throws IOException {
    kustomization = new Yaml().load(Files.readString(K8S.resolve("kustomization.yaml")));
    for (Object file : list(kustomization, "resources")) {
      for (Object document : new Yaml().loadAll(Files.readString(K8S.resolve((String) file)))) {
        resources.add(map(document));
      }
    }
  }

  @Test
  void everyWorkloadIsProbedLimitedAndRunsAsNobodyFromOurImages() {
    for (Map<String, Object> workload : workloads()) {
      Map<String, Object> pod = map(at(workload, "spec", "template", "spec"));
      assertThat(at(pod, "securityContext", "runAsNonRoot")).as(name(workload)).isEqualTo(true);
      for (Object each : list(pod, "containers")) {
        Map<String, Object> container = map(each);
        String what = name(workload) + "/" + container.get("name");
        assertThat(IMAGES).as(what).contains((String) container.get("image"));
        assertThat(container).as(what).containsKeys("readinessProbe", "livenessProbe");
        assertThat(map(at(container, "resources", "requests"))).as(what).containsKeys("memory");
        assertThat(map(at(container, "resources", "limits"))).as(what).containsKeys("memory");
        assertThat(at(container, "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
      }
    }
  }

  @Test
  void everyWorkloadIsSelectedByItsServiceAndDisruptionBudget() {
    for (Map<String, Object> workload : workloads()) {
      Map<String, Object> labels = map(at(workload, "spec", "template", "metadata", "labels"));
      assertThat(labels)
          .as(name(workload))
          .containsAllEntriesOf(map(at(workload, "spec", "selector", "matchLabels")));
      assertThat(ofKind("Service"))
          .as("a Service for " + name(workload))
          .anySatisfy(service -> assertThat(labels).containsAllEntriesOf(selector(service)));
      assertThat(ofKind("PodDisruptionBudget"))
          .as("a PodDisruptionBudget for " + name(workload))
          .anySatisfy(
              budget ->
                  assertThat(labels)
                      .containsAllEntriesOf(map(at(budget, "spec", "selector", "matchLabels"))));
    }
  }

  @Test
  void theWebTierBalancesOverEveryBackendThroughAHeadlessService() {
    Map<String, Object> backend = named("Service", "backend");
    assertThat(at(backend, "spec", "clusterIP")).isEqualTo("None");
    assertThat(list(map(backend.get("spec")), "ports"))
        .extracting(port -> map(port).get("port"))
        .containsExactlyInAnyOrder(9090, 8443);
    assertThat(config())
        .containsEntry("FLOCK_BACKEND_GRPC_TARGET", "backend:9090")
        .containsEntry("FLOCK_BACKEND_SESSION_URL", "https://backend:8443");
    assertThat(named("Ingress", "flock").toString()).contains("name=web");
  }

  @Test
  void theBackendsKnowEveryEtcdMemberAndTheMembersKnowEachOther() {
    Map<String, Object> etcd = named("StatefulSet", "etcd");
    int replicas = (Integer) at(etcd, "spec", "replicas");
    String service = (String) at(etcd, "spec", "serviceName");
    assertThat(at(named("Service", service), "spec", "clusterIP")).isEqualTo("None");
    List<String> members = IntStream.range(0, replicas).mapToObj(i -> "etcd-" + i).toList();

    assertThat(config().get("FLOCK_ETCD_ENDPOINTS"))
        .isEqualTo(
            members.stream()
                .map(member -> "http://" + member + "." + service + ":2379")
                .collect(Collectors.joining(",")));
    Map<String, Object> container =
        map(list(map(at(etcd, "spec", "template", "spec")), "containers").get(0));
    String initialCluster =
        list(container, "env").stream()
            .map(KubernetesManifestsTest::map)
            .filter(variable -> "ETCD_INITIAL_CLUSTER".equals(variable.get("name")))
            .map(variable -> (String) variable.get("value"))
            .findFirst()
            .orElseThrow();
    assertThat(initialCluster)
        .isEqualTo(
            members.stream()
                .map(member -> member + "=http://" + member + "." + service + ":2380")
                .collect(Collectors.joining(",")));
  }

  @Test
  void aStoppingInstanceHasTimeToDrainAndConfigurationIsOnlyFlockVariables() {
    int grace = Integer.parseInt(config().get("FLOCK_SHUTDOWN_GRACE_SECONDS"));
    for (Map<String, Object> deployment : ofKind("Deployment")) {
      assertThat(
              (Integer) at(deployment, "spec", "template", "spec", "terminationGracePeriodSeconds"))
          .as(name(deployment))
          .isGreaterThan(grace + 10);
    }
    assertThat(config().keySet()).allMatch(key -> key.startsWith("FLOCK_"));
  }

  @Test
  void secretsHoldEachTiersOwnKeyAndNeverTheCaKey() {
    for (Object each : list(kustomization, "secretGenerator")) {
      Map<String, Object> secret = map(each);
      List<Object> files = list(secret, "files");
      assertThat(files)
          .as((String) secret.get("name"))
          .noneMatch(file -> file.toString().contains("ca.key"));
      assertThat(files).contains("tls/truststore.p12", "tls/password");
    }
    assertThat(kustomization.toString()).contains("tls/backend.p12").contains("tls/web.p12");
  }

  private static Map<String, String> config() {
    Map<String, Object> generator = map(list(kustomization, "configMapGenerator").get(0));
    return list(generator, "literals").stream()
        .map(String.class::cast)
        .collect(
            Collectors.toMap(
                literal -> literal.substring(0, literal.indexOf('=')),
                literal -> literal.substring(literal.indexOf('=') + 1)));
  }

  private static List<Map<String, Object>> workloads() {
    List<Map<String, Object>> workloads = new ArrayList<>(ofKind("Deployment"));
    workloads.addAll(ofKind("StatefulSet"));
    assertThat(workloads)
        .extracting(KubernetesManifestsTest::name)
        .containsExactlyInAnyOrder("backend", "web", "etcd");
    return workloads;
  }

  private static List<Map<String, Object>> ofKind(String kind) {
    return resources.stream().filter(resource -> kind.equals(resource.get("kind"))).toList();
  }

  private static Map<String, Object> named(String kind, String name) {
    return ofKind(kind).stream()
        .filter(resource -> name.equals(name(resource)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("No " + kind + " " + name));
  }

  private static Map<String, Object> selector(Map<String, Object> service) {
    return map(at(service, "spec", "selector"));
  }

  private static String name(Map<String, Object> resource) {
    return (String) at(resource, "metadata", "name");
  }

  private static Object at(Map<String, Object> node, String... path) {
    Object current = node;
    for (String key : path) {
      assertThat(current).as("%s in %s", key, String.join(".", path)).isInstanceOf(Map.class);
      current = map(current).get(key);
    }
    return current;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object node) {
    return (Map<String, Object>) node;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Map<String, Object> node, String key) {
    return (List<Object>) node.get(key);
  }
}
