using System.Net;
using System.Net.Http.Json;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Server.Tests;

/// <summary>Organisations have a country of the country lookup (issue 8): organisation/my and the organisations inside a SIM show it.</summary>
public sealed class OrganisationCountryTests : IDisposable
{
    private readonly CellgateApp _app = new();
    public void Dispose() => _app.Dispose();

    private const long Germany = 38, Albania = 4;

    private static object NewOrganisation(string name, object? country) => new
    {
        name, country,
        admin = new { username = $"{Guid.NewGuid():N}@example.com", name = "A", password = Secrets.Sha1Hex("pw") },
    };

    [Fact]
    public async Task My_organisation_has_a_country_id_as_the_spec_types_it()
    {
        var my = await (await _app.OperatorAsync()).GetJsonAsync("/api/v1/organisation/my");
        Assert.Equal(Germany.ToString(), my.GetProperty("country_id").GetString());
    }

    [Fact]
    public async Task An_organisation_is_created_and_updated_with_a_country_of_the_lookup()
    {
        var op = await _app.OperatorAsync();
        var response = await op.PostAsJsonAsync("/api/v1/organisation", NewOrganisation("Tirana Ltd", new { id = Albania }));
        var created = await HttpAssert.JsonAsync(response, 201);
        Assert.Equal(Albania.ToString(), created.GetProperty("country_id").GetString());
        var id = created.GetProperty("id").GetInt64();

        await Resources.NoContentAsync(op.PatchAsJsonAsync($"/api/v1/organisation/{id}", new { country = new { id = 206 } }));
        Assert.Equal("206", (await op.GetJsonAsync($"/api/v1/organisation/{id}")).GetProperty("country_id").GetString());

        var defaulted = await HttpAssert.JsonAsync(await op.PostAsJsonAsync("/api/v1/organisation", NewOrganisation("No Country", null)), 201);
        Assert.Equal(Germany.ToString(), defaulted.GetProperty("country_id").GetString());
    }

    [Fact]
    public async Task An_unknown_country_is_422_and_creates_nothing()
    {
        var op = await _app.OperatorAsync();
        var error = await HttpAssert.ErrorAsync(await op.PostAsJsonAsync("/api/v1/organisation", NewOrganisation("Nowhere", new { id = 99999 })), 422, 1400, "InputValidationFailed");
        Assert.Equal("Country with Id '99999' not found.", error.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Equal(0, (await op.GetJsonAsync("/api/v1/organisation")).GetArrayLength());
    }

    [Fact]
    public async Task The_organisations_inside_a_sim_carry_their_country_as_recorded()
    {
        var op = await _app.OperatorAsync();
        var created = await op.PostAsJsonAsync("/api/v1/organisation", new
        {
            name = "Kyiv Ltd", country = new { id = 206 },
            admin = new { username = "kyiv@example.com", name = "K", password = Secrets.Sha1Hex("pw") },
        });
        var sims = await op.ImportSimsAsync(1, Resources.IdFromLocation(created));
        var customer = _app.ClientWithToken((await _app.LoginAsync("kyiv@example.com", "pw")).AuthToken);

        var sim = await customer.GetJsonAsync($"/api/v1/sim/{sims[0].Id}");
        Assert.Equal("""{"id":206,"name":"Ukraine"}""", sim.GetProperty("customer_org").GetProperty("country").GetRawText());
        Assert.Equal("""{"id":38,"name":"Germany"}""", sim.GetProperty("issuer_org").GetProperty("country").GetRawText());
        WireShape.AssertSame(WireShape.Fixture("sim-get.json", "body", "customer_org"), sim.GetProperty("customer_org"));
        WireShape.AssertSame(WireShape.Fixture("sim-get.json", "body", "issuer_org"), sim.GetProperty("issuer_org"));
        Assert.Equal("""{"id":206,"name":"Ukraine"}""",
            (await customer.GetJsonAsync("/api/v1/sim"))[0].GetProperty("customer_org").GetProperty("country").GetRawText());
    }
}
