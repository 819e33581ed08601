package dev.flock.web.pages;

import dev.flock.core.FlockException;
import dev.flock.web.auth.CurrentUser;
import dev.flock.web.backend.FlockBackend;
import dev.flock.web.backend.PageView;
import dev.flock.web.backend.PostView;
import dev.flock.web.backend.ProfileView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.annotation.ManagedProperty;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** {@code /users/{name}}: a user's posts and counts, and the Follow / Unfollow button. */
@Named
@RequestScoped
public class ProfilePage {

  @Inject FlockBackend backend;
  @Inject CurrentUser currentUser;

  @Inject
  @ManagedProperty("#{param.name}")
  String name;

  @Inject
  @ManagedProperty("#{param.before}")
  String before;

  /** {@code likes} for the posts the user likes; their own posts otherwise. */
  @Inject
  @ManagedProperty("#{param.tab}")
  String tab;

  private ProfileView profile;
  private PageView<PostView> posts;

  /** View action: NOT_FOUND (a 404 page) for an unknown user, before anything is rendered. */
  public void load() {
    getProfile();
    var token = currentUser.signedIn().map(CurrentUser.SignedIn::token);
    posts =
        isLikesTab() ? backend.likedBy(name, token, before) : backend.postsBy(name, token, before);
  }

  public void follow() {
    change(true);
  }

  public void unfollow() {
    change(false);
  }

  private void change(boolean follow) {
    var user = currentUser.require();
    try {
      if (follow) {
        backend.follow(user.token(), name);
      } else {
        backend.unfollow(user.token(), name);
      }
      Navigation.redirect(
          "/users/" + Navigation.encode(name) + "?notice=" + (follow ? "followed" : "unfollowed"));
    } catch (FlockException failure) {
      Navigation.show(failure);
      profile = null;
      load();
    }
  }

  /** Whether the Follow / Unfollow button applies: signed in, and not one's own profile. */
  public boolean isFollowable() {
    return currentUser.isSignedIn() && !currentUser.getUsername().equals(name);
  }

  public boolean isOwnProfile() {
    return currentUser.isSignedIn() && currentUser.getUsername().equals(name);
  }

  public String getName() {
    return name;
  }

  /**
   * Loaded on first use, which on a form post is while the buttons are decoded: the view is rebuilt
   * from scratch on every request, so which button exists must be known then too.
   */
  public ProfileView getProfile() {
    if (profile == null) {
      if (name == null || name.isEmpty()) {
        throw FlockException.notFound("No user given.");
      }
      profile = backend.profile(name, currentUser.signedIn().map(CurrentUser.SignedIn::token));
    }
    return profile;
  }

  public PageView<PostView> getPosts() {
    return posts;
  }

  public boolean isLikesTab() {
    return "likes".equals(tab);
  }
}
