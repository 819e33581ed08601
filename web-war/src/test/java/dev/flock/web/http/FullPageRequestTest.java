package dev.flock.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** A partial (ajax) request with its marks taken off, as Faces then sees it. */
class FullPageRequestTest {

  @Test
  void aRequestWithoutMarksIsLeftAsItIs() {
    BrowserRequest request = BrowserRequest.get("/users").parameter("q", "bo");

    assertThat(FullPageRequest.of(request)).isSameAs(request);
  }

  @Test
  void theFacesRequestHeaderIsTakenOffInAnyCase() {
    HttpServletRequest page =
        FullPageRequest.of(
            BrowserRequest.get("/users")
                .header("faces-request", "partial/ajax")
                .header("Accept", "text/html"));

    assertThat(page.getHeader("Faces-Request")).isNull();
    assertThat(page.getHeader("faces-request")).isNull();
    assertThat(Collections.list(page.getHeaders("FACES-REQUEST"))).isEmpty();
    assertThat(Collections.list(page.getHeaderNames())).containsExactly("Accept");
    assertThat(page.getHeader("Accept")).isEqualTo("text/html");
  }

  @Test
  void aPartialParameterAloneMarksARequestAndEveryOneIsTakenOff() {
    HttpServletRequest page =
        FullPageRequest.of(
            BrowserRequest.post("/index.xhtml")
                .parameter("jakarta.faces.partial.execute", "@form")
                .parameter("jakarta.faces.partial.render", "@all")
                .parameter("jakarta.faces.source", "post")
                .parameter("draft", "one", "two"));

    assertThat(page).isInstanceOf(FullPageRequest.class);
    assertThat(page.getParameterMap()).containsOnlyKeys("jakarta.faces.source", "draft");
    assertThat(Collections.list(page.getParameterNames()))
        .containsExactlyInAnyOrder("jakarta.faces.source", "draft");
    assertThat(page.getParameter("jakarta.faces.partial.execute")).isNull();
    assertThat(page.getParameterValues("jakarta.faces.partial.render")).isNull();
    assertThat(page.getParameter("draft")).isEqualTo("one");
    assertThat(page.getParameterValues("draft")).containsExactly("one", "two");
  }
}
