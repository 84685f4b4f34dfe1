namespace Cellgate.Client;

/// <summary><c>/api/v1/sim</c>, BIC registration and the operator's import.</summary>
public sealed class SimsClient
{
    /// <summary>The most SIMs one import may carry.</summary>
    public const int MaxBatchSize = 10_000;

    private readonly CellgateClient _client;

    internal SimsClient(CellgateClient client) => _client = client;

    /// <summary>Every SIM, page after page (filters: <c>iccid</c>, <c>status</c>, <c>endpoint:null</c>, …).</summary>
    public IAsyncEnumerable<Sim> ListAsync(ListOptions? options = null, CancellationToken cancellationToken = default) =>
        _client.PagedAsync<Sim>("/api/v1/sim", options, cancellationToken);

    /// <summary>One SIM.</summary>
    public Task<Sim> GetAsync(SimId id, CancellationToken cancellationToken = default) =>
        _client.GetAsync<Sim>($"/api/v1/sim/{id}", cancellationToken);

    /// <summary>Changes the status (Issued → Activated or Factory Test, Activated ↔ Suspended, …).</summary>
    public Task SetStatusAsync(SimId id, SimStatus status, CancellationToken cancellationToken = default) =>
        _client.SendNoContentAsync(HttpMethod.Patch, $"/api/v1/sim/{id}", CellgateClient.Body(new SimStatusWire(new IdRef((int)status))), cancellationToken);

    /// <summary>Deletes the SIM for good (status 3); refused while a device uses it.</summary>
    public Task DeleteAsync(SimId id, CancellationToken cancellationToken = default) =>
        _client.SendNoContentAsync(HttpMethod.Delete, $"/api/v1/sim/{id}", null, cancellationToken);

    /// <summary>Registers a batch by its BIC: its SIMs join the caller's organisation with <paramref name="status"/>.</summary>
    public async Task<RegisteredSimBatch> RegisterBatchAsync(string bic, SimStatus status = SimStatus.Activated, CancellationToken cancellationToken = default)
    {
        using var response = await _client.SendAsync(HttpMethod.Patch, $"/api/v1/sim_batch/bic/{Uri.EscapeDataString(bic)}",
            CellgateClient.Body(new RegisterBatchWire(new IdRef((int)status))), cancellationToken).ConfigureAwait(false);
        return await CellgateClient.ReadAsync<RegisteredSimBatch>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The operator's import (<c>POST /api/v1/admin/sim_batch</c>, master organisation only, Cellgate's): all SIMs or
    /// none; at most <see cref="MaxBatchSize"/>.
    /// </summary>
    public async Task<ImportedSimBatch> ImportBatchAsync(SimBatchImport batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var body = new SimBatchWire(batch.Bic, IdRef.Of(batch.CustomerOrganisation?.Value), IdRef.Of((int?)batch.Status),
            batch.Sims.Select(s => new SimWire(s.Iccid, s.Imsi, s.Msisdn)).ToList());
        using var response = await _client.SendAsync(HttpMethod.Post, "/api/v1/admin/sim_batch", CellgateClient.Body(body), cancellationToken).ConfigureAwait(false);
        return await CellgateClient.ReadAsync<ImportedSimBatch>(response, cancellationToken).ConfigureAwait(false);
    }
}
