package dev.flock.backend.rpc;

import static dev.flock.backend.rpc.Messages.reply;

import dev.flock.backend.account.Profile;
import dev.flock.backend.account.UserDirectory;
import dev.flock.backend.paging.PageRequest;
import dev.flock.core.TextRules;
import dev.flock.grpc.v1.GetProfileRequest;
import dev.flock.grpc.v1.SearchUsersRequest;
import dev.flock.grpc.v1.SearchUsersResponse;
import dev.flock.grpc.v1.UserServiceGrpc;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

@Dependent
public class UserEndpoint extends UserServiceGrpc.UserServiceImplBase {

  @Inject UserDirectory directory;
  @Inject Caller caller;

  @Override
  public void getProfile(
      GetProfileRequest request, StreamObserver<dev.flock.grpc.v1.Profile> response) {
    Profile profile =
        directory.profile(TextRules.username(request.getUsername()), caller.usernameIfSignedIn());
    reply(
        response,
        dev.flock.grpc.v1.Profile.newBuilder()
            .setUsername(profile.username())
            .setFollowerCount(profile.followers())
            .setFollowingCount(profile.following())
            .setPostCount(profile.posts())
            .setFollowedByCaller(profile.followedByCaller())
            .build());
  }

  @Override
  public void searchUsers(
      SearchUsersRequest request, StreamObserver<SearchUsersResponse> response) {
    var page =
        directory.search(
            request.getQuery(),
            PageRequest.of(request.getCursor(), request.getPageSize()),
            caller.usernameIfSignedIn());
    reply(
        response,
        SearchUsersResponse.newBuilder()
            .addAllUsers(Messages.users(page.items()))
            .setNextCursor(page.nextCursor())
            .build());
  }
}
