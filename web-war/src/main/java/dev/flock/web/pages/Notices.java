package dev.flock.web.pages;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Map;

/**
 * One-line confirmations after a redirect. The redirect URL carries only a key ({@code
 * ?notice=posted}), never the text, so nobody can make the site display words of their choice.
 * Application-scoped: it holds nothing of a request, so no bean is created per page.
 */
@Named
@ApplicationScoped
public class Notices {

  private static final Map<String, String> TEXTS =
      Map.ofEntries(
          Map.entry("welcome", "Welcome to Flock! Find people to follow to fill your feed."),
          Map.entry("signed-in", "You are signed in."),
          Map.entry("signed-out", "You are signed out. See you soon!"),
          Map.entry(
              "signed-out-everywhere", "You are signed out everywhere: every session has ended."),
          Map.entry("password-changed", "Your password is changed. Every other session has ended."),
          Map.entry("session-ended", "That session has ended."),
          Map.entry("account-deleted", "Your account is deleted. Goodbye!"),
          Map.entry("posted", "Your post is published."),
          Map.entry("replied", "Your reply is published."),
          Map.entry("followed", "You follow them now: their posts appear in your feed."),
          Map.entry("unfollowed", "You no longer follow them."));

  @Inject HttpServletRequest request;

  /**
   * The notice to show, or null. Read from the URL only, never from a form's body: a page may be
   * shown for a body nobody is to read (RequestLimitsFilter).
   */
  public String getText() {
    String query = request.getQueryString();
    if (query == null) {
      return null;
    }
    return Arrays.stream(query.split("&"))
        .filter(parameter -> parameter.startsWith("notice="))
        .findFirst()
        .map(parameter -> TEXTS.get(parameter.substring("notice=".length())))
        .orElse(null); // an unknown key shows nothing (found by FuzzIT: it was a 500)
  }
}
