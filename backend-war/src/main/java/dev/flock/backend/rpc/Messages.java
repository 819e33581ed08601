package dev.flock.backend.rpc;

import dev.flock.backend.graph.Person;
import dev.flock.backend.paging.Page;
import dev.flock.backend.storage.LikeStore.Likes;
import dev.flock.grpc.v1.PostPage;
import dev.flock.grpc.v1.UserSummary;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;

/** Translation of domain values to protobuf messages, shared by the endpoints. */
final class Messages {

  private Messages() {}

  static dev.flock.grpc.v1.Post post(dev.flock.backend.post.Post post) {
    return post(post, Likes.NONE);
  }

  static dev.flock.grpc.v1.Post post(dev.flock.backend.post.Post post, Likes likes) {
    var message =
        dev.flock.grpc.v1.Post.newBuilder()
            .setId(post.id())
            .setAuthor(post.author())
            .setText(post.text())
            .setCreatedAtEpochMilli(post.createdAt().toEpochMilli())
            .setLikeCount(likes.count())
            .setLikedByCaller(likes.byReader());
    post.replyTo().ifPresent(to -> message.setReplyToId(to.postId()).setReplyToAuthor(to.author()));
    return message.build();
  }

  /** A page of posts, each with its likes as {@code likes} gives them. */
  static PostPage postPage(Page<dev.flock.backend.post.Post> page, Map<String, Likes> likes) {
    return PostPage.newBuilder()
        .addAllPosts(
            page.items().stream()
                .map(post -> post(post, likes.getOrDefault(post.id(), Likes.NONE)))
                .toList())
        .setNextCursor(page.nextCursor())
        .build();
  }

  /** Users as a list shows them to the caller. */
  static List<UserSummary> users(List<Person> people) {
    return people.stream()
        .map(
            person ->
                UserSummary.newBuilder()
                    .setUsername(person.username())
                    .setFollowerCount(person.followers())
                    .setFollowedByCaller(person.followedByReader())
                    .build())
        .toList();
  }

  /** Completes a unary call with its one response. */
  static <T> void reply(StreamObserver<T> observer, T response) {
    observer.onNext(response);
    observer.onCompleted();
  }
}
