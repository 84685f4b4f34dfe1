namespace Cellgate.Client;

/// <summary><c>/api/v1/user</c>: the users of your organisation.</summary>
public sealed class UsersClient
{
    private readonly CellgateClient _client;

    internal UsersClient(CellgateClient client) => _client = client;

    /// <summary>Every user, page after page.</summary>
    public IAsyncEnumerable<User> ListAsync(ListOptions? options = null, CancellationToken cancellationToken = default) =>
        _client.PagedAsync<User>("/api/v1/user", options, cancellationToken);

    /// <summary>One user.</summary>
    public Task<User> GetAsync(UserId id, CancellationToken cancellationToken = default) =>
        _client.GetAsync<User>($"/api/v1/user/{id}", cancellationToken);

    /// <summary>One user by login.</summary>
    public Task<User> GetByUsernameAsync(string username, CancellationToken cancellationToken = default) =>
        _client.GetAsync<User>($"/api/v1/user/{Uri.EscapeDataString(username)}", cancellationToken);

    /// <summary>Creates a user (the SDK sends the SHA-1 of the password) and returns it.</summary>
    public async Task<User> CreateAsync(NewUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var body = new UserWire(user.Username, user.Name, CellgatePassword.Sha1Hex(user.Password), user.Roles?.Select(r => new IdRef(r)).ToList(), null);
        using var response = await _client.SendAsync(HttpMethod.Post, "/api/v1/user", CellgateClient.Body(body), cancellationToken).ConfigureAwait(false);
        return await CellgateClient.ReadObjectOrNullAsync<User>(response, cancellationToken).ConfigureAwait(false)
               ?? await GetAsync(new UserId(CellgateClient.IdFromLocation(response)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Changes name, status or roles.</summary>
    public Task UpdateAsync(UserId id, UserUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var body = new UserWire(null, update.Name, null, update.Roles?.Select(r => new IdRef(r)).ToList(), IdRef.Of(update.Status));
        return _client.SendNoContentAsync(HttpMethod.Patch, $"/api/v1/user/{id}", CellgateClient.Body(body), cancellationToken);
    }

    /// <summary>Changes the caller's own password (both sent as SHA-1); the caller's refresh tokens stop working.</summary>
    public Task ChangePasswordAsync(string oldPassword, string newPassword, CancellationToken cancellationToken = default) =>
        _client.SendNoContentAsync(HttpMethod.Patch, "/api/v1/user/password",
            CellgateClient.Body(new PasswordWire(CellgatePassword.Sha1Hex(oldPassword), CellgatePassword.Sha1Hex(newPassword))), cancellationToken);
}
