package dev.flock.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import dev.flock.grpc.auth.CallerToken;
import dev.flock.grpc.v1.AccountServiceGrpc;
import dev.flock.grpc.v1.AccountServiceGrpc.AccountServiceBlockingStub;
import dev.flock.grpc.v1.CreatePostRequest;
import dev.flock.grpc.v1.FeedServiceGrpc;
import dev.flock.grpc.v1.FollowRequest;
import dev.flock.grpc.v1.GetStatusRequest;
import dev.flock.grpc.v1.GraphServiceGrpc;
import dev.flock.grpc.v1.HomeFeedRequest;
import dev.flock.grpc.v1.LiveSecond;
import dev.flock.grpc.v1.LoginRequest;
import dev.flock.grpc.v1.LoginResponse;
import dev.flock.grpc.v1.LogoutRequest;
import dev.flock.grpc.v1.Post;
import dev.flock.grpc.v1.PostPage;
import dev.flock.grpc.v1.PostServiceGrpc;
import dev.flock.grpc.v1.RegisterRequest;
import dev.flock.grpc.v1.StatusServiceGrpc;
import dev.flock.grpc.v1.StorageMember;
import dev.flock.grpc.v1.SystemStatus;
import dev.flock.raft.EtcdCluster;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The built {@code target/backend.war} on a real Payara Micro, in etcd mode against a real local
 * 3-member cluster, driven from outside as the web tier drives it: gRPC for everything, and the
 * session REST endpoint to resolve a token. One container boot for the whole class, so every test
 * makes its own users and does not depend on the others.
 */
@ExtendWith({
  BackendIT.ReservedGrpcPort.class,
  BackendIT.LocalEtcdCluster.class,
  ArquillianExtension.class
})
class BackendIT {

  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final String PASSWORD = "correct horse battery";
  private static final AtomicInteger USERS = new AtomicInteger();

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .proxy(HttpClient.Builder.NO_PROXY)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private static ManagedChannel channel;

  @ArquillianResource URL backendUrl;

  @Deployment(testable = false)
  static WebArchive backend() {
    File war = new File("target/backend.war");
    if (!war.isFile()) {
      throw new IllegalStateException(
          war.getAbsolutePath() + " is missing: run `mvn package` first");
    }
    return ShrinkWrap.createFromZipFile(WebArchive.class, war);
  }

  @BeforeAll
  static void openChannel() {
    channel =
        NettyChannelBuilder.forAddress("localhost", ReservedGrpcPort.port()).usePlaintext().build();
  }

  @AfterAll
  static void closeChannel() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aSignedInUsersTokenResolvesToTheirNameOverRest() throws Exception {
    String name = register();
    LoginResponse login = login(name);

    assertThat(login.getUsername()).isEqualTo(name);
    assertThat(login.getToken()).isNotBlank();
    HttpResponse<String> session = session("Bearer " + login.getToken());
    assertThat(session.statusCode()).isEqualTo(200);
    assertThat(session.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(session.body()).matches("\\{\\s*\"username\"\\s*:\\s*\"" + name + "\"\\s*}");
  }

  @Test
  void restAnswers401WithoutAValidBearerToken() throws Exception {
    String token = login(register()).getToken();

    assertThat(session(null).statusCode()).isEqualTo(401);
    assertThat(session("Bearer not-a-token").statusCode()).isEqualTo(401);
    assertThat(session("Bearer ").statusCode()).isEqualTo(401);
    assertThat(session("Basic " + token).statusCode()).isEqualTo(401);
  }

  @Test
  void aPostShowsUpInTheHomeFeedOfAFollower() {
    String author = register();
    String reader = register();
    String authorToken = login(author).getToken();
    String readerToken = login(reader).getToken();

    GraphServiceGrpc.newBlockingStub(channel)
        .withCallCredentials(CallerToken.of(readerToken))
        .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
        .follow(FollowRequest.newBuilder().setUsername(author).build());
    Post post =
        PostServiceGrpc.newBlockingStub(channel)
            .withCallCredentials(CallerToken.of(authorToken))
            .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
            .createPost(CreatePostRequest.newBuilder().setText("hello from " + author).build())
            .getPost();

    assertThat(post.getAuthor()).isEqualTo(author);
    PostPage feed = homeFeed(readerToken);
    assertThat(feed.getPostsList())
        .extracting(Post::getId, Post::getAuthor, Post::getText)
        .containsExactly(tuple(post.getId(), author, "hello from " + author));
    assertThat(homeFeed(authorToken).getPostsList()).isEmpty();
  }

  @Test
  void aBadUsernameIsAnInvalidArgumentWithAMessageForPeople() {
    StatusRuntimeException refused =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                accounts()
                    .register(
                        RegisterRequest.newBuilder()
                            .setUsername("No Spaces!")
                            .setPassword(PASSWORD)
                            .build()));

    assertThat(refused).isNotNull();
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(refused.getStatus().getDescription()).containsIgnoringCase("username");
  }

  @Test
  void logoutRevokesTheToken() throws Exception {
    String token = login(register()).getToken();
    assertThat(session("Bearer " + token).statusCode()).isEqualTo(200);

    accounts()
        .withCallCredentials(CallerToken.of(token))
        .logout(LogoutRequest.getDefaultInstance());

    assertThat(session("Bearer " + token).statusCode()).isEqualTo(401);
    StatusRuntimeException refused =
        catchThrowableOfType(StatusRuntimeException.class, () -> homeFeed(token));
    assertThat(refused).isNotNull();
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  /** Registers a fresh user (names are unique per container boot) and returns the name. */
  private static String register() {
    String name = "it_user_" + USERS.incrementAndGet();
    String registered =
        accounts()
            .register(RegisterRequest.newBuilder().setUsername(name).setPassword(PASSWORD).build())
            .getUsername();
    assertThat(registered).isEqualTo(name);
    return name;
  }

  private static LoginResponse login(String name) {
    return accounts()
        .login(LoginRequest.newBuilder().setUsername(name).setPassword(PASSWORD).build());
  }

  private static AccountServiceBlockingStub accounts() {
    return AccountServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static PostPage homeFeed(String token) {
    return FeedServiceGrpc.newBlockingStub(channel)
        .withCallCredentials(CallerToken.of(token))
        .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
        .homeFeed(HomeFeedRequest.newBuilder().setPageSize(20).build());
  }

  /** {@code GET api/v1/session}, with the given Authorization header unless it is null. */
  private HttpResponse<String> session(String authorization)
      throws IOException, InterruptedException {
    URI uri = onThisMachine(backendUrl.getPath().replaceFirst("/?$", "/") + "api/v1/session");
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(DEADLINE).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void itStoresInTheEtcdClusterAndIsReadyWhileTheClusterHasAQuorum() throws Exception {
    SystemStatus status =
        StatusServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
            .getStatus(GetStatusRequest.getDefaultInstance());
    assertThat(status.getStorageMode()).isEqualTo("etcd");
    assertThat(status.getMembersList()).hasSize(3).allMatch(StorageMember::getReachable);
    assertThat(status.getLeader()).isNotEmpty();
    assertThat(readiness().statusCode()).isEqualTo(200);
  }

  @Test
  void everyStorageCallIsMeasuredWithTheEtcdRequestsItMakes() throws Exception {
    login(register());
    Thread.sleep(1_100); // the live figures leave out the second under way

    SystemStatus status =
        StatusServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
            .getStatus(GetStatusRequest.getDefaultInstance());

    assertThat(status.getLiveList())
        .filteredOn(live -> live.getKind().equals("storage") || live.getKind().equals("etcd"))
        .hasSize(2)
        .allSatisfy(
            live ->
                assertThat(live.getSecondsList().stream().mapToLong(LiveSecond::getCalls).sum())
                    .as(live.getKind())
                    .isPositive());
  }

  @Test
  void withoutAQuorumCallsFailFastAsUnavailableAndReadinessIsDown() throws Exception {
    String name = register();
    String token = login(name).getToken();
    EtcdCluster cluster = LocalEtcdCluster.cluster();
    var lost = cluster.members().subList(1, 3);
    lost.forEach(cluster::kill);
    try {
      long start = System.nanoTime();
      var failure =
          catchThrowableOfType(
              StatusRuntimeException.class,
              () ->
                  PostServiceGrpc.newBlockingStub(channel)
                      .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                      .withCallCredentials(CallerToken.of(token))
                      .createPost(
                          CreatePostRequest.newBuilder().setText("during the outage").build()));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(took).isLessThan(Duration.ofMillis(3_000)); // flock.etcd.timeout-ms = 2000
      assertThat(readiness().statusCode()).isEqualTo(503);
      assertThat(readiness().body()).contains("DOWN");
    } finally {
      lost.forEach(cluster::restart);
    }
    assertThat(readiness().statusCode()).isEqualTo(200);
    PostServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
        .withCallCredentials(CallerToken.of(token))
        .createPost(CreatePostRequest.newBuilder().setText("after the outage").build());
  }

  /**
   * Only the port is taken from the URL Payara Micro logs: its host is the machine's first network
   * address, which is not always the server (CI got 404 from it), while the server is on this
   * machine.
   */
  private URI onThisMachine(String path) {
    return URI.create("http://localhost:" + backendUrl.getPort() + path);
  }

  private HttpResponse<String> readiness() throws Exception {
    URI uri = onThisMachine("/health/ready");
    return HTTP.send(
        HttpRequest.newBuilder(uri).timeout(DEADLINE).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * A real 3-member etcd cluster for the deployed backend, started before Arquillian reads its
   * configuration: its endpoints are published as {@code flock.it.etcd.endpoints}, which
   * arquillian.xml passes to Payara Micro. It stops when the whole test run ends.
   */
  static final class LocalEtcdCluster implements BeforeAllCallback {

    static final String PROPERTY = "flock.it.etcd.endpoints";
    private static EtcdCluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) {
      context
          .getRoot()
          .getStore(ExtensionContext.Namespace.GLOBAL)
          .getOrComputeIfAbsent(
              LocalEtcdCluster.class,
              key -> {
                cluster = EtcdCluster.start(3);
                System.setProperty(PROPERTY, cluster.endpointsCsv());
                return (ExtensionContext.Store.CloseableResource) cluster::close;
              },
              ExtensionContext.Store.CloseableResource.class);
    }

    static EtcdCluster cluster() {
      return cluster;
    }
  }

  /**
   * Reserves a free port for the backend's gRPC server and publishes it as the system property
   * {@code flock.it.grpc.port}, which arquillian.xml passes to Payara Micro as {@code
   * -Dflock.grpc.port}. Registered before {@link ArquillianExtension}, so the property exists when
   * Arquillian reads its configuration; a value set from outside (e.g. by the build) is kept.
   */
  static final class ReservedGrpcPort implements BeforeAllCallback {

    static final String PROPERTY = "flock.it.grpc.port";

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
      if (System.getProperty(PROPERTY) == null) {
        try (ServerSocket socket = new ServerSocket(0)) {
          socket.setReuseAddress(true);
          System.setProperty(PROPERTY, Integer.toString(socket.getLocalPort()));
        }
      }
    }

    static int port() {
      return Integer.parseInt(System.getProperty(PROPERTY));
    }
  }
}
