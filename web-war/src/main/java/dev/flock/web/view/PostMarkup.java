package dev.flock.web.view;

import dev.flock.web.backend.PostView;
import jakarta.faces.context.ResponseWriter;
import java.io.IOException;

/**
 * The markup of one post, written to a Faces {@link ResponseWriter}, which escapes every text and
 * attribute value: a post's text, its mention and tag links and its author's name can never carry
 * markup.
 *
 * <pre>{@code
 * <article class="post" id="post-{id}">
 *   <header><a class="author" href="/users/{author}">@{author}</a>
 *     <time datetime="{ISO instant}" title="{exact time}">{how long ago}</time></header>
 *   <p class="replying">replying to <a href="/posts/{id}">@{author}</a></p>   (a reply only)
 *   <p class="post-text">{text, with <a class="mention"> and <a class="tag"> links}</p>
 *   <footer><a class="reply-link" href="/posts/{id}">Reply</a>
 *     <button form="likes" class="likes" ...>♥ {count}</button></footer>   (a visitor: <span>)
 * </article>
 * }</pre>
 *
 * @param contextPath where the site's addresses start
 * @param signedIn whether the reader may like: then each ♥ is a button of the page's like form
 */
record PostMarkup(ResponseWriter out, String contextPath, boolean signedIn) {

  void write(PostView post) throws IOException {
    out.startElement("article", null);
    out.writeAttribute("class", "post", null);
    out.writeAttribute("id", "post-" + post.id(), null);
    header(post);
    if (!post.replyToId().isEmpty()) {
      out.startElement("p", null);
      out.writeAttribute("class", "replying", null);
      out.writeText("replying to ", null);
      link(null, "/posts/" + post.replyToId(), "@" + post.replyToAuthor());
      out.endElement("p");
    }
    text(post);
    footer(post);
    out.endElement("article");
  }

  private void header(PostView post) throws IOException {
    out.startElement("header", null);
    link("author", "/users/" + post.author(), "@" + post.author());
    out.writeText(" ", null);
    out.startElement("time", null);
    out.writeAttribute("datetime", post.createdAt().toString(), null);
    out.writeAttribute("title", post.createdAtExact(), null);
    out.writeText(post.createdAtText(), null);
    out.endElement("time");
    out.endElement("header");
  }

  /** The text, its mentions and hashtags as links; no white space between the parts. */
  private void text(PostView post) throws IOException {
    out.startElement("p", null);
    out.writeAttribute("class", "post-text", null);
    if (post.plain()) {
      out.writeText(post.text(), null);
    } else {
      for (PostView.Part part : post.parts()) {
        if (!part.user().isEmpty()) {
          link("mention", "/users/" + part.user(), part.text());
        } else if (!part.tag().isEmpty()) {
          link("tag", "/tags/" + part.tag(), part.text());
        } else {
          out.writeText(part.text(), null);
        }
      }
    }
    out.endElement("p");
  }

  private void footer(PostView post) throws IOException {
    out.startElement("footer", null);
    link("reply-link", "/posts/" + post.id(), "Reply");
    out.writeText(" ", null);
    String likes = "♥ " + post.likeCount();
    if (signedIn) {
      out.startElement("button", null);
      out.writeAttribute("type", "submit", null);
      out.writeAttribute("form", "likes", null);
      out.writeAttribute("class", "likes", null);
      out.writeAttribute("name", post.likeButton(), null);
      out.writeAttribute("value", post.id(), null);
      out.writeAttribute("aria-pressed", Boolean.toString(post.likedByReader()), null);
      out.writeText(likes, null);
      out.endElement("button");
    } else {
      out.startElement("span", null);
      out.writeAttribute("class", "likes", null);
      out.writeText(likes, null);
      out.endElement("span");
    }
    out.endElement("footer");
  }

  /** {@code <a class="{style}" href="{contextPath}{path}">{text}</a>}; no class when null. */
  private void link(String style, String path, String text) throws IOException {
    out.startElement("a", null);
    if (style != null) {
      out.writeAttribute("class", style, null);
    }
    out.writeAttribute("href", contextPath + path, null);
    out.writeText(text, null);
    out.endElement("a");
  }
}
