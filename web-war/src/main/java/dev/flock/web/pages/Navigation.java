package dev.flock.web.pages;

import dev.flock.core.FlockException;
import dev.flock.web.http.TooManyRequests;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** What every page bean does the same way: redirect after a post, and show a message. */
final class Navigation {

  private Navigation() {}

  /** Post/redirect/get with 303 See Other to a path of the site, e.g. {@code /?notice=posted}. */
  static void redirect(String path) {
    FacesContext faces = FacesContext.getCurrentInstance();
    ExternalContext external = faces.getExternalContext();
    HttpServletResponse response = response();
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader("Location", external.getRequestContextPath() + path);
    faces.responseComplete();
  }

  /** The servlet response, which is no CDI bean: it is reached through Faces. */
  static HttpServletResponse response() {
    return (HttpServletResponse)
        FacesContext.getCurrentInstance().getExternalContext().getResponse();
  }

  /**
   * Shows {@code failure}'s message on the page, unless it is not the user's to fix. Over a rate
   * limit, the page (the form, with what was typed) comes with 429 and {@code Retry-After}.
   */
  static void show(FlockException failure) {
    if (failure.reason() == FlockException.Reason.RESOURCE_EXHAUSTED) {
      TooManyRequests.answer(response(), failure);
    }
    switch (failure.reason()) {
      case INVALID_ARGUMENT,
          ALREADY_EXISTS,
          FAILED_PRECONDITION,
          UNAUTHENTICATED,
          RESOURCE_EXHAUSTED ->
          FacesContext.getCurrentInstance()
              .addMessage(
                  null, new FacesMessage(FacesMessage.SEVERITY_ERROR, failure.getMessage(), null));
      default -> throw failure;
    }
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * A path of this site to go back to, never another site (no open redirect). Browsers drop tabs,
   * line breaks and backslash-slash confusions from a {@code Location} before they read it ({@code
   * /\t/evil.example} becomes {@code //evil.example}), so a value holding any of them is refused
   * outright, and what is left must parse as a path with no scheme and no host.
   */
  static String safeLocalPath(String next) {
    if (next == null
        || next.chars().anyMatch(c -> Character.isISOControl(c) || c == '\\')
        || !next.startsWith("/")
        || next.startsWith("//")) {
      return "/";
    }
    try {
      URI uri = new URI(next);
      if (uri.getScheme() != null || uri.getRawAuthority() != null) {
        return "/";
      }
      return uri.toASCIIString();
    } catch (URISyntaxException e) {
      return "/";
    }
  }
}
