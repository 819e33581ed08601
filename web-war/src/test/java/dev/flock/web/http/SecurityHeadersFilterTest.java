package dev.flock.web.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What every answer carries, and redirects that stay relative. */
class SecurityHeadersFilterTest {

  private final SecurityHeadersFilter filter = new SecurityHeadersFilter();
  private final RecordingResponse response = new RecordingResponse();

  @ParameterizedTest
  @ValueSource(strings = {"/", "/users/bob", "/login", "/errors/404.xhtml", "/resources"})
  void aPageCarriesTheSecurityHeadersAndIsNotCached(String path) throws Exception {
    filter.doFilter(BrowserRequest.get(path), response, RestOfChain.serving());

    assertThat(response.getHeader("Content-Security-Policy"))
        .isEqualTo(
            "default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none';"
                + " form-action 'self'; base-uri 'self'");
    assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(response.getHeader("X-Frame-Options")).isEqualTo("DENY");
    assertThat(response.getHeader("Referrer-Policy")).isEqualTo("same-origin");
    assertThat(response.getHeader("Cache-Control")).isEqualTo("private, no-store");
  }

  @ParameterizedTest
  @CsvSource({
    "'', /resources/css/flock.css",
    "'', /jakarta.faces.resource/faces.js.xhtml",
    "/flock, /resources/css/flock.css",
    "/flock, /jakarta.faces.resource/faces.js.xhtml"
  })
  void aStaticResourceMayBeCachedButCarriesTheSecurityHeaders(String context, String path)
      throws Exception {
    filter.doFilter(BrowserRequest.get(path).inContext(context), response, RestOfChain.serving());

    assertThat(response.containsHeader("Cache-Control")).isFalse();
    assertThat(response.getHeader("Content-Security-Policy")).startsWith("default-src 'self'");
    assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
  }

  @Test
  void theHeadersAreThereBeforeThePageIsWritten() throws Exception {
    filter.doFilter(
        BrowserRequest.get("/"),
        response,
        RestOfChain.doing(
            (request, answer) -> {
              answer.getWriter().write("<html>");
              answer.flushBuffer(); // committed: headers set from now on are lost
            }));

    assertThat(response.getHeaderNames())
        .contains(
            "Content-Security-Policy",
            "X-Content-Type-Options",
            "X-Frame-Options",
            "Referrer-Policy",
            "Cache-Control");
  }

  @Test
  void aRedirectKeepsItsLocationAsGiven() throws Exception {
    filter.doFilter(
        BrowserRequest.post("/login"),
        response,
        RestOfChain.doing(
            (request, answer) -> {
              answer.getWriter().write("half a page");
              ((HttpServletResponse) answer).sendRedirect("/users/bob?notice=followed");
            }));

    assertThat(response.getStatus()).isEqualTo(302);
    assertThat(response.getHeader("Location")).isEqualTo("/users/bob?notice=followed");
    response.flushBuffer();
    assertThat(response.sentBody()).isEmpty();
  }

  @Test
  void aRedirectAfterTheAnswerHasBegunIsRefused() throws Exception {
    RestOfChain late =
        RestOfChain.doing(
            (request, answer) -> {
              answer.flushBuffer();
              ((HttpServletResponse) answer).sendRedirect("/login");
            });

    assertThatThrownBy(() -> filter.doFilter(BrowserRequest.get("/"), response, late))
        .isInstanceOf(IllegalStateException.class);
    assertThat(response.containsHeader("Location")).isFalse();
  }
}
