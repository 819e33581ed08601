package dev.flock.backend.rpc;

import static dev.flock.backend.rpc.Messages.reply;

import dev.flock.backend.limits.RateLimits;
import dev.flock.backend.paging.PageRequest;
import dev.flock.backend.post.NewPost;
import dev.flock.backend.post.Posts;
import dev.flock.backend.session.Session;
import dev.flock.core.TextRules;
import dev.flock.grpc.v1.CreatePostRequest;
import dev.flock.grpc.v1.CreatePostResponse;
import dev.flock.grpc.v1.ListPostsByAuthorRequest;
import dev.flock.grpc.v1.PostPage;
import dev.flock.grpc.v1.PostServiceGrpc;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

@Dependent
public class PostEndpoint extends PostServiceGrpc.PostServiceImplBase {

  @Inject Posts posts;
  @Inject Caller caller;
  @Inject RateLimits limits;

  @Override
  public void createPost(CreatePostRequest request, StreamObserver<CreatePostResponse> response) {
    Session session = caller.session();
    limits.post(session.username());
    var post = posts.publish(session, new NewPost(request.getText()));
    reply(response, CreatePostResponse.newBuilder().setPost(Messages.post(post)).build());
  }

  @Override
  public void listPostsByAuthor(
      ListPostsByAuthorRequest request, StreamObserver<PostPage> response) {
    var page =
        posts.byAuthor(
            TextRules.username(request.getAuthor()),
            PageRequest.of(request.getCursor(), request.getPageSize()));
    reply(response, Messages.postPage(page));
  }
}
