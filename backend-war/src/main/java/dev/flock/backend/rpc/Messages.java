package dev.flock.backend.rpc;

import dev.flock.backend.paging.Page;
import dev.flock.grpc.v1.PostPage;
import io.grpc.stub.StreamObserver;

/** Translation of domain values to protobuf messages, shared by the endpoints. */
final class Messages {

  private Messages() {}

  static dev.flock.grpc.v1.Post post(dev.flock.backend.post.Post post) {
    return dev.flock.grpc.v1.Post.newBuilder()
        .setId(post.id())
        .setAuthor(post.author())
        .setText(post.text())
        .setCreatedAtEpochMilli(post.createdAt().toEpochMilli())
        .build();
  }

  static PostPage postPage(Page<dev.flock.backend.post.Post> page) {
    return PostPage.newBuilder()
        .addAllPosts(page.items().stream().map(Messages::post).toList())
        .setNextCursor(page.nextCursor())
        .build();
  }

  /** Completes a unary call with its one response. */
  static <T> void reply(StreamObserver<T> observer, T response) {
    observer.onNext(response);
    observer.onCompleted();
  }
}
