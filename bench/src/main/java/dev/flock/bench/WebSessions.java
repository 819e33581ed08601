package dev.flock.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signs users in through the site's login form, as a browser does, for wrk's Lua scripts: GET
 * /login (the {@code flock_csrf} cookie and the same token in the {@code _csrf} hidden field), then
 * POST the {@code signin} form, which answers 303 with the {@code flock_session} cookie, then GET /
 * for the token its forms repeat, bound to that session. Writes one line per user: {@code user
 * session csrf followTarget targetsPost}, the last the newest post of the follow target (what LIKE
 * likes and unlikes). (wrk keeps one Lua state per thread, not per connection, and has no way to
 * make a request outside the measured run, so signing in happens here, before the run.)
 */
final class WebSessions {

  private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  private static final Pattern POST_ID =
      Pattern.compile("<article class=\"post\" id=\"post-(\\w+)\"");

  private WebSessions() {}

  /** {@code sessions --base http://localhost:8080 --shape S --users 64 --out file}. */
  static int run(Options options) throws Exception {
    Shape shape = Shape.of(options.get("shape"));
    int users = options.integer("users", 16);
    if (users > shape.users()) {
      System.err.printf(
          "%d connections need %d users; shape %s has %d%n",
          users, users, shape.name(), shape.users());
      return 2;
    }
    String base = options.get("base");
    HttpClient http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(users, 4));
    try {
      List<String> lines =
          DataSet.parallel(
              pool,
              users,
              i -> {
                try {
                  String target = shape.user(shape.followTarget(i));
                  return signIn(http, base, shape.user(i))
                      + " "
                      + target
                      + " "
                      + newestPostOf(http, base, target);
                } catch (IOException | InterruptedException e) {
                  throw new IllegalStateException(shape.user(i) + ": " + e, e);
                }
              });
      Files.write(Path.of(options.get("out")), lines);
      return 0;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Signs in, retrying a 503 (the web tier's deadline, while the machine is busy) a few times. */
  static String signIn(HttpClient http, String base, String user)
      throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return signInOnce(http, base, user);
      } catch (IllegalStateException e) {
        if (attempt == 5) {
          throw e;
        }
        Thread.sleep(500L * attempt);
      }
    }
  }

  private static String signInOnce(HttpClient http, String base, String user)
      throws IOException, InterruptedException {
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/login"))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String csrfCookie = cookie(page, "flock_csrf");
    Matcher field = CSRF_FIELD.matcher(page.body());
    if (page.statusCode() != 200 || csrfCookie == null || !field.find()) {
      throw new IllegalStateException(
          "GET /login: status " + page.statusCode() + ", no CSRF token");
    }
    Map<String, String> form = new LinkedHashMap<>();
    form.put("signin", "signin");
    form.put("_csrf", field.group(1));
    form.put("next", "/");
    form.put("signin:username", user);
    form.put("signin:password", Shape.PASSWORD);
    form.put("signin:submit", "Sign in");
    form.put("jakarta.faces.ViewState", "stateless");
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/login"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "flock_csrf=" + csrfCookie)
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String session = cookie(answer, "flock_session");
    if (answer.statusCode() != 303 || session == null) {
      throw new IllegalStateException(
          "POST /login: status " + answer.statusCode() + ", no session cookie");
    }
    // Signed in, forms repeat a token bound to the session: read it from a page, as a browser does.
    HttpResponse<String> home =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/"))
                .timeout(Duration.ofSeconds(30))
                .header("Cookie", "flock_session=" + session)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Matcher signedInField = CSRF_FIELD.matcher(home.body());
    if (home.statusCode() != 200 || !signedInField.find()) {
      throw new IllegalStateException("GET /: status " + home.statusCode() + ", no CSRF token");
    }
    return user + " " + session + " " + signedInField.group(1);
  }

  /** The id of {@code user}'s newest post on their profile, or "-" on a site without likes. */
  private static String newestPostOf(HttpClient http, String base, String user)
      throws IOException, InterruptedException {
    HttpResponse<String> profile =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/users/" + user))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (profile.statusCode() != 200) {
      throw new IllegalStateException("GET /users/" + user + ": status " + profile.statusCode());
    }
    Matcher post = POST_ID.matcher(profile.body());
    return post.find() ? post.group(1) : "-";
  }

  static String encode(Map<String, String> form) {
    List<String> pairs = new ArrayList<>();
    form.forEach(
        (name, value) ->
            pairs.add(
                URLEncoder.encode(name, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return String.join("&", pairs);
  }

  private static String cookie(HttpResponse<?> response, String name) {
    for (String header : response.headers().allValues("set-cookie")) {
      if (header.startsWith(name + "=")) {
        return header.substring(name.length() + 1).split(";", 2)[0];
      }
    }
    return null;
  }
}
