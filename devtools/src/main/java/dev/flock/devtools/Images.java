package dev.flock.devtools;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Flock's four images, built from this build's WARs and tagged as docker/compose.yaml and k8s/ name
 * them. The build context is docker/; what the Payara images copy is staged in docker/build/ first.
 * Base images a registry cannot give are made from Debian packages first.
 */
public final class Images {

  /** The images, each with its Dockerfile (in docker/) and build arguments. */
  record Image(String tag, String dockerfile, List<String> buildArguments) {}

  static final List<Image> FLOCK =
      List.of(
          new Image(
              "localhost/flock-backend:latest",
              "payara/Dockerfile",
              List.of("--build-arg", "TIER=backend")),
          new Image(
              "localhost/flock-web:latest",
              "payara/Dockerfile",
              List.of("--build-arg", "TIER=web")),
          new Image("localhost/flock-etcd:latest", "etcd/Dockerfile", List.of()),
          new Image("localhost/flock-lb:latest", "lb/Dockerfile", List.of()));

  /*
   * The base images the Dockerfiles start FROM, made here when the engine has neither them nor a
   * registry to pull them from (none is reachable on the build machines). They take the very names
   * the Dockerfiles use, so the same Dockerfiles build offline here and from Docker Hub anywhere
   * else.
   */
  static final String DEBIAN = "docker.io/library/debian:bookworm-slim";
  static final String JAVA = "docker.io/library/eclipse-temurin:25-jre";

  /**
   * The JRE's modules (the JDK's, without the compiler, debugger and packaging tools) that Payara
   * Micro and the WARs use: the whole Java SE, plus jdk.unsupported (gRPC's Netty,
   * sun.misc.Signal), jdk.httpserver (the Prometheus exporter), jdk.zipfs, the DNS and crypto
   * providers, JFR and jcmd.
   */
  private static final String JRE_MODULES =
      "java.se,jdk.unsupported,jdk.httpserver,jdk.zipfs,jdk.naming.dns,jdk.crypto.cryptoki,"
          + "jdk.crypto.ec,jdk.charsets,jdk.localedata,jdk.management,jdk.management.agent,jdk.jfr,"
          + "jdk.jcmd,jdk.attach,jdk.net";

  /** The built inputs the Payara images copy, from the project's directory. */
  private static final List<String> BUILT =
      List.of(
          "payara-config/target/payara-micro.jar",
          "backend-war/target/backend.war",
          "web-war/target/web.war");

  /** payara-config's boot and logging files, which the Payara images copy as well. */
  private static final List<String> CONFIG =
      List.of(
          "post-boot.asadmin",
          "backend.pre-boot.asadmin",
          "logging.properties",
          "logging-json.properties");

  private final Path root;
  private final ContainerEngine engine;
  private final Consumer<String> progress;

  /**
   * @param engine the engine that builds them, from the project of its docker/ directory
   * @param progress told of each image as it is built
   */
  public Images(ContainerEngine engine, Consumer<String> progress) {
    this.root = engine.root();
    this.engine = engine;
    this.progress = progress;
  }

  /**
   * Stages the built files, makes the base images if needed and builds the four images.
   *
   * @throws IllegalStateException when a built file is missing or a build fails ({@link
   *     CommandFailure})
   */
  public void build() {
    stage();
    baseImages();
    for (Image image : FLOCK) {
      progress.accept("building " + image.tag());
      engine.run(Duration.ofMinutes(15), buildCommand(image));
    }
  }

  /** Copies the Payara Micro jar, both WARs and payara-config's files into docker/build/. */
  void stage() {
    Path stage = engine.docker().resolve("build");
    for (String built : BUILT) {
      if (!Files.isRegularFile(root.resolve(built))) {
        throw new IllegalStateException(built + " is missing: ./mvnw package first");
      }
    }
    try {
      Files.createDirectories(stage.resolve("payara-config"));
      for (String built : BUILT) {
        copy(root.resolve(built), stage.resolve(Path.of(built).getFileName()));
      }
      for (String file : CONFIG) {
        copy(root.resolve("payara-config").resolve(file), stage.resolve("payara-config/" + file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
  }

  List<String> buildCommand(Image image) {
    List<String> command = new ArrayList<>(List.of(engine.name(), "build", "-q"));
    if (engine.name().equals("podman")) {
      // podman writes OCI images by default, which have no HEALTHCHECK: ask for Docker's format
      command.addAll(List.of("--format", "docker"));
    }
    command.addAll(
        List.of(
            "--file",
            engine.docker().resolve(image.dockerfile()).toString(),
            "--tag",
            image.tag()));
    command.addAll(image.buildArguments());
    command.add(engine.docker().toString());
    return command;
  }

  /** Where a registry answers, nothing is built: the real images are used. */
  private void baseImages() {
    Path work = engine.docker().resolve("build/base");
    if (!engine.has(DEBIAN) && !engine.pulled(DEBIAN)) {
      debianFromPackages(work);
    }
    if (!engine.has(JAVA) && !engine.pulled(JAVA)) {
      javaFromDebian(work.resolve("java"));
    }
  }

  /** {@link #DEBIAN}: mmdebstrap's minbase of Debian 12. */
  private void debianFromPackages(Path work) {
    if (!engine.installed("mmdebstrap")) {
      throw new IllegalStateException("needs mmdebstrap (apt-get install -y mmdebstrap)");
    }
    progress.accept(DEBIAN + " from Debian packages (mmdebstrap)");
    Path tar = work.resolve("debian.tar");
    try {
      Files.createDirectories(work);
      engine.run(Duration.ofMinutes(20), debootstrapCommand(tar));
      engine.engine(
          Duration.ofMinutes(5),
          "import",
          "--quiet",
          "--change",
          "CMD [\"bash\"]",
          tar.toString(),
          DEBIAN);
      Files.delete(tar);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * minbase (essential and required packages only), without documentation, translations or apt's
   * lists, as the official slim image is; bookworm's security updates included.
   */
  static List<String> debootstrapCommand(Path tar) {
    return List.of(
        "mmdebstrap",
        "--quiet",
        "--variant=minbase",
        "--aptopt=APT::Install-Recommends \"false\"",
        "--dpkgopt=path-exclude=/usr/share/doc/*",
        "--dpkgopt=path-exclude=/usr/share/man/*",
        "--dpkgopt=path-exclude=/usr/share/info/*",
        "--dpkgopt=path-exclude=/usr/share/locale/*",
        "--customize-hook=rm -rf \"$1\"/var/lib/apt/lists/* \"$1\"/var/cache/apt/*.bin",
        "bookworm",
        tar.toString(),
        "deb http://deb.debian.org/debian bookworm main",
        "deb http://deb.debian.org/debian bookworm-updates main",
        "deb http://deb.debian.org/debian-security bookworm-security main");
  }

  /**
   * {@link #JAVA}: {@link #DEBIAN} with a Java 25 runtime jlinked from the JDK running this, at
   * /opt/java/openjdk as in the Temurin image.
   */
  private void javaFromDebian(Path work) {
    ToolProvider jlink =
        ToolProvider.findFirst("jlink")
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        System.getProperty("java.home") + " has no jlink: run me with a JDK 25"));
    progress.accept(JAVA + " from " + DEBIAN + " and a runtime jlinked from this JDK");
    try {
      delete(work);
      Files.createDirectories(work);
      StringWriter printed = new StringWriter();
      PrintWriter out = new PrintWriter(printed);
      int status =
          jlink.run(
              out,
              out,
              "--output",
              work.resolve("openjdk").toString(),
              "--add-modules",
              JRE_MODULES,
              "--strip-debug",
              "--no-man-pages",
              "--no-header-files",
              "--compress=zip-6");
      if (status != 0) {
        throw new CommandFailure(List.of("jlink"), "exited with " + status, printed.toString());
      }
      Files.writeString(
          work.resolve("Dockerfile"),
          """
          FROM %s
          COPY openjdk /opt/java/openjdk
          ENV JAVA_HOME=/opt/java/openjdk \
          PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
          """
              .formatted(DEBIAN));
      engine.engine(Duration.ofMinutes(10), "build", "-q", "-t", JAVA, work.toString());
      delete(work);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path directory) throws IOException {
    if (Files.exists(directory)) {
      try (Stream<Path> files = Files.walk(directory)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
  }
}
