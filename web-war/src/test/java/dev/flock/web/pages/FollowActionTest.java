package dev.flock.web.pages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FollowActionTest {

  @Test
  void theNoticeComesLastAndReplacesTheOneTheListCameWith() {
    assertThat(FollowAction.withNotice("/", "followed")).isEqualTo("/?notice=followed");
    assertThat(FollowAction.withNotice("/users?q=al&after=x", "followed"))
        .isEqualTo("/users?q=al&after=x&notice=followed");
    assertThat(FollowAction.withNotice("/users?notice=followed&q=al", "unfollowed"))
        .isEqualTo("/users?q=al&notice=unfollowed");
    assertThat(FollowAction.withNotice("/users/bob/followers?", "followed"))
        .isEqualTo("/users/bob/followers?notice=followed");
  }
}
