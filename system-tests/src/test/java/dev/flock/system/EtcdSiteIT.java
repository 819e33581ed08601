package dev.flock.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flock.grpc.auth.CallerToken;
import dev.flock.grpc.v1.AccountServiceGrpc;
import dev.flock.grpc.v1.CreatePostRequest;
import dev.flock.grpc.v1.FeedServiceGrpc;
import dev.flock.grpc.v1.FollowRequest;
import dev.flock.grpc.v1.GraphServiceGrpc;
import dev.flock.grpc.v1.HomeFeedRequest;
import dev.flock.grpc.v1.LoginRequest;
import dev.flock.grpc.v1.Post;
import dev.flock.grpc.v1.PostServiceGrpc;
import dev.flock.grpc.v1.RegisterRequest;
import dev.flock.raft.EtcdCluster;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The walk-through on the replicated site (3 etcd members, two stateless backends), and what the
 * replication is for: backends that share everything, members that fail, restarts that lose
 * nothing.
 */
class EtcdSiteIT extends SiteWalkThrough {

  @RegisterExtension static final FlockSite SITE = FlockSite.onEtcd();

  /** The backends' etcd deadline (flock.etcd.timeout-ms) plus room for the page around it. */
  private static final Duration ANSWER_WITHIN = Duration.ofMillis(2_000 + 1_500);

  EtcdSiteIT(FlockSite.Running site) {
    super(site);
  }

  @Test
  void aWriteThroughOneBackendIsReadThroughTheOtherAtOnce() {
    String writer = fresh("writer");
    String reader = fresh("reader");
    ManagedChannel first = channelTo(0);
    ManagedChannel second = channelTo(1);
    try {
      register(first, writer);
      register(second, reader);
      String writerToken = login(second, writer);
      String readerToken = login(first, reader);

      GraphServiceGrpc.newBlockingStub(second)
          .withCallCredentials(CallerToken.of(readerToken))
          .follow(FollowRequest.newBuilder().setUsername(writer).build());
      for (int i = 1; i <= 5; i++) {
        String text = "post " + i;
        PostServiceGrpc.newBlockingStub(i % 2 == 0 ? first : second)
            .withCallCredentials(CallerToken.of(writerToken))
            .createPost(CreatePostRequest.newBuilder().setText(text).build());
        List<String> feed =
            FeedServiceGrpc.newBlockingStub(i % 2 == 0 ? second : first)
                .withCallCredentials(CallerToken.of(readerToken))
                .homeFeed(HomeFeedRequest.getDefaultInstance())
                .getPostsList()
                .stream()
                .map(Post::getText)
                .toList();
        assertThat(feed)
            .as("read right after write %d, through the other backend", i)
            .first()
            .isEqualTo(text);
      }
    } finally {
      first.shutdownNow();
      second.shutdownNow();
    }
  }

  @Test
  void losingTheQuorumAnswers503WithinTheDeadlineAndTheSiteRecoversByItself() throws Exception {
    String ivan = fresh("ivan");
    Browser browser = registered(ivan, site.web(0));
    browser.open("/");
    browser.submit("compose", "submit", Map.of("text", "before the outage"));

    EtcdCluster cluster = site.cluster();
    List<EtcdCluster.Member> lost = cluster.members().subList(0, 2);
    lost.forEach(cluster::kill);
    try {
      long start = System.nanoTime();
      Browser.Page unavailable = browser.open("/");
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(unavailable.status()).isEqualTo(503);
      assertThat(unavailable.text()).contains("Flock is temporarily unavailable");
      assertThat(took).isLessThan(ANSWER_WITHIN);
      assertThat(readiness(0)).isEqualTo(503);
    } finally {
      lost.forEach(cluster::restart);
    }

    Browser.Page back = awaitStatus(browser, "/", 200, Duration.ofSeconds(20));
    assertThat(postsOn(back)).isEmpty(); // ivan follows nobody
    assertThat(postsOn(browser.open("/users/" + ivan))).containsExactly("before the outage");
    assertThat(readiness(0)).isEqualTo(200);
  }

  @Test
  void whileTheBackendsAreDownPagesSay503AndAfterARestartNothingIsLostAndSessionsStayValid() {
    String judy = fresh("judy");
    Browser browser = registered(judy, site.web(1));
    browser.open("/");
    browser.submit("compose", "submit", Map.of("text", "written before the restart"));

    site.stopBackends();
    try {
      long start = System.nanoTime();
      Browser.Page down = browser.open("/");
      assertThat(down.status()).isEqualTo(503);
      assertThat(down.text()).contains("Flock is temporarily unavailable");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(ANSWER_WITHIN);
    } finally {
      site.startBackends();
    }

    Browser.Page home = awaitStatus(browser, "/", 200, Duration.ofSeconds(20));
    assertThat(signedInAs(home)).isEqualTo(judy);
    assertThat(postsOn(browser.open("/users/" + judy)))
        .containsExactly("written before the restart");
  }

  @Test
  void aStoppingBackendTurnsNotReadyFirstWhileSignedInPagesGoOnThroughTheOther() throws Exception {
    String kim = fresh("kim");
    Browser browser = registered(kim, site.web(0));
    assertThat(readiness(0)).isEqualTo(200);

    ProcessHandle stopping = site.terminateBackend(0);
    List<Integer> readinessWhileDraining = new ArrayList<>();
    List<Integer> pages = new ArrayList<>();
    try {
      while (stopping.isAlive()) {
        readinessWhileDraining.add(readinessOrZero(0));
        Browser.Page home = browser.open("/");
        pages.add(home.status());
        assertThat(signedInAs(home)).isEqualTo(kim);
      }
      // the session check and gRPC calls fail over to the other backend after it stopped, too
      for (int page = 0; page < 10; page++) {
        pages.add(browser.open("/").status());
      }
    } finally {
      stopping.onExit().get(30, TimeUnit.SECONDS);
      site.startBackend(0);
    }
    assertThat(readinessWhileDraining).as("readiness while draining").contains(503);
    assertThat(pages).as("pages during and after the stop").containsOnly(200);
  }

  @Test
  void theStatusPageShowsTheRaftCluster() {
    Browser.Page status = new Browser(site.web(0)).open("/status");
    assertThat(status.document().getElementById("storage-mode").text()).isEqualTo("etcd");
    assertThat(status.document().select("table.members tbody tr")).hasSize(3);
    assertThat(status.document().select("table.members td:contains(leader)")).hasSize(1);
    assertThat(Long.parseLong(status.document().getElementById("raft-index").text())).isPositive();
  }

  /**
   * The fault tests kill members and backends and restart them: each test starts once both web
   * instances see a working backend and storage again, whatever ran before it.
   */
  @BeforeEach
  void siteIsHealthy() {
    for (int web = 0; web < 2; web++) {
      awaitStatus(new Browser(site.web(web)), "/status", 200, Duration.ofSeconds(30));
    }
  }

  private Browser.Page awaitStatus(Browser browser, String path, int status, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    Browser.Page page = browser.open(path);
    while (page.status() != status && System.nanoTime() < deadline) {
      sleep(Duration.ofMillis(250));
      page = browser.open(path);
    }
    assertThat(page.status()).as("%s after %s", path, within).isEqualTo(status);
    return page;
  }

  private int readiness(int backend) throws Exception {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .build()
        .send(
            HttpRequest.newBuilder(site.backendHttp(backend).resolve("/health/ready")).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** The readiness status, or 0 once the backend no longer accepts connections. */
  private int readinessOrZero(int backend) throws Exception {
    try {
      return readiness(backend);
    } catch (IOException e) {
      return 0;
    }
  }

  private ManagedChannel channelTo(int backend) {
    return NettyChannelBuilder.forAddress("localhost", site.grpcPort(backend))
        .usePlaintext()
        .build();
  }

  private static void register(ManagedChannel channel, String username) {
    AccountServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .register(RegisterRequest.newBuilder().setUsername(username).setPassword(PASSWORD).build());
  }

  private static String login(ManagedChannel channel, String username) {
    return AccountServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .login(LoginRequest.newBuilder().setUsername(username).setPassword(PASSWORD).build())
        .getToken();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
