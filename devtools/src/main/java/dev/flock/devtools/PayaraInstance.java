package dev.flock.devtools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One Payara Micro JVM serving one WAR at the root context: how {@code ./flock run}, the bench and
 * the system tests all start Flock. Its command line, then its console, go to a log file; its
 * system properties go to a file beside the log ({@code --systemproperties}), so no setting shows
 * on a command line.
 *
 * <p>The JVM runs in a session of its own ({@code setsid}), so a Ctrl-C in the terminal reaches
 * only the launcher, which then stops its instances in order.
 */
public final class PayaraInstance implements AutoCloseable {

  /**
   * Payara Micro stays up and answers 404 when a deployment fails: a boot that has finished this
   * long ago while the server still answers 404 counts as a failed deployment. Any other answer is
   * the application's (e.g. 503 while it waits for a backend), and no answer a busy machine's.
   */
  private static final Duration DEPLOYED_WITHIN = Duration.ofSeconds(30);

  /**
   * Payara Micro's server start-up (until "startup time") writes a line every second or so, yet on
   * rare boots it stops part-way for good (seen on CI: nothing for minutes after "Loading policy
   * provider" or the JACC lines). A console this silent before the server has started is such a
   * stall: the JVM's threads are dumped to its log, and it is started again, once.
   */
  private static final Duration BOOT_SILENCE = Duration.ofSeconds(60);

  private static final Pattern SERVER_STARTED = Pattern.compile("Payara Micro .* startup time");
  private static final Pattern BOOTED = Pattern.compile("Payara Micro .* ready in");
  private static final String DEPLOYMENT_FAILED = "Exception while loading the app";

  private final String name;
  private final int httpPort;
  private final Path log;
  private final List<String> command;
  private final Map<String, String> environment;
  private final Duration bootSilence;
  private Process process;

  /** Where the current JVM's console begins in the log (a restart appends to it). */
  private long consoleStart;

  private PayaraInstance(Builder launch, List<String> command) {
    this.name = launch.name;
    this.httpPort = launch.httpPort;
    this.log = launch.log;
    this.command = command;
    this.environment = Map.copyOf(launch.environment);
    this.bootSilence = launch.bootSilence;
  }

  /**
   * How to start an instance of {@code war} on {@code httpPort}, with the boot and logging files of
   * {@code config} (payara-config: {@code post-boot.asadmin}, {@code <war>.pre-boot.asadmin},
   * {@code logging.properties}).
   */
  public static Builder builder(String name, Path payaraJar, Path config, Path war, int httpPort) {
    return new Builder(name, payaraJar, config, war, httpPort);
  }

  /** The settings of one instance; {@link #start} launches it. */
  public static final class Builder {
    private final String name;
    private final Path payaraJar;
    private final Path config;
    private final Path war;
    private final int httpPort;
    private final List<String> jvmOptions = new ArrayList<>();
    private final Map<String, String> systemProperties = new LinkedHashMap<>();
    private final List<String> payaraArguments = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Path log;
    private Path propertiesFile;
    private Path postBoot;
    private String logging = "logging.properties";
    private Duration bootSilence = BOOT_SILENCE;

    private Builder(String name, Path payaraJar, Path config, Path war, int httpPort) {
      this.name = name;
      this.payaraJar = payaraJar;
      this.config = config;
      this.war = war;
      this.httpPort = httpPort;
      this.log = Path.of("target", "payara-logs", name + ".log");
      this.postBoot = config.resolve("post-boot.asadmin");
    }

    /** JVM options, in order: a later {@code -Xmx} wins over an earlier one. */
    public Builder jvmOptions(List<String> options) {
      jvmOptions.addAll(options);
      return this;
    }

    /** The JVM options of a file: one per line, blank lines and {@code #} comments ignored. */
    public Builder jvmOptionsFile(Path file) {
      try {
        return jvmOptions(
            Files.readAllLines(file).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList());
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read JVM options " + file, e);
      }
    }

    /** System properties (MicroProfile Config reads them); a later value of a key wins. */
    public Builder systemProperties(Map<String, String> properties) {
      systemProperties.putAll(properties);
      return this;
    }

    /** The properties of a file ({@code java.util.Properties} format), before any given later. */
    public Builder systemPropertiesFile(Path file) {
      java.util.Properties values = new java.util.Properties();
      try (var in = Files.newBufferedReader(file)) {
        values.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read system properties " + file, e);
      }
      values.stringPropertyNames().stream()
          .sorted()
          .forEach(key -> systemProperties.put(key, values.getProperty(key)));
      return this;
    }

    /** Arguments of Payara Micro after Flock's own, e.g. {@code --sslport}. */
    public Builder payaraArguments(List<String> arguments) {
      payaraArguments.addAll(arguments);
      return this;
    }

    /** Variables added to the launcher's environment, e.g. {@code MALLOC_ARENA_MAX}. */
    public Builder environment(Map<String, String> variables) {
      environment.putAll(variables);
      return this;
    }

    /** The console log; its directory also holds the instance's properties file. */
    public Builder log(Path file) {
      this.log = file;
      return this;
    }

    /** Where the system properties are written (default: beside the log). */
    public Builder propertiesFile(Path file) {
      this.propertiesFile = file;
      return this;
    }

    /** The asadmin commands run after boot (default: payara-config's post-boot.asadmin). */
    public Builder postBoot(Path file) {
      this.postBoot = file;
      return this;
    }

    /** A logging file of payara-config: logging.properties, or logging-json.properties. */
    public Builder logging(String file) {
      this.logging = file;
      return this;
    }

    /** How long a console may stay silent before the server has started (default 60 s). */
    Builder bootSilence(Duration silence) {
      this.bootSilence = silence;
      return this;
    }

    /** Launches the JVM and returns at once; {@link #awaitReady} tells when it serves. */
    public PayaraInstance start() {
      Path properties =
          propertiesFile != null ? propertiesFile : log.resolveSibling(name + ".properties");
      List<String> line = new ArrayList<>();
      // --wait: should setsid have to fork, it still stands for the JVM until that exits
      line.addAll(List.of("setsid", "--wait"));
      line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      line.addAll(jvmOptions);
      line.addAll(
          List.of(
              "-jar",
              payaraJar.toString(),
              // no data grid: nothing is shared between instances and no cluster port is opened
              // (~3 s faster and ~30 MB smaller than --nocluster)
              "--nohazelcast",
              "--disablephonehome",
              "--name",
              name,
              "--port",
              Integer.toString(httpPort),
              "--contextroot",
              "/",
              "--deploy",
              war.toString(),
              "--systemproperties",
              properties.toString(),
              "--logproperties",
              config.resolve(logging).toString(),
              "--postbootcommandfile",
              postBoot.toString()));
      Path preBoot =
          config.resolve(war.getFileName().toString().replaceFirst("\\.war$", ".pre-boot.asadmin"));
      if (Files.exists(preBoot)) {
        line.addAll(List.of("--prebootcommandfile", preBoot.toString()));
      }
      line.addAll(payaraArguments);
      try {
        Files.createDirectories(log.toAbsolutePath().getParent());
        Files.createDirectories(properties.toAbsolutePath().getParent());
        Files.writeString(
            properties,
            systemProperties.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().replace("\\", "\\\\"))
                .collect(Collectors.joining("\n", "", "\n")));
        Files.writeString(log, String.join(" ", line) + "\n\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      PayaraInstance instance = new PayaraInstance(this, List.copyOf(line));
      instance.launch();
      return instance;
    }
  }

  private synchronized void launch() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is running");
    }
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    try {
      consoleStart = Files.size(log);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot launch Payara Micro for " + name, e);
    }
  }

  /** Starts the JVM again after it stopped, with the same port and settings. */
  public void restart() {
    launch();
  }

  /**
   * Waits until {@code path} answers {@code status}: the application, not just the server, is up.
   *
   * @throws LaunchFailure when the JVM exits, the deployment fails or the time runs out
   */
  public void awaitReady(String path, int status, Duration timeout) {
    URI url = url(path);
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    Instant started = Instant.now();
    Optional<Instant> bootedAt = Optional.empty();
    String answer = "nothing";
    int consoleLength = 0;
    Instant consoleGrew = started;
    boolean restarted = false;
    while (true) {
      Process current = process();
      if (!current.isAlive()) {
        throw new LaunchFailure(name, "the JVM exited (status " + current.exitValue() + ")");
      }
      Optional<Integer> code = probe(http, url);
      if (code.isPresent() && code.get() == status) {
        return;
      }
      answer = code.map(String::valueOf).orElse("nothing");
      String console = console();
      if (console.contains(DEPLOYMENT_FAILED)) {
        throw new LaunchFailure(name, "the deployment of the application failed");
      }
      if (console.length() != consoleLength) {
        consoleLength = console.length();
        consoleGrew = Instant.now();
      } else if (consoleGrew.plus(bootSilence).isBefore(Instant.now())
          && !SERVER_STARTED.matcher(console).find()) {
        dumpThreads();
        if (restarted) {
          throw new LaunchFailure(
              name,
              "Payara Micro stalled during boot twice (no output for "
                  + bootSilence.toSeconds()
                  + " s); its threads are in the log");
        }
        System.err.printf(
            "flock: %s stalled during boot (no output for %d s); its threads are in %s;"
                + " starting it again%n",
            name, bootSilence.toSeconds(), log);
        kill();
        launch();
        restarted = true;
        started = Instant.now();
        consoleLength = 0;
        consoleGrew = started;
        continue;
      }
      if (bootedAt.isEmpty() && BOOTED.matcher(console).find()) {
        bootedAt = Optional.of(Instant.now());
      }
      boolean noApplication = code.isPresent() && code.get() == 404;
      if (noApplication
          && bootedAt.isPresent()
          && bootedAt.get().plus(DEPLOYED_WITHIN).isBefore(Instant.now())) {
        throw new LaunchFailure(
            name,
            "Payara Micro booted but "
                + url
                + " answers "
                + answer
                + ", not "
                + status
                + ": the deployment failed");
      }
      if (started.plus(timeout).isBefore(Instant.now())) {
        throw new LaunchFailure(
            name,
            "not ready after "
                + timeout.toSeconds()
                + " s ("
                + url
                + " answers "
                + answer
                + ", expected "
                + status
                + ")");
      }
      pause(Duration.ofMillis(500));
    }
  }

  private static Optional<Integer> probe(HttpClient http, URI url) {
    try {
      // a hard bound on each probe: a server still booting may accept and never answer
      return Optional.of(
          http.sendAsync(
                  HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build(),
                  HttpResponse.BodyHandlers.discarding())
              .get(3, TimeUnit.SECONDS)
              .statusCode());
    } catch (ExecutionException | TimeoutException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Asks the JVM for a thread dump (SIGQUIT), which it writes to its console: the log. */
  private void dumpThreads() {
    Process current = process();
    Stream.concat(Stream.of(current.toHandle()), current.descendants())
        .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
        .forEach(
            jvm -> {
              try {
                new ProcessBuilder("kill", "-QUIT", Long.toString(jvm.pid()))
                    .inheritIO()
                    .start()
                    .waitFor(5, TimeUnit.SECONDS);
              } catch (IOException e) {
                // no kill command: the restart goes on without a dump
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    pause(Duration.ofSeconds(2));
  }

  /** Why an instance did not come up, with what its log says. */
  public static final class LaunchFailure extends RuntimeException {
    private final String instance;

    LaunchFailure(String instance, String reason) {
      super(reason);
      this.instance = instance;
    }

    /** The instance's name. */
    public String instance() {
      return instance;
    }
  }

  /**
   * What to show when the instance failed: its first errors ({@code [SEVERE]} with two lines after
   * each, at most three) and the last 25 lines of its log, each indented.
   */
  public String failureReport() {
    List<String> lines = console().lines().map(l -> "    " + cut(l)).toList();
    StringBuilder report = new StringBuilder();
    List<Integer> severe = new ArrayList<>();
    for (int i = 0; i < lines.size() && severe.size() < 3; i++) {
      if (lines.get(i).contains("[SEVERE]")) {
        severe.add(i);
      }
    }
    if (!severe.isEmpty()) {
      report.append("first errors in ").append(log).append(":\n");
      for (int i : severe) {
        lines.subList(i, Math.min(lines.size(), i + 3)).forEach(l -> report.append(l).append('\n'));
      }
    }
    report.append("last lines of ").append(log).append(":\n");
    lines
        .subList(Math.max(0, lines.size() - 25), lines.size())
        .forEach(l -> report.append(l).append('\n'));
    return report.toString();
  }

  private static String cut(String line) {
    return line.length() <= 400 ? line : line.substring(0, 400);
  }

  /** What the current JVM has written to the log so far. */
  private String console() {
    try (var in = Files.newInputStream(log)) {
      in.skipNBytes(Math.min(consoleStart(), Files.size(log)));
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "";
    }
  }

  private synchronized long consoleStart() {
    return consoleStart;
  }

  public String name() {
    return name;
  }

  public URI url(String path) {
    return URI.create("http://localhost:" + httpPort + path);
  }

  public int httpPort() {
    return httpPort;
  }

  public Path log() {
    return log;
  }

  public long pid() {
    return process().pid();
  }

  public boolean isAlive() {
    return process().isAlive();
  }

  /** Completes when the current JVM exits. */
  public java.util.concurrent.CompletableFuture<Process> onExit() {
    return process().onExit();
  }

  private synchronized Process process() {
    return process;
  }

  /** Sends SIGTERM (the instance drains, then stops) and returns at once. */
  public ProcessHandle terminate() {
    Process current = process();
    current.destroy();
    return current.toHandle();
  }

  /** SIGKILL, as a crash would: no drain, no shutdown hooks. */
  public void kill() {
    Process current = process();
    current.destroyForcibly();
    waitFor(current, Duration.ofSeconds(10));
  }

  /**
   * Stops the JVM: SIGTERM, then SIGKILL if it has not exited within {@code grace}.
   *
   * @return true when it stopped by itself within the grace time
   */
  public boolean stop(Duration grace) {
    Process current = process();
    if (!current.isAlive()) {
      return true;
    }
    current.destroy();
    if (waitFor(current, grace)) {
      return true;
    }
    current.descendants().forEach(ProcessHandle::destroyForcibly);
    current.destroyForcibly();
    waitFor(current, Duration.ofSeconds(10));
    return false;
  }

  /** Stops within 20 s (SIGKILL after that). */
  @Override
  public void close() {
    stop(Duration.ofSeconds(20));
  }

  private static boolean waitFor(Process process, Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return false;
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
