/**
 * Posts: publishing (1 to 280 characters), replies, and the lists of posts: each author's,
 * everyone's (the global timeline at {@code /explore}) and a post's replies.
 *
 * <p>Every list is paged (at most {@code PageRequest.MAX_SIZE}, 20 by default) with a post id as
 * its cursor. In etcd each list is a key range kept in the order it is read in (an author's and
 * everyone's posts newest first, a post's replies oldest first), holding whole copies of the posts,
 * so a page fetches 21 keys. etcd also walks the range's keys in its index, so the lists that grow
 * with the site (everyone's, a tag's, a user's mentions, a post's replies) are read through an
 * index of the days, minutes and seconds that hold their posts, written with each post: a page
 * walks about a page of keys plus one second's posts and the buckets around them (at most the days
 * with posts, 1,440 minutes and 60 seconds), wherever it starts and however the posts are spread in
 * time (see {@code dev.flock.backend.storage.etcd.TimeIndex}). An author's posts are one range,
 * which grows with that author's posts (at most 300 per 3 hours). A post and its copies (among
 * everyone's posts and, for a reply, among the replies of the post it answers) are written in one
 * transaction, and a reply only while the post it answers exists; a post's page is one read of the
 * post by id, one of what it answers, and one range of its replies.
 */
package dev.flock.backend.post;
