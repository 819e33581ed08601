package dev.flock.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flock.devtools.Certificates;
import dev.flock.devtools.ContainerEngine;
import dev.flock.devtools.Images;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The manifests of k8s/ run by {@code podman kube play} (podman 4.3 here), on a network of their
 * own. Podman plays Pods, Deployments (every replica), ConfigMaps, emptyDir, hostPath and named
 * volumes, environment from ConfigMaps and the pod's name, the security contexts and the memory
 * limits. What it cannot play is translated first, as a cluster would do it, and nothing else of
 * the manifests is changed:
 *
 * <ul>
 *   <li>The kustomization's generators: the ConfigMap goes into each play file. Each Secret's files
 *       are mounted from a host directory where the Secret would be (podman 4.3 writes a Secret's
 *       data into the volume still base64-encoded, and crashes on a secret volume without {@code
 *       optional}).
 *   <li>The StatefulSet becomes its Pods, {@code etcd-0} to {@code etcd-2}, each with a named
 *       volume for its claim. The kubelet's {@code $(VAR)} references in their environment are
 *       expanded here (podman passes them on verbatim).
 *   <li>Services: podman has none. A Service's name becomes a DNS alias, on the network, of every
 *       pod it selects, which is what a headless Service answers; a StatefulSet's pod also gets its
 *       own name under its Service ({@code etcd-0.etcd}).
 *   <li>The containers' port lists are left out: podman 4.3 publishes each on the same port of the
 *       host, where a cluster publishes none (and two replicas would collide).
 *   <li>Played, with one difference podman 4.3 makes: an emptyDir is one named volume per name, so
 *       every pod's {@code /tmp} is the same volume (harmless here: each Payara Micro unpacks into
 *       a directory of its own; the JVMs warn that their perf-data files are locked).
 *   <li>Not played: the Namespace, the Ingress (the tests call the web pods directly), the
 *       PodDisruptionBudgets, anti-affinity, and the readiness and startup probes (podman 4.3
 *       ignores them; {@link #awaitReady} runs the same command until it succeeds).
 * </ul>
 */
final class KubernetesPlay implements AutoCloseable {

  private static final Path K8S = Path.of("..", "k8s").toAbsolutePath().normalize();
  private static final String NETWORK = "flock-k8s-test";
  private static final Duration READY_WITHIN = Duration.ofMinutes(5);
  private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  private final ContainerEngine podman;
  private final Path work;
  private final List<Play> plays = new ArrayList<>();
  private final Map<String, List<String>> secretFiles = new LinkedHashMap<>();

  /** One {@code podman kube play}: a file, the pods it makes, and their aliases on the network. */
  private record Play(Path file, List<String> aliases, List<String> pods, List<String> volumes) {}

  private KubernetesPlay(ContainerEngine podman, Path work) {
    this.podman = podman;
    this.work = work;
  }

  /** Builds the images, plays the manifests and returns once every Flock instance is ready. */
  static KubernetesPlay start() {
    KubernetesPlay cluster =
        new KubernetesPlay(
            ComposeTopology.engineOnThisMachine(), Path.of("target", "k8s-play").toAbsolutePath());
    assertThat(cluster.podman.name()).as("kube play is podman's").isEqualTo("podman");
    try {
      cluster.translate();
      cluster.down(); // what an interrupted run left behind
      Certificates.make(K8S.getParent(), cluster.work.resolve("tls"), true);
      new Images(cluster.podman, line -> System.out.println("k8s: " + line)).build();
      cluster.fillSecrets();
      cluster.podman.engine(Duration.ofSeconds(30), "network", "create", NETWORK);
      for (Play play : cluster.plays) {
        String network =
            NETWORK
                + ":"
                + play.aliases().stream()
                    .map(alias -> "alias=" + alias)
                    .collect(Collectors.joining(","));
        cluster.podman.engine(
            Duration.ofMinutes(2), "kube", "play", "--network", network, play.file().toString());
      }
      cluster.awaitReady();
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** The {@code replica}-th (from 0) web pod, as its Service would reach it. */
  URI web(int replica) {
    String infra =
        podman
            .engine(
                Duration.ofSeconds(30),
                "pod",
                "inspect",
                "--format",
                "{{.InfraContainerID}}",
                "web-pod-" + replica)
            .strip();
    return URI.create("http://" + podman.address(infra) + ":8080");
  }

  /** The containers that run Flock (backends and webs), as podman names them. */
  List<String> instances() {
    return plays.stream()
        .flatMap(play -> play.pods().stream())
        .filter(pod -> pod.startsWith("backend-") || pod.startsWith("web-"))
        .map(pod -> pod + "-" + pod.substring(0, pod.indexOf('-')))
        .toList();
  }

  ContainerEngine engine() {
    return podman;
  }

  private void awaitReady() {
    Instant deadline = Instant.now().plus(READY_WITHIN);
    for (String instance : instances()) {
      while (!podman.ready(instance)) {
        assertThat(Instant.now())
            .as("%s ready within %s", instance, READY_WITHIN)
            .isBefore(deadline);
        ComposeTopology.sleep(Duration.ofSeconds(1));
      }
    }
  }

  @Override
  public void close() {
    List<String> pods = plays.stream().flatMap(play -> play.pods().stream()).toList();
    podman.saveLogs(
        container -> pods.stream().anyMatch(container::startsWith), work.resolve("logs"));
    down();
  }

  /**
   * Removes the pods on this test's network (never anyone else's), their volumes and the network.
   */
  private void down() {
    List<String> ours =
        podman
            .engine(Duration.ofSeconds(30), "pod", "ps", "-q", "--filter", "network=" + NETWORK)
            .lines()
            .toList();
    if (!ours.isEmpty()) {
      List<String> command = new ArrayList<>(List.of("pod", "rm", "--force", "--time", "2"));
      command.addAll(ours);
      podman.engine(Duration.ofMinutes(2), command.toArray(String[]::new));
    }
    for (Play play : plays) {
      for (String volume : play.volumes()) {
        quietly("volume", "rm", "--force", volume);
      }
    }
    quietly("network", "rm", "--force", NETWORK);
  }

  private void quietly(String... args) {
    try {
      podman.engine(Duration.ofSeconds(60), args);
    } catch (IllegalStateException absent) {
      // nothing to remove
    }
  }

  /** Writes the play files (see the class comment) to target/k8s-play. */
  private void translate() {
    try {
      Files.createDirectories(work);
      Yaml yaml = new Yaml();
      Map<String, Object> kustomization =
          map(yaml.load(Files.readString(K8S.resolve("kustomization.yaml"))));
      List<Map<String, Object>> resources = new ArrayList<>();
      for (Object file : list(kustomization.get("resources"))) {
        for (Object document : yaml.loadAll(Files.readString(K8S.resolve((String) file)))) {
          resources.add(map(document));
        }
      }
      Map<String, Object> configMap =
          configMap(map(list(kustomization.get("configMapGenerator")).get(0)));
      Map<String, Path> secrets = new LinkedHashMap<>();
      for (Object generator : list(kustomization.get("secretGenerator"))) {
        String name = (String) map(generator).get("name");
        secrets.put(name, work.resolve("secrets").resolve(name));
        secretFiles.put(
            name, list(map(generator).get("files")).stream().map(String.class::cast).toList());
      }
      for (Map<String, Object> statefulSet : ofKind(resources, "StatefulSet")) {
        Map<String, Object> spec = map(statefulSet.get("spec"));
        String service = (String) spec.get("serviceName");
        for (int i = 0; i < (Integer) spec.get("replicas"); i++) {
          String pod = name(statefulSet) + "-" + i;
          List<String> volumes = new ArrayList<>();
          Map<String, Object> podSpec = podSpec(map(spec.get("template")), secrets);
          List<Object> podVolumes =
              new ArrayList<>(list(podSpec.getOrDefault("volumes", List.of())));
          for (Object claim : list(spec.get("volumeClaimTemplates"))) {
            // a cluster names the claim data-etcd-0; the test's prefix keeps it apart from any
            // volume of that name on this machine
            String claimName = name(map(claim));
            String volume = NETWORK + "-" + claimName + "-" + pod;
            volumes.add(volume);
            podVolumes.add(
                Map.of("name", claimName, "persistentVolumeClaim", Map.of("claimName", volume)));
          }
          podSpec.put("volumes", podVolumes);
          expandReferences(podSpec, pod);
          Map<String, Object> document = new LinkedHashMap<>();
          document.put("apiVersion", "v1");
          document.put("kind", "Pod");
          document.put(
              "metadata",
              Map.of(
                  "name",
                  pod,
                  "labels",
                  map(map(spec.get("template")).get("metadata")).get("labels")));
          document.put("spec", podSpec);
          List<String> aliases = new ArrayList<>(servicesSelecting(resources, statefulSet));
          aliases.add(pod + "." + service);
          plays.add(new Play(write(pod, List.of(document)), aliases, List.of(pod), volumes));
        }
      }
      for (Map<String, Object> deployment : ofKind(resources, "Deployment")) {
        Map<String, Object> spec = map(deployment.get("spec"));
        Map<String, Object> template = map(spec.get("template"));
        template.put("spec", podSpec(template, secrets));
        List<String> pods =
            IntStream.range(0, (Integer) spec.get("replicas"))
                .mapToObj(i -> name(deployment) + "-pod-" + i)
                .toList();
        plays.add(
            new Play(
                write(name(deployment), List.of(configMap, deployment)),
                servicesSelecting(resources, deployment),
                pods,
                List.of()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Copies each Secret's files (and only those) into its directory, from the certificates this run
   * made (target/k8s-play/tls stands in for k8s/tls).
   */
  private void fillSecrets() {
    try {
      for (Map.Entry<String, List<String>> secret : secretFiles.entrySet()) {
        Path directory = Files.createDirectories(work.resolve("secrets").resolve(secret.getKey()));
        for (String file : secret.getValue()) {
          Files.copy(
              work.resolve(file),
              directory.resolve(Path.of(file).getFileName()),
              StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> configMap(Map<String, Object> generator) {
    Map<String, Object> data = new LinkedHashMap<>();
    for (Object literal : list(generator.get("literals"))) {
      String pair = (String) literal;
      data.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }
    Map<String, Object> configMap = new LinkedHashMap<>();
    configMap.put("apiVersion", "v1");
    configMap.put("kind", "ConfigMap");
    configMap.put("metadata", Map.of("name", generator.get("name")));
    configMap.put("data", data);
    return configMap;
  }

  /**
   * The template's pod spec with each Secret volume mounted from the Secret's host directory, and
   * without the containers' port lists (podman 4.3 publishes each on the same port of the host).
   */
  private static Map<String, Object> podSpec(
      Map<String, Object> template, Map<String, Path> secrets) {
    Map<String, Object> spec = new LinkedHashMap<>(map(template.get("spec")));
    List<Object> containers = new ArrayList<>();
    for (Object container : list(spec.get("containers"))) {
      Map<String, Object> unpublished = new LinkedHashMap<>(map(container));
      unpublished.remove("ports");
      containers.add(unpublished);
    }
    spec.put("containers", containers);
    List<Object> volumes = new ArrayList<>();
    for (Object each : list(spec.getOrDefault("volumes", List.of()))) {
      Map<String, Object> volume = map(each);
      if (volume.containsKey("secret")) {
        Path directory = secrets.get((String) map(volume.get("secret")).get("secretName"));
        assertThat(directory).as("the Secret of volume %s", volume.get("name")).isNotNull();
        volume =
            Map.of(
                "name",
                volume.get("name"),
                "hostPath",
                Map.of("path", directory.toString(), "type", "Directory"));
      }
      volumes.add(volume);
    }
    spec.put("volumes", volumes);
    return spec;
  }

  /** Expands {@code $(VAR)} in environment values as the kubelet does, the pod's name included. */
  private static void expandReferences(Map<String, Object> podSpec, String pod) {
    for (Object container : list(podSpec.get("containers"))) {
      Map<String, String> known = new LinkedHashMap<>();
      List<Object> env = new ArrayList<>();
      for (Object each : list(map(container).getOrDefault("env", List.of()))) {
        Map<String, Object> variable = new LinkedHashMap<>(map(each));
        String name = (String) variable.get("name");
        if (variable.get("value") instanceof String value) {
          Matcher reference = REFERENCE.matcher(value);
          variable.put(
              "value",
              reference.replaceAll(
                  found ->
                      Matcher.quoteReplacement(known.getOrDefault(found.group(1), found.group()))));
          known.put(name, (String) variable.get("value"));
        } else if (variable.toString().contains("fieldPath=metadata.name")) {
          known.put(name, pod);
        }
        env.add(variable);
      }
      map(container).put("env", env);
    }
  }

  private static List<String> servicesSelecting(
      List<Map<String, Object>> resources, Map<String, Object> workload) {
    Map<String, Object> labels =
        map(map(map(map(workload.get("spec")).get("template")).get("metadata")).get("labels"));
    return ofKind(resources, "Service").stream()
        .filter(
            service ->
                labels
                    .entrySet()
                    .containsAll(map(map(service.get("spec")).get("selector")).entrySet()))
        .map(KubernetesPlay::name)
        .toList();
  }

  private Path write(String name, List<Map<String, Object>> documents) throws IOException {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    Path file = work.resolve(name + ".yaml");
    Files.writeString(file, new Yaml(options).dumpAll(documents.iterator()));
    return file;
  }

  private static List<Map<String, Object>> ofKind(
      List<Map<String, Object>> resources, String kind) {
    return resources.stream().filter(resource -> kind.equals(resource.get("kind"))).toList();
  }

  private static String name(Map<String, Object> resource) {
    return (String) map(resource.get("metadata")).get("name");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object node) {
    return (Map<String, Object>) node;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object node) {
    return (List<Object>) node;
  }
}
