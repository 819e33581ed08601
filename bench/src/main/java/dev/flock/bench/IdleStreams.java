package dev.flock.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * What open live feeds cost while nothing happens: {@code streams --storage memory --streams 1000
 * --users 50 --idle 60s}. Starts the site as {@code ./flock bench} does, loads shape S, signs users
 * in through the login form, and measures each tier (heap after a full GC, resident memory,
 * threads, and CPU over {@code --idle}) first with no stream, then with {@code --streams} open
 * {@code /live/home} streams spread over the users: the difference is what the streams cost. Run
 * from the repository's root.
 */
final class IdleStreams {

  private IdleStreams() {}

  /** One tier's figures at one moment, and its CPU over the idle time before. */
  private record Figures(long heapKb, long rssKb, long threads, double cpuPercent) {}

  static int run(Options options) throws Exception {
    String storage = options.get("storage", "memory");
    String shape = options.get("shape", "S");
    int streams = options.integer("streams", 1000);
    int users = options.integer("users", 50);
    Duration idle = options.duration("idle", "60s");
    Path root = Path.of("").toAbsolutePath();
    Path work = root.resolve("bench/target/streams");
    try (Site site = new Site(Site.Settings.of(root, System.getenv(), shape, false), work)) {
      site.start(storage, Optional.empty());
      DataSet.load(Options.parse(new String[] {"--target", site.grpcTarget(), "--shape", shape}));
      HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
      List<String> tokens = new ArrayList<>();
      for (int i = 0; i < users; i++) {
        tokens.add(WebSessions.signIn(http, site.webUrl(), Shape.of(shape).user(i)).split(" ")[1]);
      }
      Map<String, Long> tiers = site.jvmPids();
      Console.say("%s: no stream open; measuring for %s", storage, idle);
      Map<String, Figures> before = measure(tiers, idle);
      ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();
      // HTTP/1.1, one connection per stream, as an EventSource without HTTP/2 (the JDK client would
      // otherwise upgrade to h2c and share one connection, 100 streams at most)
      HttpClient streamsClient =
          HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      try {
        // one after another, as browsers arrive: the time to open one is not what is measured
        int open = 0;
        Map<String, Integer> refused = new java.util.TreeMap<>();
        for (int i = 0; i < streams; i++) {
          try {
            HttpResponse<Stream<String>> response =
                streamsClient
                    .sendAsync(
                        HttpRequest.newBuilder(URI.create(site.webUrl() + "/live/home"))
                            .header("Accept", "text/event-stream")
                            .header("Cookie", "flock_session=" + tokens.get(i % users))
                            .build(),
                        HttpResponse.BodyHandlers.ofLines())
                    .get(30, TimeUnit.SECONDS);
            if (response.statusCode() == 200) {
              open++;
              readers.submit(() -> response.body().forEach(line -> {}));
            } else {
              refused.merge("HTTP " + response.statusCode(), 1, Integer::sum);
              response.body().close();
            }
          } catch (ExecutionException | TimeoutException e) {
            refused.merge(e.toString(), 1, Integer::sum);
          }
        }
        if (!refused.isEmpty()) {
          Console.say("%s: streams not opened: %s", storage, refused);
        }
        Console.say("%s: %d of %d streams open; measuring for %s", storage, open, streams, idle);
        Map<String, Figures> after = measure(tiers, idle);
        System.out.printf(
            "%-8s %-7s %7s %12s %12s %12s %9s %9s%n",
            "storage", "tier", "streams", "heap MB", "rss MB", "threads", "cpu %", "KB/stream");
        for (String tier : tiers.keySet()) {
          Figures none = before.get(tier);
          Figures some = after.get(tier);
          System.out.printf(
              "%-8s %-7s %7d %5d → %-5d %5d → %-5d %5d → %-5d %3.1f → %-3.1f %9.1f%n",
              storage,
              tier,
              open,
              ProcessSample.megabytes(none.heapKb()),
              ProcessSample.megabytes(some.heapKb()),
              ProcessSample.megabytes(none.rssKb()),
              ProcessSample.megabytes(some.rssKb()),
              none.threads(),
              some.threads(),
              none.cpuPercent(),
              some.cpuPercent(),
              open == 0 ? 0.0 : (some.heapKb() - none.heapKb()) / (double) open);
        }
      } finally {
        streamsClient.shutdownNow();
        readers.shutdownNow();
      }
    }
    return 0;
  }

  /** Each tier's CPU over {@code idle}, then its heap after a full GC, resident memory, threads. */
  private static Map<String, Figures> measure(Map<String, Long> tiers, Duration idle)
      throws IOException, InterruptedException {
    Map<String, Double> cpuBefore = new java.util.HashMap<>();
    tiers.forEach((tier, pid) -> cpuBefore.put(tier, ProcessSample.cpuSeconds(pid)));
    Thread.sleep(idle.toMillis());
    Map<String, Figures> figures = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, Long> tier : tiers.entrySet()) {
      long pid = tier.getValue();
      double cpu =
          100 * (ProcessSample.cpuSeconds(pid) - cpuBefore.get(tier.getKey())) / idle.toSeconds();
      figures.put(
          tier.getKey(),
          new Figures(
              heapAfterFullGcKb(pid),
              ProcessSample.statusKb(pid, "VmRSS"),
              ProcessSample.statusKb(pid, "Threads"),
              cpu));
    }
    return figures;
  }

  /** The heap in use after {@code jcmd GC.run}: what live objects hold, in kB (jstat -gc). */
  private static long heapAfterFullGcKb(long pid) throws IOException, InterruptedException {
    Path bin = Path.of(System.getProperty("java.home"), "bin");
    new ProcessBuilder(bin.resolve("jcmd").toString(), Long.toString(pid), "GC.run")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start()
        .waitFor();
    Process jstat =
        new ProcessBuilder(bin.resolve("jstat").toString(), "-gc", Long.toString(pid))
            .redirectErrorStream(true)
            .start();
    List<String> lines = new String(jstat.getInputStream().readAllBytes()).lines().toList();
    jstat.waitFor();
    List<String> names = List.of(lines.get(0).trim().split("\\s+"));
    String[] values = lines.get(1).trim().split("\\s+");
    double used = 0;
    for (String column : List.of("S0U", "S1U", "EU", "OU")) {
      used += Double.parseDouble(values[names.indexOf(column)]);
    }
    return Math.round(used);
  }
}
