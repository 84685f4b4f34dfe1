using System.Net;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Client.Tests;

public sealed class PagingAndErrorTests : IDisposable
{
    private readonly SdkServer _server = new();
    public void Dispose() => _server.Dispose();

    private async Task<CellgateClient> WithSimsAsync(int count)
    {
        var client = _server.Operator();
        var me = await client.Organisations.GetMineAsync();
        var sims = Enumerable.Range(1, count).Select(SdkWorld.Numbers).ToList();
        await client.Sims.ImportBatchAsync(new SimBatchImport(sims) { CustomerOrganisation = me.Id });
        return client;
    }

    [Fact]
    public async Task Listing_2500_sims_follows_x_total_pages_and_yields_each_sim_once()
    {
        var client = await WithSimsAsync(2500);
        var sims = await client.Sims.ListAsync(new ListOptions { PageSize = 1000 }).ToListAsync();

        Assert.Equal(2500, sims.Count);
        Assert.Equal(2500, sims.Select(s => s.Id).Distinct().Count());
        Assert.Equal(sims.OrderBy(s => s.Id.Value).Select(s => s.Id), sims.Select(s => s.Id));
        var pages = _server.Recorder.Requests.Where(r => r.Method == "GET" && r.PathAndQuery.StartsWith("/api/v1/sim?", StringComparison.Ordinal)).Select(r => r.PathAndQuery).ToList();
        Assert.Equal(["/api/v1/sim?page=1&per_page=1000", "/api/v1/sim?page=2&per_page=1000", "/api/v1/sim?page=3&per_page=1000"], pages);
    }

    [Fact]
    public async Task Without_paging_counts_the_link_header_leads_to_the_next_page()
    {
        var client = await WithSimsAsync(25);
        _server.Recorder.Rewrite = (request, response, _) =>
        {
            foreach (var h in new[] { "X-Total-Pages", "X-Pages", "X-Total-Count", "X-Count" }) response.Headers.Remove(h);
            return Task.FromResult(response);
        };
        var sims = await client.Sims.ListAsync(new ListOptions { PageSize = 10 }).ToListAsync();
        Assert.Equal(25, sims.Select(s => s.Id).Distinct().Count());
        Assert.Equal(3, _server.Recorder.Count("GET", "/api/v1/sim?"));
    }

    [Fact]
    public async Task An_unknown_object_is_a_404_with_error_code_token_and_message()
    {
        var e = await Assert.ThrowsAsync<CellgateApiException>(() => _server.Operator().Devices.GetAsync(new DeviceId(999)));
        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
        Assert.Equal((1401, "InvalidReference"), (e.ErrorCode, e.ErrorToken));
        Assert.Equal("Endpoint with Id '999' not found.", e.Message);
        Assert.Empty(e.Errors);
    }

    [Fact]
    public async Task A_validation_failure_carries_its_sub_errors()
    {
        var client = _server.Operator();
        await client.Profiles.CreateServiceProfileAsync("sp");
        var tp = await client.Profiles.CreateTariffProfileAsync("tp");
        var e = await Assert.ThrowsAsync<CellgateApiException>(() => client.Devices.CreateAsync(new NewDevice("x") { ServiceProfile = new ServiceProfileId(-1), TariffProfile = tp }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.StatusCode);
        Assert.Equal((1400, "InputValidationFailed"), (e.ErrorCode, e.ErrorToken));
        var sub = Assert.Single(e.Errors);
        Assert.Equal((1401, "InvalidReference", "Service profile with Id '-1' not found."), (sub.ErrorCode, sub.ErrorToken, sub.Message));
        Assert.Contains("Service profile with Id '-1' not found.", e.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_is_a_409_and_an_invalid_bearer_token_the_gateways_401()
    {
        var client = await WithSimsAsync(1);
        var dup = await Assert.ThrowsAsync<CellgateApiException>(() => client.Sims.ImportBatchAsync(new SimBatchImport([SdkWorld.Numbers(1)])));
        Assert.Equal((HttpStatusCode.Conflict, 1405, "Duplicated"), (dup.StatusCode, dup.ErrorCode, dup.ErrorToken));

        var gateway = await Assert.ThrowsAsync<CellgateApiException>(() => _server.Client(new CellgateClientOptions { AuthToken = "None" }).Organisations.GetMineAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, gateway.StatusCode);
        Assert.Null(gateway.ErrorCode);
        Assert.Equal("token contains an invalid number of segments", gateway.Message);
    }

    [Fact]
    public async Task A_get_answered_429_is_retried_after_the_retry_after_delay()
    {
        var client = _server.Operator();
        var refused = 0;
        _server.Recorder.Intercept = r =>
            r.RequestUri!.AbsolutePath == "/api/v1/organisation/my" && Interlocked.Increment(ref refused) == 1
                ? Http.Status(HttpStatusCode.TooManyRequests, retryAfter: "1", body: """{"error_code":1105,"error_token":"TooManyRequests","message":"slow down"}""")
                : null;

        Assert.Equal("Operator Org", (await client.Organisations.GetMineAsync()).Name);
        Assert.Equal(2, _server.Recorder.Count("GET", "/api/v1/organisation/my"));
        var retry = Assert.Single(_server.Logger.Entries, e => e.Id.Id == 9003);
        Assert.Contains("429; retry 1 after 00:00:01", retry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_answered_503_is_not_retried()
    {
        var client = _server.Operator();
        _server.Recorder.Intercept = r => r.Method == HttpMethod.Post && r.RequestUri!.AbsolutePath.EndsWith("/sms", StringComparison.Ordinal)
            ? Http.Status(HttpStatusCode.ServiceUnavailable, retryAfter: "0") : null;

        var e = await Assert.ThrowsAsync<CellgateApiException>(() => client.Sms.SendAsync(new DeviceId(1), "once only"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode);
        Assert.Equal(1, _server.Recorder.Count("POST", "/api/v1/endpoint/1/sms"));
    }

    [Fact]
    public async Task Retries_stop_after_max_retries_and_a_retry_after_beyond_the_limit_is_not_waited_for()
    {
        var client = _server.Client(new CellgateClientOptions { ApplicationToken = CellgateApp.BootstrapToken, MaxRetries = 2 });
        _server.Recorder.Intercept = r => r.RequestUri!.AbsolutePath == "/api/v1/event" ? Http.Status(HttpStatusCode.ServiceUnavailable, retryAfter: "0")
            : r.RequestUri!.AbsolutePath == "/api/v1/user" ? Http.Status(HttpStatusCode.TooManyRequests, retryAfter: "3600") : null;

        var exhausted = await Assert.ThrowsAsync<CellgateApiException>(() => client.Events.ListAsync().ToListAsync().AsTask());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, exhausted.StatusCode);
        Assert.Equal(3, _server.Recorder.Count("GET", "/api/v1/event"));

        var tooLong = await Assert.ThrowsAsync<CellgateApiException>(() => client.Users.ListAsync().ToListAsync().AsTask());
        Assert.Equal(HttpStatusCode.TooManyRequests, tooLong.StatusCode);
        Assert.Equal(1, _server.Recorder.Count("GET", "/api/v1/user"));
    }
}
