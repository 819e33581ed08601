package dev.flock.system;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A minimal browser without JavaScript: it keeps cookies, submits forms as they are on the page
 * (hidden fields included) and follows redirects. It remembers every Set-Cookie it was sent.
 */
final class Browser {

  private final CookieManager cookies = new CookieManager();
  private final HttpClient http;
  private final List<String> setCookieHeaders = new ArrayList<>();
  private URI base;
  private Page page;
  private String forwardedFor;

  /** A fetched page: its status, its final URL, its headers and its parsed document. */
  record Page(int status, URI url, HttpHeaders headers, Document document) {
    String text() {
      return document.body().text();
    }

    String html() {
      return document.html();
    }
  }

  Browser(URI base) {
    this.base = base;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /**
   * Sends every request as if through a proxy of the site's for a client at {@code address} ({@code
   * X-Forwarded-For}: believed by a site that trusts this machine as its proxy).
   */
  Browser forwardedFor(String address) {
    this.forwardedFor = address;
    return this;
  }

  /** Continues on another web instance (same host, so the same cookies). */
  Browser on(URI otherBase) {
    this.base = otherBase;
    return this;
  }

  Page open(String path) {
    return navigate(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  /**
   * Submits the form {@code formId} of the current page: its fields as they are, overridden by
   * {@code fields} (names without the form prefix), pressing {@code button}.
   */
  Page submit(String formId, String button, Map<String, String> fields) {
    Element form = page.document().getElementById(formId);
    if (form == null) {
      throw new AssertionError("No form '" + formId + "' on " + page.url() + ":\n" + page.text());
    }
    return submit(form, button, fields);
  }

  /** Submits the first form of the current page that {@code cssQuery} selects, as above. */
  Page submitFormMatching(String cssQuery, String button, Map<String, String> fields) {
    Element form = page.document().selectFirst(cssQuery);
    if (form == null) {
      throw new AssertionError("No form " + cssQuery + " on " + page.url() + ":\n" + page.text());
    }
    return submit(form, button, fields);
  }

  /**
   * Presses the first button of the current page that {@code cssQuery} selects: sends its form's
   * fields as they are, and the button's name and value, as a browser does.
   */
  Page press(String cssQuery) {
    Element button = page.document().selectFirst(cssQuery);
    if (button == null) {
      throw new AssertionError("No button " + cssQuery + " on " + page.url() + ":\n" + page.text());
    }
    Element form =
        button.hasAttr("form")
            ? page.document().getElementById(button.attr("form"))
            : button.closest("form");
    Map<String, String> values = new LinkedHashMap<>();
    for (Element input : form.select("input[name]:not([type=submit]), textarea[name]")) {
      values.put(
          input.attr("name"), input.tagName().equals("textarea") ? input.text() : input.val());
    }
    values.put(button.attr("name"), button.val());
    return post(page.url().resolve(form.attr("action")), values);
  }

  private Page submit(Element form, String button, Map<String, String> fields) {
    String formId = form.id();
    Map<String, String> values = new LinkedHashMap<>();
    for (Element input : form.select("input, textarea")) {
      String type = input.attr("type");
      if (!input.hasAttr("name") || type.equals("submit")) {
        continue;
      }
      values.put(
          input.attr("name"), input.tagName().equals("textarea") ? input.text() : input.val());
    }
    fields.forEach((name, value) -> values.put(formId + ":" + name, value));
    values.put(formId + ":" + button, button);
    return post(page.url().resolve(form.attr("action")), values);
  }

  /** A raw form post, as another site could make the browser send it. */
  Page post(URI url, Map<String, String> values) {
    String body =
        values.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    return navigate(
        HttpRequest.newBuilder(url)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  Page page() {
    return page;
  }

  URI base() {
    return base;
  }

  List<String> setCookieHeaders() {
    return setCookieHeaders;
  }

  /** The current value of a cookie, or null. */
  String cookie(String name) {
    return cookies.getCookieStore().getCookies().stream()
        .filter(cookie -> cookie.getName().equals(name))
        .map(HttpCookie::getValue)
        .findFirst()
        .orElse(null);
  }

  void setCookie(String name, String value) {
    HttpCookie cookie = new HttpCookie(name, value);
    cookie.setPath("/");
    cookie.setVersion(0);
    cookies.getCookieStore().add(base, cookie);
  }

  private Page navigate(HttpRequest.Builder request) {
    if (forwardedFor != null) {
      request.header("X-Forwarded-For", forwardedFor);
    }
    try {
      HttpResponse<String> response =
          http.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      for (int hops = 0; hops < 5 && response.statusCode() / 100 == 3; hops++) {
        setCookieHeaders.addAll(response.headers().allValues("Set-Cookie"));
        URI next = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
        HttpRequest.Builder redirected =
            HttpRequest.newBuilder(next).timeout(Duration.ofSeconds(30)).GET();
        if (forwardedFor != null) {
          redirected.header("X-Forwarded-For", forwardedFor);
        }
        response = http.send(redirected.build(), HttpResponse.BodyHandlers.ofString());
      }
      setCookieHeaders.addAll(response.headers().allValues("Set-Cookie"));
      page =
          new Page(
              response.statusCode(),
              response.uri(),
              response.headers(),
              Jsoup.parse(response.body(), response.uri().toString()));
      return page;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
