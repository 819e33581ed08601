package dev.flock.web.backend;

/**
 * A user in a list, as the reader sees them: how many follow them, whether the reader does, and so
 * what their Follow / Unfollow button of the page's follow form sends ({@code followButton}: the
 * name of the button of {@code follow.xhtml}'s form it stands for). Components, not methods: EL
 * reads a record's components only.
 */
public record UserView(
    String username, long followers, boolean followedByReader, String followButton) {

  public static UserView of(String username, long followers, boolean followedByReader) {
    return new UserView(
        username,
        followers,
        followedByReader,
        followedByReader ? "follow:unfollow" : "follow:follow");
  }
}
