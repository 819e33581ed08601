/**
 * Posts: publishing (1 to 280 characters), replies, and the lists of posts: each author's,
 * everyone's (the global timeline at {@code /explore}) and a post's replies.
 *
 * <p>Every list is paged (at most {@code PageRequest.MAX_SIZE}, 20 by default) with a post id as
 * its cursor, and a page costs the same however many posts and users there are: in etcd each list
 * is a key range kept in the order it is read in (an author's and everyone's posts newest first, a
 * post's replies oldest first), holding whole copies of the posts, so a page is one range read with
 * a limit of 21 keys. A post and its copies (among everyone's posts and, for a reply, among the
 * replies of the post it answers) are written in one transaction, and a reply only while the post
 * it answers exists; a post's page is one read of the post by id, one of what it answers, and one
 * range of its replies.
 */
package dev.flock.backend.post;
