package dev.flock.web.backend;

/**
 * A post's page: the post, the post it answers ({@code answered}, null when it answers nothing or
 * that post was deleted) and a page of its replies, oldest first.
 */
public record ThreadView(PostView post, PostView answered, PageView<PostView> replies) {}
