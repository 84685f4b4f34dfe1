using System.Net.Http.Json;
using System.Text.Json;
using Cellgate.Server.Tests.Support;

namespace Cellgate.Server.Tests;

/// <summary>EMnify's v2 tag management (issue 15): tags, their assignment to endpoints, bulk operations, and <c>q=tags:</c>.</summary>
public sealed class TagTests : IDisposable
{
    private readonly CellgateApp _app = new();
    public void Dispose() => _app.Dispose();

    private static async Task<long> EndpointAsync(HttpClient client, string name, string? tags = null)
    {
        var setup = await client.SetupAsync();
        return await client.EndpointAsync(new { name, tags, status = new { id = 0 }, service_profile = new { id = setup.ServiceProfileId }, tariff_profile = new { id = setup.TariffProfileId } });
    }

    private static async Task<long> TagAsync(HttpClient client, string name, int? color = null)
    {
        var body = color is { } c ? (object)new { name, color = new { id = c } } : new { name };
        return (await HttpAssert.JsonAsync(await client.PostAsJsonAsync("/api/v2/tags", body), 201)).GetProperty("id").GetInt64();
    }

    private static async Task<long[]> EndpointTagIdsAsync(HttpClient client, long endpoint) =>
        (await client.GetJsonAsync($"/api/v2/endpoint/{endpoint}/tags")).EnumerateArray().Select(t => t.GetProperty("id").GetInt64()).ToArray();

    [Fact]
    public async Task A_tag_is_created_listed_renamed_recoloured_and_deleted()
    {
        var op = await _app.OperatorAsync();
        var created = await HttpAssert.JsonAsync(await op.PostAsJsonAsync("/api/v2/tags", new { name = "Berlin", color = new { id = 4 } }), 201);
        var id = created.GetProperty("id").GetInt64();
        Assert.Equal($$$"""{"id":{{{id}}},"name":"Berlin","tag_color":{"id":4}}""", created.GetRawText());
        await TagAsync(op, "Munich");

        var page = await op.GetJsonAsync("/api/v2/tags?page_size=1");
        Assert.Equal(2, page.GetProperty("total").GetInt64());
        Assert.Equal(2, page.GetProperty("last_page").GetInt32());
        Assert.Equal(1, page.GetProperty("page_size").GetInt32());
        Assert.Equal($$$"""[{"id":{{{id}}},"name":"Berlin","resource_count":0,"tag_color":{"id":4}}]""", page.GetProperty("data").GetRawText());
        Assert.Equal("Munich", (await op.GetJsonAsync("/api/v2/tags?name=uni")).GetProperty("data")[0].GetProperty("name").GetString());

        await Resources.NoContentAsync(op.PatchJsonAsync($"/api/v2/tags/{id}", """{"name":"Hamburg","color":{"id":6}}"""));
        var renamed = (await op.GetJsonAsync("/api/v2/tags?name=Hamburg")).GetProperty("data")[0];
        Assert.Equal(6, renamed.GetProperty("tag_color").GetProperty("id").GetInt32());

        await Resources.NoContentAsync(op.DeleteAsync($"/api/v2/tags/{id}"));
        await HttpAssert.ErrorAsync(await op.DeleteAsync($"/api/v2/tags/{id}"), 404, 1401, "InvalidReference");
        Assert.Equal(1, (await op.GetJsonAsync("/api/v2/tags")).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task A_duplicate_name_is_409_and_an_unknown_colour_or_a_missing_name_is_422()
    {
        var op = await _app.OperatorAsync();
        var id = await TagAsync(op, "Fleet");
        await HttpAssert.ErrorAsync(await op.PostAsJsonAsync("/api/v2/tags", new { name = "Fleet" }), 409, 1405, "Duplicated");
        await HttpAssert.ErrorAsync(await op.PostAsJsonAsync("/api/v2/tags", new { name = "x", color = new { id = 99 } }), 422, 1400, "InputValidationFailed");
        await HttpAssert.ErrorAsync(await op.PostAsJsonAsync("/api/v2/tags", new { color = new { id = 1 } }), 422, 1400, "InputValidationFailed");
        var other = await TagAsync(op, "Other");
        await HttpAssert.ErrorAsync(await op.PatchJsonAsync($"/api/v2/tags/{other}", """{"name":"Fleet"}"""), 409, 1405, "Duplicated");
        // Another organisation may use the same name.
        var (customer, _) = await _app.CustomerAsync();
        await TagAsync(customer, "Fleet");
        Assert.Equal(2, (await op.GetJsonAsync("/api/v2/tags")).GetProperty("total").GetInt64());
        Assert.NotEqual(0, id);
    }

    [Fact]
    public async Task The_tag_colours_are_a_list_of_ids_hex_colours_and_descriptions()
    {
        var op = await _app.OperatorAsync();
        var colors = await op.GetJsonAsync("/api/v2/tag-colors");
        Assert.True(colors.GetArrayLength() >= 8);
        Assert.All(colors.EnumerateArray(), c => Assert.Matches("^#[0-9A-F]{6}$", c.GetProperty("hex_color").GetString()));
        // A tag created without a colour gets one of the catalogue.
        var id = await TagAsync(op, "No colour given");
        var color = (await op.GetJsonAsync("/api/v2/tags")).GetProperty("data")[0].GetProperty("tag_color").GetProperty("id").GetInt64();
        Assert.Contains(colors.EnumerateArray(), c => c.GetProperty("id").GetInt64() == color);
        Assert.NotEqual(0, id);
    }

    [Fact]
    public async Task A_tag_is_assigned_to_an_endpoint_once_counted_and_unassigned()
    {
        var op = await _app.OperatorAsync();
        var a = await EndpointAsync(op, "a");
        var b = await EndpointAsync(op, "b");
        var tag = await TagAsync(op, "Trucks", 3);
        var assigned = await op.PostAsJsonAsync($"/api/v2/endpoint/{a}/tags", new { id = tag });
        Assert.Equal("{}", (await HttpAssert.JsonAsync(assigned, 201)).GetRawText());
        await HttpAssert.JsonAsync(await op.PostAsJsonAsync($"/api/v2/endpoint/{b}/tags", new { id = (double)tag }), 201);
        await HttpAssert.ErrorAsync(await op.PostAsJsonAsync($"/api/v2/endpoint/{a}/tags", new { id = tag }), 409, 1405, "Duplicated");
        await HttpAssert.ErrorAsync(await op.PostAsJsonAsync($"/api/v2/endpoint/{a}/tags", new { id = 999 }), 422, 1400, "InputValidationFailed");

        Assert.Equal($$$"""[{"id":{{{tag}}},"name":"Trucks","resource_count":2,"tag_color":{"id":3}}]""", (await op.GetJsonAsync($"/api/v2/endpoint/{a}/tags")).GetRawText());

        Assert.Equal("{}", (await HttpAssert.JsonAsync(await op.DeleteAsync($"/api/v2/endpoint/{a}/tags/{tag}"))).GetRawText());
        await HttpAssert.ErrorAsync(await op.DeleteAsync($"/api/v2/endpoint/{a}/tags/{tag}"), 404, 1401, "InvalidReference");
        Assert.Empty(await EndpointTagIdsAsync(op, a));
        Assert.Equal(1, (await op.GetJsonAsync("/api/v2/tags")).GetProperty("data")[0].GetProperty("resource_count").GetInt64());
    }

    [Fact]
    public async Task Deleting_a_tag_or_an_endpoint_removes_its_assignments()
    {
        var op = await _app.OperatorAsync();
        var a = await EndpointAsync(op, "a");
        var b = await EndpointAsync(op, "b");
        var keep = await TagAsync(op, "keep");
        var drop = await TagAsync(op, "drop");
        foreach (var (e, t) in new[] { (a, keep), (a, drop), (b, keep) })
            await HttpAssert.JsonAsync(await op.PostAsJsonAsync($"/api/v2/endpoint/{e}/tags", new { id = t }), 201);
        await Resources.NoContentAsync(op.DeleteAsync($"/api/v2/tags/{drop}"));
        Assert.Equal([keep], await EndpointTagIdsAsync(op, a));
        await Resources.NoContentAsync(op.DeleteAsync($"/api/v1/endpoint/{b}"));
        Assert.Equal(1, (await op.GetJsonAsync("/api/v2/tags")).GetProperty("data")[0].GetProperty("resource_count").GetInt64());
    }

    [Fact]
    public async Task The_endpoint_list_filters_tags_by_the_free_text_and_by_assigned_tags()
    {
        var op = await _app.OperatorAsync();
        var text = await EndpointAsync(op, "text", tags: "cold-chain,eu");
        var assigned = await EndpointAsync(op, "assigned");
        await EndpointAsync(op, "neither", tags: "other");
        var tag = await TagAsync(op, "cold-chain");
        await HttpAssert.JsonAsync(await op.PostAsJsonAsync($"/api/v2/endpoint/{assigned}/tags", new { id = tag }), 201);

        var found = (await op.GetJsonAsync("/api/v1/endpoint?q=tags:cold-chain")).EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).Order();
        Assert.Equal([text, assigned], found);
        // The v1 tags string stays the customer's own text: assigning a v2 tag does not rewrite it.
        Assert.Equal(JsonValueKind.Null, (await op.GetJsonAsync($"/api/v1/endpoint/{assigned}")).GetProperty("tags").ValueKind);
    }

    [Fact]
    public async Task Bulk_assignment_is_all_or_nothing_and_bulk_unassign_and_delete_work()
    {
        var op = await _app.OperatorAsync();
        var a = await EndpointAsync(op, "a");
        var b = await EndpointAsync(op, "b");
        var t1 = await TagAsync(op, "one");
        var t2 = await TagAsync(op, "two");
        var add = new { items = new[] { new { endpoint = new { id = a }, tags = new[] { new { id = t1 }, new { id = t2 } } }, new { endpoint = new { id = b }, tags = new[] { new { id = t1 } } } } };
        Assert.Equal("{}", (await HttpAssert.JsonAsync(await op.PostAsJsonAsync("/api/v2/bulk-operations/endpoint/add-tags", add))).GetRawText());
        Assert.Equal([t1, t2], await EndpointTagIdsAsync(op, a));
        Assert.Equal([t1], await EndpointTagIdsAsync(op, b));

        // One pair already assigned: 409 and the new pair (b, t2) is not stored either.
        var again = new { items = new[] { new { endpoint = new { id = b }, tags = new[] { new { id = t2 } } }, new { endpoint = new { id = a }, tags = new[] { new { id = t1 } } } } };
        await HttpAssert.ErrorAsync(await op.PostAsJsonAsync("/api/v2/bulk-operations/endpoint/add-tags", again), 409, 1405, "Duplicated");
        Assert.Equal([t1], await EndpointTagIdsAsync(op, b));
        // An unknown endpoint or tag: 422, nothing stored.
        var unknown = new { items = new[] { new { endpoint = new { id = b }, tags = new[] { new { id = t2 }, new { id = 999L } } } } };
        await HttpAssert.ErrorAsync(await op.PostAsJsonAsync("/api/v2/bulk-operations/endpoint/add-tags", unknown), 422, 1400, "InputValidationFailed");
        Assert.Equal([t1], await EndpointTagIdsAsync(op, b));
        await HttpAssert.ErrorAsync(await op.PostAsJsonAsync("/api/v2/bulk-operations/endpoint/add-tags", new { items = Array.Empty<object>() }), 422, 1400, "InputValidationFailed");

        var remove = new { items = new[] { new { endpoint = new { id = a }, tags = new[] { new { id = t1 } } } } };
        Assert.Equal("{}", (await HttpAssert.JsonAsync(await op.PostAsJsonAsync("/api/v2/bulk-operations/endpoint/remove-tags", remove))).GetRawText());
        Assert.Equal([t2], await EndpointTagIdsAsync(op, a));

        await HttpAssert.ErrorAsync(await op.PostAsJsonAsync("/api/v2/bulk-operations/tag/delete-tags", new { tags = new[] { new { id = t1 }, new { id = 999L } } }), 422, 1400, "InputValidationFailed");
        Assert.Equal(2, (await op.GetJsonAsync("/api/v2/tags")).GetProperty("total").GetInt64());
        Assert.Equal("{}", (await HttpAssert.JsonAsync(await op.PostAsJsonAsync("/api/v2/bulk-operations/tag/delete-tags", new { tags = new[] { new { id = t1 }, new { id = t2 } } }))).GetRawText());
        Assert.Equal(0, (await op.GetJsonAsync("/api/v2/tags")).GetProperty("total").GetInt64());
        Assert.Empty(await EndpointTagIdsAsync(op, a));
    }

    [Fact]
    public async Task Bulk_operations_cannot_reach_another_organisations_endpoints_or_tags()
    {
        var op = await _app.OperatorAsync();
        var (customer, _) = await _app.CustomerAsync();
        var theirs = await EndpointAsync(op, "theirs");
        var theirTag = await TagAsync(op, "theirs");
        await HttpAssert.JsonAsync(await op.PostAsJsonAsync($"/api/v2/endpoint/{theirs}/tags", new { id = theirTag }), 201);
        var mine = await EndpointAsync(customer, "mine");
        var myTag = await TagAsync(customer, "mine");

        foreach (var (endpoint, tag) in new[] { (theirs, myTag), (mine, theirTag) })
        {
            var body = new { items = new[] { new { endpoint = new { id = endpoint }, tags = new[] { new { id = tag } } } } };
            await HttpAssert.ErrorAsync(await customer.PostAsJsonAsync("/api/v2/bulk-operations/endpoint/add-tags", body), 422, 1400, "InputValidationFailed");
        }
        var steal = new { items = new[] { new { endpoint = new { id = theirs }, tags = new[] { new { id = theirTag } } } } };
        await HttpAssert.ErrorAsync(await customer.PostAsJsonAsync("/api/v2/bulk-operations/endpoint/remove-tags", steal), 422, 1400, "InputValidationFailed");
        await HttpAssert.ErrorAsync(await customer.PostAsJsonAsync("/api/v2/bulk-operations/tag/delete-tags", new { tags = new[] { new { id = theirTag } } }), 422, 1400, "InputValidationFailed");
        Assert.Equal([theirTag], await EndpointTagIdsAsync(op, theirs));
        Assert.Empty(await EndpointTagIdsAsync(customer, mine));
        Assert.Equal(1, (await customer.GetJsonAsync("/api/v2/tags")).GetProperty("total").GetInt64());
    }
}
