/**
 * Likes: a user likes a post at most once (liking again changes nothing, unliking undoes it); every
 * post shows how many like it, and each user's likes are listed, newest post first.
 *
 * <p>Cost per page: the likes of a page of 20 posts are at most one storage read (etcd: one
 * transaction holding, per post, a range of its likes, whose count etcd takes from its in-memory
 * index, and a read of the reader's own like key). In etcd each backend keeps the likes of the
 * posts it showed lately, kept current by a watch: a home feed page whose posts it knows reads
 * nothing more than its posts, and another page one key (see {@code
 * dev.flock.backend.storage.etcd}). A page of a user's likes is one range read of 21 keys and one
 * read of those posts by id. None grows with the number of posts or users; a count grows only with
 * that one post's likes.
 */
package dev.flock.backend.like;
