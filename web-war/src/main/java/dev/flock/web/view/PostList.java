package dev.flock.web.view;

import dev.flock.web.backend.PostView;
import jakarta.faces.component.FacesComponent;
import jakarta.faces.component.UIComponentBase;
import jakarta.faces.context.FacesContext;
import java.io.IOException;
import java.util.List;

/**
 * {@code <flock:posts value="#{...}" signedIn="#{currentUser.signedIn}"/>}: the posts of {@code
 * value}, a list of {@link PostView} or a single one, each written by {@link PostMarkup}. Signed
 * in, each ♥ is a button of the page's like form (like-form.xhtml); a visitor sees the counts
 * alone.
 *
 * <p>Why Java: a feed page of 20 posts written by a Facelets include inside a {@code ui:repeat}
 * took about 16 EL evaluations and five fragments per post, and that was most of the web tier's CPU
 * per page (BENCHMARKS.md, "FEED before issue 18 and now").
 */
@FacesComponent(createTag = true, namespace = PostList.NAMESPACE, tagName = "posts")
public class PostList extends UIComponentBase {

  /** The pages' {@code xmlns:flock}. */
  public static final String NAMESPACE = "dev.flock.web";

  public PostList() {
    setRendererType(null);
  }

  @Override
  public String getFamily() {
    return "dev.flock.web.Posts";
  }

  @Override
  public void encodeEnd(FacesContext context) throws IOException {
    PostMarkup markup =
        new PostMarkup(
            context.getResponseWriter(),
            context.getExternalContext().getRequestContextPath(),
            Boolean.TRUE.equals(getAttributes().get("signedIn")));
    for (PostView post : posts(getAttributes().get("value"))) {
      markup.write(post);
    }
  }

  private static List<PostView> posts(Object value) {
    return switch (value) {
      case null -> List.of();
      case PostView post -> List.of(post);
      case List<?> list -> list.stream().map(PostView.class::cast).toList();
      default ->
          throw new IllegalArgumentException("flock:posts takes posts, not " + value.getClass());
    };
  }
}
