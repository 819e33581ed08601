package dev.flock.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flock.web.auth.SessionCookie;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Base64;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What reaches Faces: which methods, which forms, from where, with which CSRF token. */
class PostbackFilterTest {

  /** A token as the filter makes them: 32 random bytes, URL-safe Base64 without padding. */
  private static final String TOKEN = "AwoRGB8mLTQ7QklQV15lbHN6gYiPlp2kq7K5wMfO1dw";

  /** A session token, as the backend issues them. */
  private static final String SESSION = "s3ss10n-t0ken-0f-the-br0wser-s1gned-1n-here";

  private static final String OTHER_TOKEN =
      Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);

  private final PostbackFilter filter = new PostbackFilter();
  private final RecordingResponse response = new RecordingResponse();
  private final RestOfChain faces = RestOfChain.serving();

  /** A form of one of Flock's pages as the browser sends it back: POST, same origin, token. */
  private static BrowserRequest form() {
    return BrowserRequest.post("/index.xhtml")
        .header("Sec-Fetch-Site", "same-origin")
        .cookie(PostbackFilter.COOKIE, TOKEN)
        .parameter("jakarta.faces.ViewState", "stateless")
        .parameter(PostbackFilter.FIELD, TOKEN)
        .parameter("draft", "hello");
  }

  private void filter(HttpServletRequest request) throws IOException, ServletException {
    filter.doFilter(request, response, faces);
  }

  // Pages: every browser gets a token.

  @Test
  void aFirstVisitGetsAFreshTokenInAnHttpOnlySameSiteCookie() throws Exception {
    BrowserRequest request = BrowserRequest.get("/index.xhtml");

    filter(request);

    assertThat(faces.reached()).isTrue();
    assertThat(response.cookies()).hasSize(1);
    Cookie cookie = response.cookies().getFirst();
    assertThat(cookie.getName()).isEqualTo(PostbackFilter.COOKIE);
    assertThat(cookie.getValue()).matches("[A-Za-z0-9_-]{43}");
    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(cookie.getAttribute("SameSite")).isEqualTo("Lax");
    assertThat(cookie.getPath()).isEqualTo("/");
    assertThat(cookie.getSecure()).isFalse();
    assertThat(cookie.getMaxAge()).as("lives for the browser session").isEqualTo(-1);

    CsrfToken csrf = new CsrfToken();
    csrf.request = request;
    assertThat(csrf.getToken())
        .as("the token the page's forms repeat")
        .isEqualTo(cookie.getValue());
    assertThat(csrf.getField()).isEqualTo(PostbackFilter.FIELD);
  }

  @Test
  void eachBrowserGetsAToken() throws Exception {
    filter.doFilter(BrowserRequest.get("/index.xhtml"), response, RestOfChain.serving());
    filter.doFilter(BrowserRequest.get("/index.xhtml"), response, RestOfChain.serving());

    assertThat(response.cookies()).extracting(Cookie::getValue).doesNotHaveDuplicates().hasSize(2);
  }

  @Test
  void overHttpsTheCookieIsSecure() throws Exception {
    filter(BrowserRequest.get("/index.xhtml").overHttps());

    assertThat(response.cookies().getFirst().getSecure()).isTrue();
  }

  @Test
  void aBrowserKeepsItsToken() throws Exception {
    BrowserRequest request =
        BrowserRequest.get("/index.xhtml").cookie(PostbackFilter.COOKIE, TOKEN);

    filter(request);

    assertThat(faces.reached()).isTrue();
    assertThat(response.cookies()).isEmpty();
    assertThat(request.getAttribute(PostbackFilter.ATTRIBUTE)).isEqualTo(TOKEN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"short", "x", TOKEN + "A"})
  void aCookieThatIsNoTokenOfOursIsReplaced(String value) throws Exception {
    BrowserRequest request =
        BrowserRequest.get("/index.xhtml").cookie(PostbackFilter.COOKIE, value);

    filter(request);

    assertThat(response.cookies()).hasSize(1);
    String fresh = response.cookies().getFirst().getValue();
    assertThat(fresh).hasSize(43).isNotEqualTo(value);
    assertThat(request.getAttribute(PostbackFilter.ATTRIBUTE)).isEqualTo(fresh);
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "HEAD"})
  void aPageIsReadWithGetOrHead(String method) throws Exception {
    filter(BrowserRequest.of(method, "/users"));

    assertThat(faces.reached()).isTrue();
    assertThat(response.errorSent()).isFalse();
  }

  // Methods.

  @ParameterizedTest
  @ValueSource(strings = {"PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "post", "get"})
  void anyOtherMethodIs405(String method) throws Exception {
    BrowserRequest request = BrowserRequest.of(method, "/index.xhtml");

    filter(request);

    assertThat(faces.reached()).isFalse();
    assertThat(response.getStatus()).isEqualTo(405);
    assertThat(response.getHeader("Allow")).isEqualTo("GET, HEAD, POST");
    assertThat(response.cookies()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"PUT", "DELETE", "PATCH"})
  void aWellFormedFormSentWithAnotherMethodIs405Too(String method) throws Exception {
    BrowserRequest request =
        BrowserRequest.of(method, "/index.xhtml")
            .header("Sec-Fetch-Site", "same-origin")
            .cookie(PostbackFilter.COOKIE, TOKEN)
            .parameter("jakarta.faces.ViewState", "stateless")
            .parameter(PostbackFilter.FIELD, TOKEN);

    filter(request);

    assertThat(faces.reached()).isFalse();
    assertThat(response.getStatus()).isEqualTo(405);
  }

  // Forms.

  @Test
  void aFormPostedWithItsTokenReachesFaces() throws Exception {
    BrowserRequest request = form();

    filter(request);

    assertThat(faces.reached()).isTrue();
    assertThat(response.errorSent()).isFalse();
    assertThat(response.cookies()).as("the browser keeps its token").isEmpty();
    assertThat(request.getAttribute(PostbackFilter.ATTRIBUTE)).isEqualTo(TOKEN);
  }

  @Test
  void theFormIsReadAsUtf8() throws Exception {
    BrowserRequest request = form();

    filter(request);

    assertThat(request.getCharacterEncoding()).isEqualTo("UTF-8");
  }

  static Stream<Arguments> postsWithoutAValidToken() {
    return Stream.of(
        forgery("no cookie and no field", UnaryOperator.identity()),
        forgery("a cookie but no field", request -> request.cookie(PostbackFilter.COOKIE, TOKEN)),
        forgery("a field but no cookie", request -> request.parameter(PostbackFilter.FIELD, TOKEN)),
        forgery(
            "a field that is not the cookie",
            request ->
                request
                    .cookie(PostbackFilter.COOKIE, TOKEN)
                    .parameter(PostbackFilter.FIELD, OTHER_TOKEN)),
        forgery(
            "an empty field",
            request ->
                request.cookie(PostbackFilter.COOKIE, TOKEN).parameter(PostbackFilter.FIELD, "")),
        forgery(
            "the field twice",
            request ->
                request
                    .cookie(PostbackFilter.COOKIE, TOKEN)
                    .parameter(PostbackFilter.FIELD, TOKEN, TOKEN)),
        forgery(
            "a cookie that is no token, repeated in the field",
            request ->
                request
                    .cookie(PostbackFilter.COOKIE, "chosen-by-the-attacker")
                    .parameter(PostbackFilter.FIELD, "chosen-by-the-attacker")),
        forgery(
            "an empty cookie, repeated in the field",
            request ->
                request.cookie(PostbackFilter.COOKIE, "").parameter(PostbackFilter.FIELD, "")),
        forgery(
            "signed in, the visitor token from before the sign-in",
            request ->
                request
                    .cookie(PostbackFilter.COOKIE, TOKEN)
                    .cookie(SessionCookie.SESSION, SESSION)
                    .parameter(PostbackFilter.FIELD, TOKEN)),
        forgery(
            "signed in, the token of another session",
            request ->
                request
                    .cookie(PostbackFilter.COOKIE, TOKEN)
                    .cookie(SessionCookie.SESSION, SESSION)
                    .parameter(PostbackFilter.FIELD, PostbackFilter.boundTo("another-session"))),
        forgery(
            "signed in, the session token itself",
            request ->
                request
                    .cookie(PostbackFilter.COOKIE, TOKEN)
                    .cookie(SessionCookie.SESSION, SESSION)
                    .parameter(PostbackFilter.FIELD, SESSION)));
  }

  @Test
  void signedInAFormRepeatsATokenBoundToTheSessionWhichPagesGiveItsForms() throws Exception {
    String bound = PostbackFilter.boundTo(SESSION);
    BrowserRequest request =
        BrowserRequest.post("/index.xhtml")
            .header("Sec-Fetch-Site", "same-origin")
            .cookie(PostbackFilter.COOKIE, TOKEN)
            .cookie(SessionCookie.SESSION, SESSION)
            .parameter("jakarta.faces.ViewState", "stateless")
            .parameter(PostbackFilter.FIELD, bound);

    filter(request);

    assertThat(faces.reached()).isTrue();
    assertThat(request.getAttribute(PostbackFilter.ATTRIBUTE)).isEqualTo(bound);
    assertThat(bound)
        .matches("[A-Za-z0-9_-]{43}")
        .isNotEqualTo(PostbackFilter.boundTo(SESSION + "x"))
        .isNotEqualTo(TOKEN);
  }

  private static Arguments forgery(String name, UnaryOperator<BrowserRequest> marks) {
    return Arguments.of(name, marks);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("postsWithoutAValidToken")
  void aFormWithoutAValidTokenIs403(String name, UnaryOperator<BrowserRequest> marks)
      throws Exception {
    filter(
        marks.apply(
            BrowserRequest.post("/index.xhtml")
                .header("Sec-Fetch-Site", "same-origin")
                .parameter("jakarta.faces.ViewState", "stateless")));

    assertThat(faces.reached()).isFalse();
    assertThat(response.getStatus()).isEqualTo(403);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("postsWithoutAValidToken")
  void aPostWithoutViewStateNeedsTheTokenAllTheSame(
      String name, UnaryOperator<BrowserRequest> marks) throws Exception {
    filter(marks.apply(BrowserRequest.post("/login").header("Sec-Fetch-Site", "same-origin")));

    assertThat(faces.reached()).isFalse();
    assertThat(response.getStatus()).isEqualTo(403);
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "HEAD"})
  void aFormSentByGetOrHeadIs403EvenWithItsToken(String method) throws Exception {
    BrowserRequest request =
        BrowserRequest.of(method, "/users/bob")
            .header("Sec-Fetch-Site", "same-origin")
            .cookie(PostbackFilter.COOKIE, TOKEN)
            .parameter("jakarta.faces.ViewState", "stateless")
            .parameter(PostbackFilter.FIELD, TOKEN);

    filter(request);

    assertThat(faces.reached()).isFalse();
    assertThat(response.getStatus()).isEqualTo(403);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "stateful", "-4711:1234", "STATELESS", " stateless"})
  void aViewStateOtherThanStatelessIs400(String viewState) throws Exception {
    filter(form().parameter("jakarta.faces.ViewState", viewState));

    assertThat(faces.reached()).isFalse();
    assertThat(response.getStatus()).isEqualTo(400);
  }

  @Test
  void aViewStateSentTwiceIs400() throws Exception {
    BrowserRequest request =
        BrowserRequest.post("/index.xhtml")
            .header("Sec-Fetch-Site", "same-origin")
            .cookie(PostbackFilter.COOKIE, TOKEN)
            .parameter("jakarta.faces.ViewState", "stateless", "stateless")
            .parameter(PostbackFilter.FIELD, TOKEN);

    filter(request);

    assertThat(faces.reached()).isFalse();
    assertThat(response.getStatus()).isEqualTo(400);
  }

  @Test
  void aGarbledViewStateIs400ByGetToo() throws Exception {
    filter(BrowserRequest.get("/index.xhtml").parameter("jakarta.faces.ViewState", "garbled"));

    assertThat(faces.reached()).isFalse();
    assertThat(response.getStatus()).isEqualTo(400);
  }

  // From where.

  @ParameterizedTest
  @ValueSource(strings = {"cross-site", "same-site"})
  void aFormTheBrowserSaysComesFromAnotherSiteIs403EvenWithItsToken(String fetchSite)
      throws Exception {
    BrowserRequest request =
        BrowserRequest.post("/index.xhtml")
            .header("Sec-Fetch-Site", fetchSite)
            .cookie(PostbackFilter.COOKIE, TOKEN)
            .parameter("jakarta.faces.ViewState", "stateless")
            .parameter(PostbackFilter.FIELD, TOKEN);

    filter(request);

    assertThat(faces.reached()).isFalse();
    assertThat(response.getStatus()).isEqualTo(403);
  }

  @Test
  void aFormFromAnotherOriginIs403EvenWithItsToken() throws Exception {
    BrowserRequest request =
        BrowserRequest.post("/index.xhtml")
            .header("Host", "flock.example")
            .header("Origin", "https://evil.example")
            .cookie(PostbackFilter.COOKIE, TOKEN)
            .parameter("jakarta.faces.ViewState", "stateless")
            .parameter(PostbackFilter.FIELD, TOKEN);

    filter(request);

    assertThat(faces.reached()).isFalse();
    assertThat(response.getStatus()).isEqualTo(403);
  }

  static Stream<Arguments> origins() {
    return Stream.of(
        Arguments.of("no marks at all (the token alone decides)", request(), false),
        Arguments.of("same-origin", request().header("Sec-Fetch-Site", "same-origin"), false),
        Arguments.of("none (typed by the user)", request().header("Sec-Fetch-Site", "none"), false),
        Arguments.of(
            "same-site (a sibling host)", request().header("Sec-Fetch-Site", "same-site"), true),
        Arguments.of("cross-site", request().header("Sec-Fetch-Site", "cross-site"), true),
        Arguments.of(
            "Sec-Fetch-Site outranks Origin",
            request()
                .header("Sec-Fetch-Site", "same-origin")
                .header("Origin", "https://evil.example")
                .header("Host", "flock.example"),
            false),
        Arguments.of(
            "Sec-Fetch-Site outranks a matching Origin",
            request()
                .header("Sec-Fetch-Site", "cross-site")
                .header("Origin", "https://flock.example")
                .header("Host", "flock.example"),
            true),
        Arguments.of("Origin is the Host", origin("https://flock.example", "flock.example"), false),
        Arguments.of(
            "Origin is the Host, with the default port",
            origin("https://flock.example:443", "flock.example"),
            false),
        Arguments.of(
            "the Host has the default port",
            origin("http://flock.example", "flock.example:80"),
            false),
        Arguments.of(
            "host names in another case", origin("https://FLOCK.Example", "flock.example"), false),
        Arguments.of("the same port", origin("http://localhost:8080", "localhost:8080"), false),
        Arguments.of("another port", origin("http://localhost:8081", "localhost:8080"), true),
        Arguments.of("another host", origin("https://evil.example", "flock.example"), true),
        Arguments.of(
            "a host that starts like ours",
            origin("https://flock.example.evil.example", "flock.example"),
            true),
        Arguments.of("Origin null (a sandboxed page)", origin("null", "flock.example"), true),
        Arguments.of(
            "an Origin but no Host", request().header("Origin", "https://flock.example"), true));
  }

  private static BrowserRequest request() {
    return BrowserRequest.post("/index.xhtml");
  }

  private static BrowserRequest origin(String origin, String host) {
    return request().header("Origin", origin).header("Host", host);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("origins")
  void whetherTheBrowserSaysTheFormComesFromAnotherSite(
      String name, BrowserRequest request, boolean fromAnotherSite) {
    assertThat(PostbackFilter.fromAnotherSite(request)).isEqualTo(fromAnotherSite);
  }

  // Requests checked already, error pages and partial requests.

  @Test
  void aRequestForwardedAfterItsCheckIsNotCheckedAgain() throws Exception {
    BrowserRequest request = BrowserRequest.get("/users/bob");
    filter(request);
    Object token = request.getAttribute(PostbackFilter.ATTRIBUTE);

    RestOfChain view = RestOfChain.serving();
    filter.doFilter(request.dispatchedAs(DispatcherType.FORWARD), response, view);

    assertThat(view.reached()).isTrue();
    assertThat(response.cookies()).as("one token for one browser").hasSize(1);
    assertThat(request.getAttribute(PostbackFilter.ATTRIBUTE)).isEqualTo(token);
  }

  @Test
  void anErrorPageIsRenderedForARefusedFormAsAFullPage() throws Exception {
    BrowserRequest forged =
        BrowserRequest.post("/index.xhtml")
            .header("Faces-Request", "partial/ajax")
            .parameter("jakarta.faces.ViewState", "stateless")
            .parameter("jakarta.faces.partial.ajax", "true")
            .dispatchedAs(DispatcherType.ERROR);

    filter(forged);

    assertThat(faces.reached()).isTrue();
    assertThat(response.errorSent()).isFalse();
    HttpServletRequest errorPage = (HttpServletRequest) faces.request();
    assertThat(errorPage.getHeader("Faces-Request")).isNull();
    assertThat(errorPage.getParameterMap()).containsOnlyKeys("jakarta.faces.ViewState");
  }

  @Test
  void aPartialRequestIsServedAsAFullPage() throws Exception {
    filter(
        form()
            .header("Faces-Request", "partial/ajax")
            .parameter("jakarta.faces.partial.ajax", "true")
            .parameter("jakarta.faces.partial.execute", "@form"));

    assertThat(faces.reached()).isTrue();
    HttpServletRequest page = (HttpServletRequest) faces.request();
    assertThat(page.getHeader("Faces-Request")).isNull();
    assertThat(page.getParameterMap())
        .containsOnlyKeys("jakarta.faces.ViewState", PostbackFilter.FIELD, "draft");
  }

  @Test
  void aFullPageRequestReachesFacesAsItIs() throws Exception {
    BrowserRequest request = form();

    filter(request);

    assertThat(faces.request()).isSameAs(request);
  }
}
