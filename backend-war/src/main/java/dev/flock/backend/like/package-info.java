/**
 * Likes: a user likes a post at most once (liking again changes nothing, unliking undoes it); every
 * post shows how many like it, and each user's likes are listed, newest post first.
 *
 * <p>Cost per page: the likes of a page of 20 posts are one storage read (etcd: one transaction
 * holding, per post, a count-only range of its likes, which etcd counts in its in-memory index
 * without sending them, and a read of the reader's own like key); a page of a user's likes is one
 * range read of 21 keys and one read of those posts by id. Neither grows with the number of posts
 * or users; a count grows only with that one post's likes.
 */
package dev.flock.backend.like;
