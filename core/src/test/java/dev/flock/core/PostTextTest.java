package dev.flock.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flock.core.PostText.Part;
import dev.flock.core.PostText.Part.Kind;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostTextTest {

  @Test
  void mentionsAndTagsAreFoundWhereverAWordStarts() {
    assertThat(PostText.parts("hi @Bob, see #Flock_2026!\n#café @al"))
        .containsExactly(
            new Part("hi ", Kind.TEXT, ""),
            new Part("@Bob", Kind.MENTION, "bob"),
            new Part(", see ", Kind.TEXT, ""),
            new Part("#Flock_2026", Kind.TAG, "flock_2026"),
            new Part("!\n", Kind.TEXT, ""),
            new Part("#café", Kind.TAG, "café"),
            new Part(" @al", Kind.TEXT, ""));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "mail me at ann@example.org",
        "issue x#12",
        "#123",
        "@ab",
        "@this_name_is_far_too_long",
        "a lone # and @",
        "<b>#</b>"
      })
  void whatIsNotAMentionOrTagStaysText(String text) {
    assertThat(PostText.parts(text)).containsExactly(new Part(text, Kind.TEXT, ""));
    assertThat(PostText.mentions(text)).isEmpty();
    assertThat(PostText.tags(text)).isEmpty();
  }

  @Test
  void markupAroundALinkStaysText() {
    assertThat(PostText.parts("<script>@bob</script>"))
        .containsExactly(
            new Part("<script>", Kind.TEXT, ""),
            new Part("@bob", Kind.MENTION, "bob"),
            new Part("</script>", Kind.TEXT, ""));
  }

  @Test
  void eachNameOrTagCountsOnceAndAtMostTenArePerPost() {
    String many =
        String.join(" ", IntStream.range(0, 15).mapToObj(i -> "@user" + i + " #t" + i).toList());

    assertThat(PostText.mentions("@bob @Bob @BOB @carol")).containsExactly("bob", "carol");
    assertThat(PostText.mentions(many)).hasSize(PostText.MAX_LINKS).first().isEqualTo("user0");
    assertThat(PostText.tags(many)).hasSize(PostText.MAX_LINKS);
  }

  @Test
  void aTagFromAnAddressIsReadAsInAPost() {
    assertThat(PostText.tagOrNull("Flock")).isEqualTo("flock");
    assertThat(PostText.tagOrNull("cafe\u0301")).isEqualTo("café");
    assertThat(PostText.tagOrNull("two words")).isNull();
    assertThat(PostText.tagOrNull("123")).isNull();
    assertThat(PostText.tagOrNull("")).isNull();
    assertThat(PostText.tagOrNull("a/b")).isNull();
  }

  @Test
  void anEmptyTextIsOneEmptyPart() {
    assertThat(PostText.parts("")).containsExactly(new Part("", Kind.TEXT, ""));
  }
}
