package dev.flock.system;

import static dev.flock.system.SiteWalkThrough.fresh;
import static dev.flock.system.SiteWalkThrough.registered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flock.devtools.Ports;
import dev.flock.system.OtlpReceiver.Kind;
import dev.flock.system.OtlpReceiver.ReceivedSpan;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traces, metrics and request logs of the replicated site (two web instances, two backends, three
 * etcd members), as an operator sees them: spans received by a real OTLP receiver, metrics scraped
 * from each instance's Prometheus endpoint, lines read from each instance's log.
 */
class TelemetryIT {

  @RegisterExtension static final FlockSite SITE = FlockSite.onEtcd();

  private static final Duration SPANS_WITHIN = Duration.ofSeconds(15);
  private static final String HOME = "/index.xhtml";

  private final FlockSite.Running site;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  TelemetryIT(FlockSite.Running site) {
    this.site = site;
  }

  @Test
  void aPageIsOneTraceFromTheWebTierThroughTheSessionCheckAndTheBackendDownToEveryEtcdRequest()
      throws Exception {
    String session = signedInFollowingSomeone();
    String traceId = newTraceId();
    String callerSpan = newSpanId();

    assertThat(home(0, session, traceId, callerSpan).statusCode()).isEqualTo(200);

    List<ReceivedSpan> trace =
        site.spans()
            .awaitTrace(
                traceId,
                spans ->
                    any(spans, span -> span.name().startsWith("etcdserverpb."))
                        && any(spans, span -> span.name().equals("GET " + HOME))
                        && any(spans, span -> isSessionCheck(span) && span.kind() == Kind.SERVER)
                        && any(
                            spans,
                            span ->
                                span.name().equals("flock.v1.FeedService/HomeFeed")
                                    && span.kind() == Kind.SERVER),
                SPANS_WITHIN);
    Map<String, ReceivedSpan> byId =
        trace.stream().collect(Collectors.toMap(ReceivedSpan::spanId, Function.identity()));

    ReceivedSpan page = only(trace, span -> span.name().equals("GET " + HOME));
    assertThat(page.kind()).isEqualTo(Kind.SERVER);
    assertThat(page.service()).isEqualTo("flock-web");
    assertThat(page.parentSpanId()).isEqualTo(callerSpan);
    assertThat(page.attributes()).containsEntry("http.route", HOME);

    ReceivedSpan sessionCheck =
        only(trace, span -> isSessionCheck(span) && span.kind() == Kind.SERVER);
    assertThat(sessionCheck.service()).isEqualTo("flock-backend");
    assertThat(byId.get(sessionCheck.parentSpanId()))
        .satisfies(client -> assertThat(client.kind()).isEqualTo(Kind.CLIENT))
        .satisfies(client -> assertThat(client.service()).isEqualTo("flock-web"));
    assertThat(descendsFrom(sessionCheck, page, byId)).isTrue();

    ReceivedSpan feedCall =
        only(
            trace,
            span ->
                span.name().equals("flock.v1.FeedService/HomeFeed") && span.kind() == Kind.CLIENT);
    ReceivedSpan feedServed =
        only(
            trace,
            span ->
                span.name().equals("flock.v1.FeedService/HomeFeed") && span.kind() == Kind.SERVER);
    assertThat(feedCall.service()).isEqualTo("flock-web");
    assertThat(feedCall.attributes()).containsEntry("rpc.grpc.status_code", "0");
    assertThat(descendsFrom(feedCall, page, byId)).isTrue();
    assertThat(feedServed.service()).isEqualTo("flock-backend");
    assertThat(feedServed.parentSpanId()).isEqualTo(feedCall.spanId());

    List<ReceivedSpan> storage =
        trace.stream()
            .filter(span -> span.parentSpanId().equals(feedServed.spanId()))
            .filter(span -> span.name().startsWith("storage "))
            .toList();
    assertThat(storage).extracting(ReceivedSpan::name).contains("storage followedWhileSignedIn");
    List<ReceivedSpan> etcd =
        trace.stream().filter(span -> span.name().startsWith("etcdserverpb.")).toList();
    assertThat(etcd)
        .isNotEmpty()
        .allSatisfy(
            request -> {
              assertThat(request.kind()).isEqualTo(Kind.CLIENT);
              assertThat(byId.get(request.parentSpanId()).name()).startsWith("storage ");
              assertThat(descendsFrom(request, page, byId)).isTrue();
            });
    assertThat(storage.stream().map(ReceivedSpan::spanId))
        .anyMatch(id -> etcd.stream().anyMatch(request -> request.parentSpanId().equals(id)));
  }

  @Test
  void aPagesTraceIdIsInTheWebLogLineAndInTheBackendsLogLines() throws Exception {
    String session = signedInFollowingSomeone();
    String traceId = newTraceId();

    assertThat(home(1, session, traceId, newSpanId()).statusCode()).isEqualTo(200);

    // Web instance 1 of this site logs JSON: one object a line.
    assertThat(linesWith(site.webLog(1), traceId))
        .singleElement()
        .asString()
        .startsWith("{")
        .endsWith("}")
        .contains("\"LoggerName\":\"dev.flock.requests\"")
        .containsPattern(
            "\"LogMessage\":\"page GET "
                + HOME
                + " 200 [0-9.]+ ms trace_id="
                + traceId
                + " span_id=[0-9a-f]{16}\"");
    List<String> backendLines =
        java.util.stream.IntStream.range(0, site.backendCount())
            .mapToObj(index -> linesWith(site.backendLog(index), traceId))
            .flatMap(List::stream)
            .toList();
    assertThat(backendLines)
        .anyMatch(line -> line.contains("http GET /api/v1/session 200 "))
        .anyMatch(line -> line.contains("rpc flock.v1.FeedService/HomeFeed OK "));
  }

  @Test
  void everyFeedPageCountsOnceInTheWebTiersPageHistogram() throws Exception {
    String session = signedInFollowingSomeone();
    String homeOk =
        "flock_page=\"" + HOME + "\",http_request_method=\"GET\",http_response_status_code=\"200\"";
    Map<String, Double> before = scrape(site.webMetrics(0));

    int pages = 7;
    for (int i = 0; i < pages; i++) {
      assertThat(home(0, session, newTraceId(), newSpanId()).statusCode()).isEqualTo(200);
    }

    Map<String, Double> after = scrape(site.webMetrics(0));
    assertThat(delta(before, after, "flock_page_duration_seconds_count", homeOk)).isEqualTo(pages);
    assertThat(delta(before, after, "flock_page_duration_seconds_bucket", homeOk, "le=\"+Inf\""))
        .isEqualTo(pages);
    assertThat(delta(before, after, "flock_page_duration_seconds_sum", homeOk)).isPositive();
    assertThat(
            delta(
                before, after, "rpc_client_call_duration_seconds_count", "rpc_method=\"HomeFeed\""))
        .isEqualTo(pages);
    assertThat(delta(before, after, "flock_session_checks_total", "flock_outcome=\"signed_in\""))
        .isEqualTo(pages);
    assertThat(after.keySet()).anyMatch(series -> series.startsWith("jvm_memory_used_bytes"));

    // Either backend may have served the pages (round robin, and one may be newly restarted).
    java.util.Set<String> backendSeries = new java.util.HashSet<>();
    for (int index = 0; index < site.backendCount(); index++) {
      backendSeries.addAll(scrape(site.backendMetrics(index)).keySet());
    }
    assertThat(backendSeries)
        .anyMatch(series -> series.startsWith("rpc_server_call_duration_seconds_count"))
        .anyMatch(series -> series.startsWith("flock_storage_duration_seconds_count"))
        .anyMatch(
            series ->
                series.startsWith("rpc_client_call_duration_seconds_count")
                    && series.contains("rpc_service=\"etcdserverpb.KV\""))
        .anyMatch(series -> series.startsWith("flock_feed_authors_count"));
  }

  @Test
  void aPageThatDoesNotExistCountsAsUnknownSoURLsCannotFloodTheMetrics() throws Exception {
    String made = fresh("nope");
    Map<String, Double> before = scrape(site.webMetrics(0));

    for (String path : List.of("/" + made + ".xhtml", "/errors/" + made + ".xhtml")) {
      http.send(
          HttpRequest.newBuilder(site.web(0).resolve(path)).build(),
          HttpResponse.BodyHandlers.discarding());
    }

    Map<String, Double> after = scrape(site.webMetrics(0));
    assertThat(after.keySet()).noneMatch(series -> series.contains(made));
    assertThat(
            delta(
                before,
                after,
                "flock_page_duration_seconds_count",
                "flock_page=\"unknown\"",
                "http_response_status_code=\"404\""))
        .isEqualTo(2);
  }

  @Test
  void backendsThatAreDownShowAsFailedPagesAndSessionChecks() throws Exception {
    String session = signedInFollowingSomeone();
    Map<String, Double> before = scrape(site.webMetrics(0));

    site.stopBackends();
    try {
      assertThat(home(0, session, newTraceId(), newSpanId()).statusCode()).isEqualTo(503);
    } finally {
      site.startBackends();
    }

    Map<String, Double> after = scrape(site.webMetrics(0));
    assertThat(
            delta(
                before,
                after,
                "flock_page_duration_seconds_count",
                "flock_page=\"" + HOME + "\"",
                "http_response_status_code=\"503\""))
        .isEqualTo(1);
    assertThat(delta(before, after, "flock_session_checks_total", "flock_outcome=\"unavailable\""))
        .isEqualTo(1);
  }

  @Test
  void debiansPrometheusScrapesEveryInstance(@TempDir Path work) throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/prometheus")),
        "Debian's prometheus is not installed (./flock test installs it as root)");
    String session = signedInFollowingSomeone();
    assertThat(home(0, session, newTraceId(), newSpanId()).statusCode()).isEqualTo(200);
    List<URI> targets = new java.util.ArrayList<>();
    for (int index = 0; index < 2; index++) {
      targets.add(site.webMetrics(index));
    }
    for (int index = 0; index < site.backendCount(); index++) {
      targets.add(site.backendMetrics(index));
    }
    Files.writeString(
        work.resolve("prometheus.yml"),
        """
        global:
          scrape_interval: 1s
        scrape_configs:
          - job_name: flock
            static_configs:
              - targets: [%s]
        """
            .formatted(
                targets.stream()
                    .map(target -> "'" + target.getAuthority() + "'")
                    .collect(Collectors.joining(", "))));
    int port = Ports.free();
    Process prometheus =
        new ProcessBuilder(
                "/usr/bin/prometheus",
                "--config.file=" + work.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + work.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("prometheus.log").toFile())
            .start();
    try {
      URI api = URI.create("http://127.0.0.1:" + port + "/api/v1/");
      String pages = awaitQuery(api, "sum by (instance) (flock_page_duration_seconds_count)", 2);
      assertThat(pages).contains(site.webMetrics(0).getAuthority());
      String rpcs =
          awaitQuery(api, "sum by (instance) (rpc_server_call_duration_seconds_count)", 1);
      assertThat(rpcs).contains("\"value\"");
      String targetsUp = awaitQuery(api, "up == 1", targets.size());
      for (URI target : targets) {
        assertThat(targetsUp).contains(target.getAuthority());
      }
    } finally {
      prometheus.destroy();
      prometheus.waitFor();
    }
  }

  /** The answer to {@code query} once it has at least {@code series} series (within 30 s). */
  private String awaitQuery(URI api, String query, int series) throws Exception {
    String body = "";
    for (int attempt = 0; attempt < 60; attempt++) {
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(
                        api.resolve(
                            "query?query="
                                + java.net.URLEncoder.encode(
                                    query, java.nio.charset.StandardCharsets.UTF_8)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        body = response.body();
        if (response.statusCode() == 200 && body.split("\"metric\"", -1).length - 1 >= series) {
          return body;
        }
      } catch (IOException notUpYet) {
        body = notUpYet.toString();
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "Prometheus never answered " + query + " with " + series + " series: " + body);
  }

  private String signedInFollowingSomeone() {
    String author = fresh("author");
    registered(author, site.web(0));
    Browser reader = registered(fresh("reader"), site.web(0));
    Browser.Page profile = reader.open("/users/" + author);
    assertThat(profile.status()).isEqualTo(200);
    assertThat(reader.submit("follow", "follow", Map.of()).text()).contains("You follow them now");
    return reader.cookie("flock_session");
  }

  /** The home page on web instance {@code web}, as part of the caller's trace. */
  private HttpResponse<String> home(int web, String session, String traceId, String parentSpanId)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(site.web(web).resolve("/"))
            .header("Cookie", "flock_session=" + session)
            .header("traceparent", "00-" + traceId + "-" + parentSpanId + "-01")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static boolean isSessionCheck(ReceivedSpan span) {
    return span.service().equals("flock-backend")
        && span.attributes().getOrDefault("url.path", "").equals("/api/v1/session");
  }

  private static boolean descendsFrom(
      ReceivedSpan span, ReceivedSpan ancestor, Map<String, ReceivedSpan> byId) {
    for (ReceivedSpan at = span; at != null; at = byId.get(at.parentSpanId())) {
      if (at.spanId().equals(ancestor.spanId())) {
        return true;
      }
    }
    return false;
  }

  private static boolean any(List<ReceivedSpan> spans, Predicate<ReceivedSpan> test) {
    return spans.stream().anyMatch(test);
  }

  private static ReceivedSpan only(List<ReceivedSpan> spans, Predicate<ReceivedSpan> test) {
    List<ReceivedSpan> matching = spans.stream().filter(test).toList();
    assertThat(matching).as("spans of the trace: %s", spans).hasSize(1);
    return matching.getFirst();
  }

  private static List<String> linesWith(Path log, String text) {
    try {
      return Files.readAllLines(log).stream().filter(line -> line.contains(text)).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{.*\\})?) (\\S+)$");

  /** Every sample of a Prometheus text page: series (name and labels as written) to value. */
  private Map<String, Double> scrape(URI metrics) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    return response
        .body()
        .lines()
        .filter(line -> !line.startsWith("#"))
        .map(SAMPLE::matcher)
        .filter(Matcher::matches)
        .collect(
            Collectors.toMap(m -> m.group(1), m -> Double.parseDouble(m.group(2)), Double::sum));
  }

  /**
   * The change of the sum of the series named {@code name} whose labels contain all of {@code
   * labels}.
   */
  private static double delta(
      Map<String, Double> before, Map<String, Double> after, String name, String... labels) {
    return sum(after, name, labels) - sum(before, name, labels);
  }

  private static double sum(Map<String, Double> samples, String name, String... labels) {
    return samples.entrySet().stream()
        .filter(sample -> sample.getKey().startsWith(name + "{") || sample.getKey().equals(name))
        .filter(sample -> java.util.Arrays.stream(labels).allMatch(sample.getKey()::contains))
        .mapToDouble(Map.Entry::getValue)
        .sum();
  }

  private static String newTraceId() {
    return HexFormat.of().formatHex(randomBytes(16));
  }

  private static String newSpanId() {
    return HexFormat.of().formatHex(randomBytes(8));
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
