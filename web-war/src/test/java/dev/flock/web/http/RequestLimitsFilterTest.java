package dev.flock.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Requests over a size limit go no further than the filter: 400 for URLs, 413 for bodies. */
class RequestLimitsFilterTest {

  private final RequestLimitsFilter filter = new RequestLimitsFilter();
  private final RecordingResponse response = new RecordingResponse();
  private final RestOfChain chain = RestOfChain.serving();

  @Test
  void ordinaryRequestsPass() throws Exception {
    BrowserRequest post =
        BrowserRequest.post("/index.xhtml")
            .contentLength(600)
            .parameter("compose:text", "ж".repeat(280))
            .parameter("compose:csrf", "t".repeat(43));

    filter.doFilter(post, response, chain);

    assertThat(chain.reached()).isTrue();
    assertThat(post.getCharacterEncoding()).as("parameters read as UTF-8").isEqualTo("UTF-8");
  }

  @Test
  void requestsAtEachLimitPass() throws Exception {
    BrowserRequest request =
        BrowserRequest.post("/" + "p".repeat(RequestLimitsFilter.MAX_PATH_CHARS - 1))
            .query("q=" + "a".repeat(RequestLimitsFilter.MAX_QUERY_CHARS - 2))
            .contentLength(RequestLimitsFilter.MAX_BODY_BYTES)
            .parameter("text", "x".repeat(RequestLimitsFilter.MAX_FIELD_CHARS));

    filter.doFilter(request, response, chain);

    assertThat(chain.reached()).isTrue();
  }

  @Test
  void aLongPathOrQueryIs400() throws Exception {
    filter.doFilter(
        BrowserRequest.get("/users/" + "b".repeat(RequestLimitsFilter.MAX_PATH_CHARS)),
        response,
        chain);
    assertThat(response.getStatus()).isEqualTo(400);

    RecordingResponse second = new RecordingResponse();
    filter.doFilter(
        BrowserRequest.get("/").query("after=" + "c".repeat(RequestLimitsFilter.MAX_QUERY_CHARS)),
        second,
        chain);
    assertThat(second.getStatus()).isEqualTo(400);
    assertThat(chain.reached()).isFalse();
  }

  @Test
  void aBodyOverTheLimitIs413UnreadAndTheConnectionCloses() throws Exception {
    BrowserRequest post =
        BrowserRequest.post("/index.xhtml").contentLength(3 * 1024 * 1024).parameter("text", "x");

    filter.doFilter(post, response, chain);

    assertThat(response.getStatus()).isEqualTo(413);
    assertThat(post.bodyBytesRead()).isZero();
    assertThat(response.getHeader("Connection")).isEqualTo("close");
    assertThat(post.forwardedTo())
        .as("its page, which reads no body")
        .isEqualTo("/errors/413.xhtml");
    assertThat(chain.reached()).isFalse();
  }

  @Test
  void aBodyJustOverTheLimitIsReadAndDroppedSoThatTheAnswerArrives() throws Exception {
    BrowserRequest post =
        BrowserRequest.post("/index.xhtml").contentLength(RequestLimitsFilter.MAX_BODY_BYTES + 1);

    filter.doFilter(post, response, chain);

    assertThat(response.getStatus()).isEqualTo(413);
    assertThat(post.bodyBytesRead()).isEqualTo(RequestLimitsFilter.MAX_BODY_BYTES + 1);
    assertThat(response.getHeader("Connection")).as("the connection stays open").isNull();
    assertThat(post.forwardedTo()).isEqualTo("/errors/413.xhtml");
    assertThat(chain.reached()).isFalse();
  }

  @Test
  void aBodyOfUnknownSizeIs411() throws Exception {
    BrowserRequest chunked =
        BrowserRequest.post("/index.xhtml").header("Transfer-Encoding", "chunked");

    filter.doFilter(chunked, response, chain);

    assertThat(response.getStatus()).isEqualTo(411);
    assertThat(chunked.forwardedTo()).isEqualTo("/errors/411.xhtml");
    assertThat(chain.reached()).isFalse();
  }

  @Test
  void aFieldOverItsLimitIs413() throws Exception {
    BrowserRequest post =
        BrowserRequest.post("/register")
            .contentLength(9_000)
            .parameter("password", "p".repeat(RequestLimitsFilter.MAX_FIELD_CHARS + 1));

    filter.doFilter(post, response, chain);

    assertThat(response.getStatus()).isEqualTo(413);
    assertThat(post.forwardedTo()).isEqualTo("/errors/413.xhtml");
    assertThat(chain.reached()).isFalse();
  }
}
