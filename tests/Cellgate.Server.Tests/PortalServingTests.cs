using System.Net;
using System.Text.RegularExpressions;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Server.Tests;

/// <summary>The portal's files as the server sends them (issue 13); the portal itself is tested in a browser.</summary>
[Trait(TestDatabase.Trait, TestDatabase.AnyDatabase)]
public sealed partial class PortalServingTests : IDisposable
{
    private readonly CellgateApp _app = new();
    public void Dispose() => _app.Dispose();

    [GeneratedRegex(@"/portal/assets/index-[\w-]+\.js")]
    private static partial Regex Script();

    private async Task<string> ScriptPathAsync() =>
        Script().Match(await _app.CreateClient().GetStringAsync("/")).Value is { Length: > 0 } path ? path : throw new Xunit.Sdk.XunitException("no script in the page");

    [Fact]
    public async Task The_portal_page_is_served_at_the_root_without_a_token_and_is_revalidated_every_time()
    {
        var response = await _app.CreateClient().GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.Contains("<cg-app>", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await _app.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"))).StatusCode);
    }

    [Fact]
    public async Task The_portal_page_may_load_and_call_nothing_but_the_server_itself()
    {
        var response = await _app.CreateClient().GetAsync("/");
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp);
        Assert.Matches("connect-src 'self'( data:)?;", csp);
        Assert.DoesNotContain("http", csp);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Hashed_assets_are_sent_precompressed_and_cached_for_a_year(string encoding)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, await ScriptPathAsync());
        request.Headers.AcceptEncoding.ParseAdd(encoding);
        var response = await _app.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(encoding, Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_asset_is_sent_uncompressed_to_a_client_that_accepts_no_encoding_and_304_to_its_etag()
    {
        var client = _app.CreateClient();
        var path = await ScriptPathAsync();
        var response = await client.GetAsync(path);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Contains("customElements", await response.Content.ReadAsStringAsync());
        var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_portal_file_is_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _app.CreateClient().GetAsync("/portal/assets/nothing-here.js")).StatusCode);
    }
}
