package dev.flock.system;

import static dev.flock.system.SiteWalkThrough.PASSWORD;
import static dev.flock.system.SiteWalkThrough.fresh;
import static dev.flock.system.SiteWalkThrough.postsOn;
import static dev.flock.system.SiteWalkThrough.registered;
import static dev.flock.system.SiteWalkThrough.signedInAs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flock.grpc.v1.CreatePostRequest;
import dev.flock.grpc.v1.PostServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The site tried as an attacker would: forged forms by every method, hostile values, requests no
 * page makes. Run on every storage ({@link HostileRequestsIT} in memory, {@link
 * EtcdHostileRequestsIT} on the replicated site). Requests are written by hand ({@link RawHttp}),
 * so each one carries exactly what an attacker chose.
 */
abstract class HostileRequests {

  private static final String VIEW_STATE = "jakarta.faces.ViewState";

  final FlockSite.Running site;

  HostileRequests(FlockSite.Running site) {
    this.site = site;
  }

  /** One form of the site, filled in as its owner would, and how to tell it did nothing. */
  private record Form(String path, Map<String, String> fields) {}

  @Test
  void formsSentByGetHeadOrPutAreRefusedAndWriteNothingEvenWithTheToken() {
    String victim = fresh("victim");
    String followed = fresh("followed");
    String stranger = fresh("stranger");
    String newcomer = fresh("newcomer");
    registered(followed, site.web(1));
    registered(stranger, site.web(1));
    Browser browser = registered(victim, site.web(0));
    browser.open("/users/" + followed);
    browser.submit("follow", "follow", Map.of());
    String token = tokenOnPage(browser);
    String session = browser.cookie("flock_session");
    String cookies = "flock_session=" + session + "; flock_csrf=" + token;

    List<Form> forms =
        List.of(
            form("/", "compose", "submit", token, Map.of("text", "forged post")),
            form("/users/" + stranger, "follow", "follow", token, Map.of()),
            form("/users/" + followed, "follow", "unfollow", token, Map.of()),
            form("/", "signout", "submit", token, Map.of()),
            form(
                "/login",
                "signin",
                "submit",
                token,
                Map.of("username", stranger, "password", PASSWORD)),
            form(
                "/register",
                "signup",
                "submit",
                token,
                Map.of("username", newcomer, "password", PASSWORD, "passwordAgain", PASSWORD)));
    for (Form form : forms) {
      String query = encoded(form.fields());
      for (String method : List.of("GET", "HEAD", "PUT")) {
        RawHttp.Answer answer =
            method.equals("PUT")
                ? RawHttp.send(site.web(0), "PUT", form.path(), Map.of("Cookie", cookies), query)
                : RawHttp.send(
                    site.web(0),
                    method,
                    form.path() + "?" + query,
                    Map.of("Cookie", cookies),
                    null);
        assertThat(answer.status())
            .as("%s of %s", method, form)
            .isEqualTo(method.equals("PUT") ? 405 : 403);
        assertThat(answer.headers()).as("%s of %s", method, form).doesNotContainKey("set-cookie");
        if (method.equals("PUT")) {
          assertThat(answer.header("Allow")).isEqualTo("GET, HEAD, POST");
        }
      }
    }

    Browser.Page profile = browser.open("/users/" + victim);
    assertThat(signedInAs(profile)).as("still signed in as the victim").isEqualTo(victim);
    assertThat(postsOn(profile)).isEmpty();
    assertThat(profile.text()).contains("1 following").doesNotContain("forged");
    assertThat(browser.open("/users/" + victim + "/following").text())
        .contains("@" + followed)
        .doesNotContain("@" + stranger);
    assertThat(new Browser(site.web(1)).open("/users/" + newcomer).status()).isEqualTo(404);
  }

  @Test
  void aCsrfTokenFromBeforeSignInOrFromAnotherSessionIsRefused() {
    String owen = fresh("owen");
    registered(owen, site.web(1));
    Browser browser = new Browser(site.web(0));
    browser.open("/login");
    String beforeSignIn = tokenOnPage(browser);
    browser.submit("signin", "submit", Map.of("username", owen, "password", PASSWORD));
    browser.open("/");
    String afterSignIn = tokenOnPage(browser);
    Browser other = registered(fresh("other"), site.web(1));
    String otherSession = tokenOnPage(other);
    String cookies =
        "flock_session="
            + browser.cookie("flock_session")
            + "; flock_csrf="
            + browser.cookie("flock_csrf");

    assertThat(afterSignIn).isNotEqualTo(beforeSignIn);
    assertThat(browser.cookie("flock_csrf")).as("renewed at sign-in").isNotEqualTo(beforeSignIn);
    for (String stale : List.of(beforeSignIn, otherSession)) {
      RawHttp.Answer refused =
          RawHttp.send(
              site.web(0),
              "POST",
              "/",
              Map.of("Cookie", cookies),
              encoded(form("/", "compose", "submit", stale, Map.of("text", "forged")).fields()));
      assertThat(refused.status()).isEqualTo(403);
    }
    RawHttp.Answer accepted =
        RawHttp.send(
            site.web(1),
            "POST",
            "/",
            Map.of("Cookie", cookies),
            encoded(form("/", "compose", "submit", afterSignIn, Map.of("text", "mine")).fields()));
    assertThat(accepted.status()).as("the same token on any web instance").isEqualTo(303);
    assertThat(postsOn(browser.open("/users/" + owen))).containsExactly("mine");
  }

  @Test
  void aFormFromAnotherSiteIsRefusedEvenWithTheToken() {
    String victim = fresh("victim");
    Browser browser = registered(victim, site.web(0));
    String token = tokenOnPage(browser);
    String cookies = "flock_session=" + browser.cookie("flock_session") + "; flock_csrf=" + token;
    String body = encoded(form("/", "compose", "submit", token, Map.of("text", "x")).fields());

    for (Map<String, String> marks :
        List.of(
            Map.of("Sec-Fetch-Site", "cross-site"),
            Map.of("Sec-Fetch-Site", "same-site"),
            Map.of("Origin", "http://evil.example"),
            Map.of("Origin", "null"))) {
      Map<String, String> headers = new LinkedHashMap<>(marks);
      headers.put("Cookie", cookies);
      assertThat(RawHttp.send(site.web(0), "POST", "/", headers, body).status())
          .as("a post marked %s", marks)
          .isEqualTo(403);
    }
    assertThat(postsOn(browser.open("/users/" + victim))).isEmpty();

    // The same form from the site itself, as a browser marks it, is published.
    String self = "http://" + site.web(0).getHost() + ":" + site.web(0).getPort();
    RawHttp.Answer own =
        RawHttp.send(
            site.web(0),
            "POST",
            "/",
            Map.of("Cookie", cookies, "Sec-Fetch-Site", "same-origin", "Origin", self),
            body);
    assertThat(own.status()).isEqualTo(303);
    assertThat(postsOn(browser.open("/users/" + victim))).containsExactly("x");
  }

  @Test
  void signingInNeverSendsTheUserToAnotherSite() {
    String user = fresh("user");
    registered(user, site.web(1));
    for (String next :
        List.of(
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "//evil.example",
            "/\\evil.example",
            "https://evil.example/",
            " //evil.example")) {
      Browser visitor = new Browser(site.web(0));
      visitor.open("/login");
      String token = tokenOnPage(visitor);
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("next", next);
      fields.putAll(
          form("/login", "signin", "submit", token, Map.of("username", user, "password", PASSWORD))
              .fields());
      RawHttp.Answer answer =
          RawHttp.send(
              site.web(0),
              "POST",
              "/login",
              Map.of("Cookie", "flock_csrf=" + token),
              encoded(fields));
      assertThat(answer.status()).as("next=%s", next).isEqualTo(303);
      assertThat(answer.header("Location")).as("next=%s", next).isEqualTo("/");
    }
  }

  @Test
  void aPartialRequestGetsTheSameStatusAndPageAsAnyOther() {
    for (Map.Entry<String, Integer> request :
        Map.of(
                "/users/" + fresh("ghost"), 404,
                "/users/" + fresh("ghost") + "/followers", 404,
                "/profile.xhtml?name=" + fresh("ghost"), 404)
            .entrySet()) {
      for (String partial : List.of("header", "parameter")) {
        RawHttp.Answer answer =
            partial.equals("header")
                ? RawHttp.send(
                    site.web(1),
                    "GET",
                    request.getKey(),
                    Map.of("Faces-Request", "partial/ajax"),
                    null)
                : RawHttp.send(
                    site.web(1),
                    "GET",
                    request.getKey()
                        + (request.getKey().contains("?") ? "&" : "?")
                        + "jakarta.faces.partial.ajax=true",
                    Map.of(),
                    null);
        assertThat(answer.status()).as("%s, partial by %s", request, partial).isEqualTo(404);
        assertThat(answer.header("Content-Type")).startsWith("text/html");
        assertThat(answer.body())
            .contains("Page not found")
            .doesNotContain("Exception")
            .doesNotContain("dev.flock")
            .doesNotContain("partial-response");
      }
    }
  }

  @Test
  void aViewStateOtherThanStatelessIs400WithoutAStackTrace() throws IOException {
    String user = fresh("user");
    Browser browser = registered(user, site.web(0));
    String token = tokenOnPage(browser);
    String cookies = "flock_session=" + browser.cookie("flock_session") + "; flock_csrf=" + token;
    long severeBefore = severeLines();
    for (String viewState :
        List.of("AAAA", "stateless!", "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcA==", "x".repeat(5000))) {
      Map<String, String> fields =
          new LinkedHashMap<>(form("/", "compose", "submit", token, Map.of("text", "x")).fields());
      fields.put(VIEW_STATE, viewState);
      RawHttp.Answer answer =
          RawHttp.send(site.web(0), "POST", "/", Map.of("Cookie", cookies), encoded(fields));
      assertThat(answer.status()).as("view state %.20s", viewState).isEqualTo(400);
      assertThat(answer.body()).contains("That request was not understood");
    }
    assertThat(severeLines()).as("SEVERE lines in the web log").isEqualTo(severeBefore);
    assertThat(postsOn(browser.open("/users/" + user))).isEmpty();
  }

  @Test
  void errorAnswersCarryTheSecurityHeaders() {
    String user = fresh("user");
    registered(user, site.web(1));
    Map<String, Integer> requests =
        Map.of(
            "GET /users/" + user + "?before=!!!",
            400,
            "POST /",
            403,
            "GET /users/" + fresh("ghost"),
            404,
            "GET /no/such/page",
            404,
            "DELETE /",
            405,
            "GET /?compose=compose&" + VIEW_STATE + "=stateless",
            403);
    requests.forEach(
        (request, status) -> {
          String[] parts = request.split(" ", 2);
          RawHttp.Answer answer =
              RawHttp.send(
                  site.web(1), parts[0], parts[1], Map.of(), parts[0].equals("POST") ? "" : null);
          assertThat(answer.status()).as(request).isEqualTo(status);
          assertThat(answer.header("Content-Security-Policy"))
              .as("CSP of %s", request)
              .contains("default-src 'self'")
              .contains("frame-ancestors 'none'");
          assertThat(answer.header("X-Content-Type-Options")).as(request).isEqualTo("nosniff");
          assertThat(answer.header("Referrer-Policy")).as(request).isEqualTo("same-origin");
          assertThat(answer.header("Cache-Control")).as(request).contains("no-store");
        });
  }

  @Test
  void managementEndpointsAndProcessNamesAreNotPublic() {
    for (String path : List.of("/metrics", "/metrics/base", "/openapi")) {
      RawHttp.Answer answer = RawHttp.send(site.web(0), "GET", path, Map.of(), null);
      assertThat(answer.status()).as(path).isNotEqualTo(200);
      assertThat(answer.body()).as(path).doesNotContain("# TYPE").doesNotContain("openapi:");
    }
    Browser.Page status = new Browser(site.web(0)).open("/status");
    assertThat(status.status()).isEqualTo(200);
    assertThat(status.text()).doesNotContainPattern("\\d+@").doesNotContain("Answered by");

    // The backend serves the web tier only: neither of its ports answers on a network address.
    Optional<InetAddress> network = networkAddress();
    network.ifPresent(
        address -> {
          assertThat(accepts(address, site.backendHttp().getPort()))
              .as("backend HTTP on %s", address)
              .isFalse();
          assertThat(accepts(address, site.grpcPort(0)))
              .as("backend gRPC on %s", address)
              .isFalse();
          assertThat(accepts(address, site.web(0).getPort()))
              .as("the web tier on %s (the public port)", address)
              .isTrue();
        });
  }

  @Test
  void redirectsAreRelativeWhateverTheHostHeaderSays() {
    String user = fresh("user");
    Browser browser = registered(user, site.web(0));
    String token = tokenOnPage(browser);
    Map<String, String> fields =
        form("/users/" + user, "follow", "follow", token, Map.of()).fields();
    // A visitor (no session) who sends a form that needs one is sent to sign in.
    RawHttp.Answer answer =
        RawHttp.send(
            site.web(0),
            "POST",
            "/users/" + user,
            Map.of("Cookie", "flock_csrf=" + token, "Host", "evil.example"),
            encoded(fields));
    assertThat(answer.status()).isEqualTo(302);
    assertThat(answer.header("Location")).isEqualTo("/login?next=%2Fusers%2F" + user);

    RawHttp.Answer signedIn =
        RawHttp.send(
            site.web(0),
            "POST",
            "/",
            Map.of(
                "Cookie",
                "flock_session=" + browser.cookie("flock_session") + "; flock_csrf=" + token,
                "Host",
                "evil.example"),
            encoded(form("/", "compose", "submit", token, Map.of("text", "hi")).fields()));
    assertThat(signedIn.status()).isEqualTo(303);
    assertThat(signedIn.header("Location")).isEqualTo("/?notice=posted");
  }

  @Test
  void followingStopsAtTheCapWithAClearMessage() {
    String fan = fresh("fan");
    Browser browser = registered(fan, site.web(0));
    for (int i = 0; i < FlockSite.MAX_FOLLOWING; i++) {
      String star = fresh("star" + i);
      registered(star, site.web(1));
      browser.open("/users/" + star);
      assertThat(browser.submit("follow", "follow", Map.of()).text())
          .contains("You follow them now");
    }
    String onceTooMany = fresh("star");
    registered(onceTooMany, site.web(1));
    browser.open("/users/" + onceTooMany);
    Browser.Page refused = browser.submit("follow", "follow", Map.of());
    assertThat(refused.status()).isEqualTo(200);
    assertThat(refused.text())
        .contains(
            "You follow "
                + FlockSite.MAX_FOLLOWING
                + " people, the most anyone can. Unfollow someone to follow someone new.")
        .contains("0 followers");
    assertThat(refused.document().getElementById("follow:follow")).isNotNull();
    assertThat(browser.open("/users/" + fan).text())
        .contains(FlockSite.MAX_FOLLOWING + " following");
  }

  // --- helpers ---------------------------------------------------------------------------------

  /** Form {@code id}'s fields as its page posts them: prefixed names, the button, the token. */
  @Test
  void oversizedRequestsAreRefusedWithTheirLimitAndWriteNothing() {
    String author = fresh("author");
    Browser browser = registered(author, site.web(0));
    String cookies =
        "flock_session="
            + browser.cookie("flock_session")
            + "; flock_csrf="
            + browser.cookie("flock_csrf");
    String token = tokenOnPage(browser);
    for (int size : List.of(9_000, 3 * 1024 * 1024, 20 * 1024 * 1024)) {
      Form compose = form("/", "compose", "submit", token, Map.of("text", "x".repeat(size)));
      RawHttp.Answer answer =
          RawHttp.send(
              site.web(0), "POST", "/", Map.of("Cookie", cookies), encoded(compose.fields()));
      assertThat(answer.status()).as("a post of %d characters", size).isEqualTo(413);
      assertThat(answer.body()).contains("at most 64 KB", "at most 8,000 characters");
      assertNoInternals(answer);
    }
    for (String target :
        List.of(
            "/users/" + "b".repeat(600),
            "/users?q=" + "q".repeat(2_000),
            "/?after=" + "c".repeat(2_000))) {
      RawHttp.Answer answer = RawHttp.send(site.web(0), "GET", target, Map.of(), null);
      assertThat(answer.status()).as(target.substring(0, 12)).isEqualTo(400);
      assertNoInternals(answer);
    }
    // under the web tier's limits but long in UTF-8 (18 KB): the post's own rule answers
    Form wide = form("/", "compose", "submit", token, Map.of("text", "中".repeat(6_000)));
    RawHttp.Answer ruled =
        RawHttp.send(site.web(0), "POST", "/", Map.of("Cookie", cookies), encoded(wide.fields()));
    assertThat(ruled.status()).isEqualTo(200);
    assertThat(ruled.body()).contains("at most 280 characters");
    assertThat(postsOn(browser.open("/users/" + author))).as("nothing was posted").isEmpty();

    // the backend itself takes no request larger than any the web tier sends
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("localhost", site.grpcPort(0)).usePlaintext().build();
    try {
      StatusRuntimeException refused =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              StatusRuntimeException.class,
              () ->
                  PostServiceGrpc.newBlockingStub(channel)
                      .createPost(
                          CreatePostRequest.newBuilder().setText("x".repeat(100_000)).build()));
      assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    } finally {
      channel.shutdownNow();
    }
  }

  private static void assertNoInternals(RawHttp.Answer answer) {
    assertThat(answer.body()).doesNotContain("Exception", "at dev.flock", "at java.");
  }

  /** The CSRF token the forms of the browser's current page repeat, as a page's script can't. */
  static String tokenOnPage(Browser browser) {
    return browser.page().document().selectFirst("input[name=_csrf]").val();
  }

  private static Form form(
      String path, String id, String button, String token, Map<String, String> fields) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put(id, id);
    all.put("_csrf", token);
    fields.forEach((name, value) -> all.put(id + ":" + name, value));
    all.put(id + ":" + button, button);
    all.put(VIEW_STATE, "stateless");
    return new Form(path, all);
  }

  /**
   * A link to what does not exist, or a page link that is not valid, is an everyday answer, not a
   * failure: its page says so and the log stays quiet. These pages are forwarded from their pretty
   * URLs, and a forward logged every failure below it with its stack trace (100 lines a request).
   */
  @Test
  void anUnknownUserPostOrTagAndABrokenPageLinkLeaveNoStackTraceInTheLog() throws Exception {
    String ghost = fresh("ghost");
    Map<String, Integer> requests =
        Map.of(
            "/users/" + ghost,
            404,
            "/users/" + ghost + "/followers",
            404,
            "/posts/17648928000000badf00d",
            404,
            "/tags/" + ghost.replace("_", "") + "?before=" + ghost,
            400,
            "/explore?before=" + ghost,
            400);
    long before = stackTracesLogged();

    requests.forEach(
        (path, status) ->
            assertThat(new Browser(site.web(0)).open(path).status()).as(path).isEqualTo(status));

    Thread.sleep(500); // the console log is written as it comes: a margin for its last lines
    assertThat(stackTracesLogged()).as("stack traces in the web log").isEqualTo(before);
  }

  /** How many stack frames web instance 0 has logged. */
  private long stackTracesLogged() throws IOException {
    try (var lines = Files.lines(site.webLog(0), StandardCharsets.UTF_8)) {
      return lines.filter(line -> line.startsWith("\tat ")).count();
    }
  }

  private static String encoded(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            field ->
                URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private long severeLines() throws IOException {
    try (var lines = Files.lines(site.webLog(0), StandardCharsets.UTF_8)) {
      return lines.filter(line -> line.contains("SEVERE")).count();
    }
  }

  /** An IPv4 address of this machine other than loopback, if it has one. */
  private static Optional<InetAddress> networkAddress() {
    try {
      return NetworkInterface.networkInterfaces()
          .filter(
              network -> {
                try {
                  return network.isUp() && !network.isLoopback();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .flatMap(NetworkInterface::inetAddresses)
          .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
          .findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean accepts(InetAddress address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
