package dev.flock.system;

import static dev.flock.system.ComposeTopology.container;
import static dev.flock.system.SiteWalkThrough.fresh;
import static dev.flock.system.SiteWalkThrough.postsOn;
import static dev.flock.system.SiteWalkThrough.registered;
import static dev.flock.system.SiteWalkThrough.signedInAs;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deployment users get from docker/: the images, docker/compose.yaml (etcd x3, backend x2, web
 * x2, HAProxy) started by podman, and what it is for: any instance may die or be restarted and the
 * site, seen through the load balancer, goes on. Prints the gaps it measures ("containers: ...").
 */
class ComposeTopologyIT {

  private static ComposeTopology topology;

  @BeforeAll
  static void start() {
    topology = ComposeTopology.start();
  }

  @AfterAll
  static void stop() {
    if (topology != null) {
      topology.close();
    }
  }

  /** Each test starts with every container running and ready, whatever the one before killed. */
  @BeforeEach
  void everythingRunning() {
    topology.awaitHealthy();
  }

  @Test
  void theWalkThroughWorksThroughTheLoadBalancer() {
    SiteWalkThrough.followPostReadUnfollow(topology.site(), topology.site());
  }

  @Test
  void killingAWebInTheMiddleOfASessionTheSameCookieKeepsWorking() {
    String wendy = fresh("wendy");
    Browser browser = registered(wendy, topology.site());
    assertThat(signedInAs(browser.open("/"))).isEqualTo(wendy);

    topology.engine().kill(container("web", 1));
    Pages pages = Pages.load(browser, 20);

    assertThat(pages.statuses()).as("pages after the kill").containsOnly(200);
    assertThat(pages.users()).containsOnly(wendy);
    System.out.printf("containers: killed web, longest page after %d ms%n", pages.longestMs());
  }

  @Test
  void killingABackendPagesKeepWorking() {
    String bea = fresh("bea");
    Browser browser = registered(bea, topology.site());

    topology.engine().kill(container("backend", 1));
    Pages pages = Pages.load(browser, 20);

    assertThat(pages.statuses()).as("pages after the kill").containsOnly(200);
    assertThat(pages.users()).containsOnly(bea);
    System.out.printf("containers: killed backend, longest page after %d ms%n", pages.longestMs());
  }

  @Test
  void killingTheEtcdLeaderWritesContinueAndNoAcknowledgedWriteIsLost() {
    String writer = fresh("writer");
    Browser browser = registered(writer, topology.site());
    String leader = etcdLeader();

    List<String> acknowledged = new ArrayList<>();
    int failed = 0;
    int acknowledgedAfterKill = 0;
    long killedAt = 0;
    long lastAckAt = System.nanoTime();
    long longestGap = 0;
    for (int i = 0; i < 60; i++) {
      if (i == 15) {
        topology.engine().kill(leader);
        killedAt = System.nanoTime();
      }
      String text = "post " + i + " by " + writer;
      // during the election the page with the form may be a 503 too: a write that did not happen
      Browser.Page page = browser.open("/");
      if (page.status() == 200) {
        page = browser.submit("compose", "submit", Map.of("text", text));
      }
      long now = System.nanoTime();
      if (page.status() == 200 && page.text().contains("Your post is published.")) {
        acknowledged.add(text);
        longestGap = Math.max(longestGap, now - lastAckAt);
        lastAckAt = now;
        acknowledgedAfterKill += killedAt > 0 ? 1 : 0;
      } else {
        failed++;
      }
    }
    topology.awaitHealthy();

    assertThat(acknowledgedAfterKill).as("writes acknowledged after the kill").isGreaterThan(30);
    assertThat(postsOf(browser, writer)).containsAll(acknowledged);
    System.out.printf(
        "containers: killed etcd leader %s, %d posts acknowledged, %d failed, longest gap"
            + " between acknowledged posts %d ms%n",
        leader, acknowledged.size(), failed, TimeUnit.NANOSECONDS.toMillis(longestGap));
  }

  @Test
  void aRollingRestartOfBothTiersUnderLoadFailsNoRequest() throws Exception {
    String reader = fresh("reader");
    Browser browser = registered(reader, topology.site());
    Path script = Files.createTempFile("feed", ".lua");
    // A light, bounded load: 4 connections, each waiting 25 ms between its requests.
    Files.writeString(
        script,
        """
        wrk.headers["Cookie"] = "flock_session=%s"
        function delay() return 25 end
        -- each status other than a success, counted by each thread and printed at the end
        local threads = {}
        function setup(thread) table.insert(threads, thread) end
        function init(args) failures = {} end
        function response(status, headers, body)
          if status >= 300 then failures[status] = (failures[status] or 0) + 1 end
        end
        function done(summary, latency, requests)
          for _, thread in ipairs(threads) do
            for status, count in pairs(thread:get("failures")) do
              io.write(string.format("status %%d: %%d times\\n", status, count))
            end
          end
        end
        """
            .formatted(browser.cookie("flock_session")));
    Process wrk =
        new ProcessBuilder(
                "wrk",
                "-t2",
                "-c4",
                "-d15m",
                "--timeout",
                "10s",
                "-s",
                script.toString(),
                topology.site().resolve("/").toString())
            .redirectErrorStream(true)
            .start();
    try {
      for (String instance :
          List.of(
              container("web", 1),
              container("web", 2),
              container("backend", 1),
              container("backend", 2))) {
        topology.engine().stop(instance);
        topology.engine().start(instance);
        topology.awaitHealthy();
        // what an orchestrator's minimum ready time is for: the load balancer (a check every
        // second) and the webs (a reconnect at least every 2 s) take the instance back first
        ComposeTopology.sleep(Duration.ofSeconds(3));
      }
      ComposeTopology.sleep(Duration.ofSeconds(2));
    } finally {
      new ProcessBuilder("kill", "-INT", Long.toString(wrk.pid())).start().waitFor();
    }
    assertThat(wrk.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String report = new String(wrk.getInputStream().readAllBytes());
    System.out.println("containers: rolling restart under load:\n" + report);
    Matcher requests = Pattern.compile("(\\d+) requests in").matcher(report);
    assertThat(requests.find()).as(report).isTrue();
    assertThat(Long.parseLong(requests.group(1))).as("requests served").isGreaterThan(1000);
    assertThat(report)
        .as(
            () ->
                "the failed requests, as the load balancer and the webs logged them:\n"
                    + failedRequestsLogged())
        .doesNotContain("Non-2xx")
        .doesNotContain("Socket errors");
  }

  /**
   * What the load balancer logged (HAProxy's httplog, of the requests that failed or were sent
   * again: the instance, its timings, the status and how the session ended), and the webs' log
   * lines of pages they failed (their health checks aside: draining answers them 503).
   */
  private static String failedRequestsLogged() {
    Pattern balancerFailed =
        Pattern.compile("[-+\\d]+/[-+\\d]+/[-+\\d]+/[-+\\d]+/[-+\\d]+ \\d{3} ");
    Pattern pageFailed = Pattern.compile("page \\w+ /\\S+ [45]\\d\\d ");
    StringBuilder logged = new StringBuilder();
    for (String container : List.of(container("lb", 1), container("web", 1), container("web", 2))) {
      topology
          .engine()
          .run(
              Duration.ofSeconds(30),
              List.of("sh", "-c", topology.engine().name() + " logs " + container + " 2>&1"))
          .lines()
          .filter(line -> balancerFailed.matcher(line).find() || pageFailed.matcher(line).find())
          .limit(50)
          .forEach(line -> logged.append(container).append(": ").append(line).append('\n'));
    }
    return logged.toString();
  }

  @Test
  void aBackendRefusesClientsWithoutACertificateOfTheDeployment() throws Exception {
    MutualTlsChecks.backendRefusesStrangers(
        topology.engine().address(container("backend", 1)),
        9090,
        8443,
        topology.certificates(),
        "etcd");
  }

  /** The container of the etcd member that leads, as etcd itself reports it. */
  private static String etcdLeader() {
    String status =
        topology
            .engine()
            .exec(
                topology.etcdMembers().get(0),
                "etcdctl",
                "--endpoints=http://etcd1:2379,http://etcd2:2379,http://etcd3:2379",
                "endpoint",
                "status",
                "-w",
                "json");
    Matcher member =
        Pattern.compile(
                "\"Endpoint\":\"http://(etcd\\d):2379\",\"Status\":\\{\"header\":\\{"
                    + "\"cluster_id\":\\d+,\"member_id\":(\\d+).*?\"leader\":(\\d+)")
            .matcher(status);
    while (member.find()) {
      if (member.group(2).equals(member.group(3))) {
        return container(member.group(1), 1);
      }
    }
    throw new AssertionError("No leader in " + status);
  }

  /** Every post on a user's profile, following its "Older posts" links. */
  private static Set<String> postsOf(Browser browser, String user) {
    Set<String> posts = new HashSet<>();
    Browser.Page page = browser.open("/users/" + user);
    while (true) {
      assertThat(page.status()).isEqualTo(200);
      posts.addAll(postsOn(page));
      var older = page.document().selectFirst("a[rel=next]");
      if (older == null) {
        return posts;
      }
      URI next = page.url().resolve(older.attr("href"));
      page =
          browser.open(
              next.getRawPath() + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery()));
    }
  }

  /** Pages loaded one after another by one signed-in browser, and how long each took. */
  private record Pages(List<Integer> statuses, List<String> users, long longestMs) {
    static Pages load(Browser browser, int count) {
      List<Integer> statuses = new ArrayList<>();
      List<String> users = new ArrayList<>();
      long longest = 0;
      for (int i = 0; i < count; i++) {
        long start = System.nanoTime();
        Browser.Page page = browser.open("/");
        longest = Math.max(longest, System.nanoTime() - start);
        statuses.add(page.status());
        users.add(signedInAs(page));
        ComposeTopology.sleep(Duration.ofMillis(100));
      }
      return new Pages(statuses, users, TimeUnit.NANOSECONDS.toMillis(longest));
    }
  }
}
