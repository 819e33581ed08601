package dev.flock.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bookmarkable hashtag URLs reach their Faces view; anything else under /tags/ is a 404. */
class TagUrlFilterTest {

  private final TagUrlFilter filter = new TagUrlFilter();
  private final RecordingResponse response = new RecordingResponse();
  private final RestOfChain chain = RestOfChain.serving();

  @ParameterizedTest
  @CsvSource({
    "/tags/flock, /tag.xhtml?tag=flock",
    "/tags/Flock/, /tag.xhtml?tag=Flock",
    "/tags/caf%C3%A9, /tag.xhtml?tag=caf%C3%A9",
    "/tags/a%26tag%3Dx, /tag.xhtml?tag=a%26tag%3Dx"
  })
  void aTagUrlIsForwardedToItsViewWithTheTagAsAParameter(String path, String view)
      throws Exception {
    BrowserRequest request = BrowserRequest.get(path);

    filter.doFilter(request, response, chain);

    assertThat(request.forwardedTo()).isEqualTo(view);
    assertThat(chain.reached()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/tags", "/tags/", "/tags/a/b", "/tags//"})
  void anythingElseUnderTagsIs404(String path) throws Exception {
    BrowserRequest request = BrowserRequest.get(path);

    filter.doFilter(request, response, chain);

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(request.forwardedTo()).isNull();
  }
}
