using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Auth;
using Cellgate.Server.Features.Devices;
using Cellgate.Server.Features.Events;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Sims;

public sealed record SimIccid(long Id, string Iccid);

public sealed record RegisteredSimBatch(List<SimIccid> Sim);

/// <summary>
/// <c>{"sim_status":{"id":1}}</c> as recorded in 2022; the current Python SDK sends <c>{"id":1,"description":"Activated"}</c>.
/// </summary>
public sealed record RegisterSimBatchRequest(StatusRef? SimStatus, int? Id);

/// <summary>
/// What <c>GET /sim_batch/bic/{bic}</c> answers: the spec's fields, order and types (several ids are strings there).
/// <c>customer_org_id</c> is left out while the batch has no customer (the spec types it as an integer, never null);
/// <c>logistic_center_id</c> and <c>article_id</c> are EMnify's warehouse data, which Cellgate does not have.
/// </summary>
public sealed record SimBatchDto(
    string SimBatchStatusId, string Bsn, string Bic, string Quantity, string SimModelId, string IssuerOrgId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? CustomerOrgId,
    long ResellerOrgId, string Activated, long Id, IdDescription Status, SimModelDto Model);

public sealed record ImportSim(string? Iccid, string? Imsi, string? Msisdn);

public sealed record ImportSimBatchRequest(string? Bic, IdRef? CustomerOrg, StatusRef? SimStatus, string? ProductionDate, IdRef? Model, List<ImportSim?>? Sims);

public sealed record ImportedSimBatch(
    long Id, string Bic, int Quantity,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] SimOrganisation? CustomerOrg, List<SimIccid> Sim);

public sealed record AdminSimBatchDto(long Id, string Bic, int Quantity, string Created, SimOrganisation? CustomerOrg, string? Registered);

/// <summary>
/// SIM inventory. The operator (master organisation) imports SIMs as a batch with a BIC, either straight into an
/// organisation or for a customer to register later with EMnify's <c>PATCH /api/v1/sim_batch/bic/{bic}</c>.
/// </summary>
public static class SimBatchesApi
{
    public const int MaxBatchSize = 10_000;

    public static RouteGroupBuilder MapSimBatches(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/sim_batch").WithTags("SIMs");
        group.MapGet("/bic/{bic}", ValidateAsync).WithSummary("Check a BIC: 200 when its batch can be registered, 400 when already registered, 404 when unknown");
        group.MapPatch("/bic/{bic}", RegisterAsync).Produces<RegisteredSimBatch>().WithSummary(
            "Register the batch: its SIMs join your organisation with sim_status 0 Issued, 1 Activated or 4 Factory Test; 422 with an empty body when it cannot");

        var admin = api.MapGroup("/admin/sim_batch").WithTags("Operator administration");
        admin.MapPost("/", ImportAsync).WithSummary(
            "Operator only: import SIMs (iccid, imsi, msisdn) as a batch; with customer_org they are assigned at once, otherwise they wait for registration by BIC");
        admin.MapGet("/", ListAsync).WithSummary("Operator only: the SIM batches the operator imported (not paged)");
        return group;
    }

    private static readonly IdDescription Unregistered = new(1, "Unregistered"), Registered = new(2, "Registered");

    internal static async Task<Results<Ok<SimBatchDto>, JsonHttpResult<ApiError>>> ValidateAsync(string bic, CellgateDbContext db, CancellationToken ct)
    {
        var batch = await db.SimBatches.AsNoTracking().FirstOrDefaultAsync(b => b.Bic == bic, ct);
        if (batch is null) return ApiErrors.Result(404, new(1201, "NotFound", $"SIM batch with BIC '{bic}' not found."));
        if (batch.CustomerOrganisationId is not null) return ApiErrors.BadRequest($"SIM batch with BIC '{bic}' is already registered.");
        var model = await db.Sims.Where(s => s.SimBatchId == batch.Id).Select(s => s.ModelId).FirstOrDefaultAsync(ct);
        var inv = CultureInfo.InvariantCulture;
        var simModel = SimsApi.Model(model);
        // bsn: Cellgate numbers batches by id alone. reseller_org_id: the operator issues and resells its SIMs.
        // activated: "0", the SIMs of an unregistered batch are not active yet.
        return TypedResults.Ok(new SimBatchDto(Unregistered.Id.ToString(inv), batch.Id.ToString(inv), batch.Bic, batch.Quantity.ToString(inv),
            simModel.Id.ToString(inv), batch.IssuerOrganisationId.ToString(inv), batch.CustomerOrganisationId, batch.IssuerOrganisationId,
            "0", batch.Id, Unregistered, simModel));
    }

    /// <summary>422 with an empty body, as the real API answers an unusable BIC (examples/sim-batch-register.json).</summary>
    private sealed class EmptyUnprocessable : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            var pages = http.Features.Get<IStatusCodePagesFeature>();
            if (pages is not null) pages.Enabled = false;
            http.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            http.Response.ContentLength = 0;
            return Task.CompletedTask;
        }
    }

    internal static async Task<IResult> RegisterAsync(
        string bic, RegisterSimBatchRequest? body, ClaimsPrincipal caller, CellgateDbContext db, EventLog events, DeviceWriteGate gate, TimeProvider time, CancellationToken ct)
    {
        var statusId = body?.SimStatus?.Id ?? body?.Id;
        if (statusId is not ((int)SimStatus.Issued or (int)SimStatus.Activated or (int)SimStatus.FactoryTest)) return new EmptyUnprocessable();
        var status = (SimStatus)statusId.Value;
        var orgId = caller.OrganisationId();
        var actor = await EventLog.ActorAsync(caller, db, ct);
        using var _ = await gate.EnterAsync(ct);
        var batch = await db.SimBatches.FirstOrDefaultAsync(b => b.Bic == bic, ct);
        if (batch is null || batch.CustomerOrganisationId is not null) return new EmptyUnprocessable();

        var now = time.GetUtcNow().UtcDateTime;
        var sims = await db.Sims.Where(s => s.SimBatchId == batch.Id).OrderBy(s => s.Id).ToListAsync(ct);
        if (sims.Any(s => s.CustomerOrganisationId is not null)) return new EmptyUnprocessable();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        batch.CustomerOrganisationId = orgId;
        batch.Registered = now;
        foreach (var sim in sims) sim.CustomerOrganisationId = orgId;
        events.Add(db, orgId, EventTypes.SimRegistration, $"Batch of {sims.Count} SIM(s) registered.", actor, sim: sims.Count == 1 ? sims[0] : null,
            detail: BatchDetail(batch, sims));
        foreach (var sim in sims) SimLifecycle.Change(db, events, sim, status, orgId, actor, null, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(new RegisteredSimBatch(sims.ConvertAll(s => new SimIccid(s.Id, s.Iccid))));
    }

    private static object BatchDetail(SimBatch batch, List<Sim> sims) => new
    {
        sim_batch = new
        {
            id = batch.Id, bic = batch.Bic, sim_model = new { id = sims.Count > 0 ? sims[0].ModelId : SimsApi.Models[0].Id },
            batch_size = sims.Count, first_iccid = sims.Count > 0 ? sims.Min(s => s.Iccid) : null, last_iccid = sims.Count > 0 ? sims.Max(s => s.Iccid) : null,
        },
    };

    private static async Task<Organisation?> OperatorAsync(ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        var orgId = caller.OrganisationId();
        var org = await db.Organisations.AsNoTracking().FirstAsync(o => o.Id == orgId, ct);
        return org.Type == OrganisationType.Master ? org : null;
    }

    internal static async Task<Results<Ok<List<AdminSimBatchDto>>, JsonHttpResult<ApiError>>> ListAsync(ClaimsPrincipal caller, CellgateDbContext db, CancellationToken ct)
    {
        if (await OperatorAsync(caller, db, ct) is not { } op) return ApiErrors.Forbidden();
        var rows = await db.SimBatches.AsNoTracking().Where(b => b.IssuerOrganisationId == op.Id).OrderBy(b => b.Id)
            .Select(b => new { Batch = b, Customer = db.Organisations.Where(o => o.Id == b.CustomerOrganisationId).Select(o => o.Name).FirstOrDefault() })
            .ToListAsync(ct);
        return TypedResults.Ok(rows.ConvertAll(r => new AdminSimBatchDto(r.Batch.Id, r.Batch.Bic, r.Batch.Quantity, ApiDates.Core(r.Batch.Created),
            r.Batch.CustomerOrganisationId is { } c ? new SimOrganisation(c, r.Customer ?? "") : null, ApiDates.Core(r.Batch.Registered))));
    }

    /// <summary>A BIC nobody can guess: it is what lets an organisation claim the batch.</summary>
    public static string NewBic() => "CG" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));

    private static bool IsBic(string s) => s.Length is >= 4 and <= 64 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    internal static async Task<Results<Created<ImportedSimBatch>, JsonHttpResult<ApiError>>> ImportAsync(
        ImportSimBatchRequest? body, HttpContext http, ClaimsPrincipal caller, CellgateDbContext db, EventLog events, DeviceWriteGate gate, TimeProvider time, CancellationToken ct)
    {
        if (await OperatorAsync(caller, db, ct) is not { } op) return ApiErrors.Forbidden();
        body ??= new ImportSimBatchRequest(null, null, null, null, null, null);
        var now = time.GetUtcNow().UtcDateTime;
        var v = new RequestValidation("SIM batch", "Import SIM batch validation error");
        if (body.Bic is not null && !IsBic(body.Bic)) v.Add(ApiErrors.InvalidFormat(v.ObjectName, "bic", "Expecting 4 to 64 letters, digits, '-' or '_'"));
        var productionDate = now;
        if (body.ProductionDate is not null && !ApiDates.TryParse(body.ProductionDate, out productionDate))
            v.Add(ApiErrors.InvalidFormat(v.ObjectName, "production_date", "Expecting a date or date-time"));
        var model = SimsApi.Models[0].Id;
        if (body.Model is { } m)
        {
            if (SimsApi.Models.FirstOrDefault(x => x.Id == m.Id) is { } found) model = found.Id;
            else v.Add(ApiErrors.InvalidReference("SIM model", m.Id));
        }
        var status = SimStatus.Issued;
        if (body.SimStatus is { } st)
        {
            if (st.Id is ((int)SimStatus.Issued or (int)SimStatus.Activated or (int)SimStatus.FactoryTest) && body.CustomerOrg is not null) status = (SimStatus)st.Id.Value;
            else v.Invalid("sim_status", "must be 0 (Issued), 1 (Activated) or 4 (Factory Test), and needs customer_org");
        }
        Organisation? customer = null;
        if (body.CustomerOrg is { } co)
        {
            customer = co.Id is { } cid ? await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == cid && (o.Id == op.Id || o.ParentId == op.Id), ct) : null;
            if (customer is null) v.Add(ApiErrors.InvalidReference("Organisation", co.Id));
        }

        var rows = new List<(string Iccid, string Imsi, string? Msisdn)>();
        if (body.Sims is not { Count: > 0 }) v.Add(ApiErrors.Required(v.ObjectName, "sims"));
        else if (body.Sims.Count > MaxBatchSize) v.Invalid("sims", $"may hold at most {MaxBatchSize} SIMs per batch");
        else
        {
            for (var i = 0; i < body.Sims.Count && v.Errors.Count < 50; i++)
            {
                var s = body.Sims[i];
                var field = $"sims[{i}]";
                if (s is null) { v.Add(ApiErrors.Required(v.ObjectName, field)); continue; }
                if (!SimNumbers.TryReadIccid(s.Iccid, out var iccid, out var problem)) v.Add(ApiErrors.InvalidFormat(v.ObjectName, $"{field}.iccid", problem!));
                var imsi = s.Imsi?.Trim();
                if (!SimNumbers.IsImsi(imsi)) v.Add(ApiErrors.InvalidFormat(v.ObjectName, $"{field}.imsi", "Expecting 15 digits (MCC, MNC, MSIN)"));
                var msisdn = string.IsNullOrWhiteSpace(s.Msisdn) ? null : s.Msisdn.Trim().TrimStart('+');
                if (msisdn is not null && !SimNumbers.IsMsisdn(msisdn))
                    v.Add(ApiErrors.InvalidFormat(v.ObjectName, $"{field}.msisdn", "Expecting an international number of 7 to 15 digits, without leading zero"));
                rows.Add((iccid, imsi ?? "", msisdn));
            }
        }
        if (v.Failed) return v.ToResult();

        if (Duplicate(rows.Select(r => r.Iccid)) is { } di) return ApiErrors.Duplicated($"SIM with ICCID '{di}' appears more than once in the batch.");
        if (Duplicate(rows.Select(r => r.Imsi)) is { } dm) return ApiErrors.Duplicated($"SIM with IMSI '{dm}' appears more than once in the batch.");
        if (Duplicate(rows.Where(r => r.Msisdn is not null).Select(r => r.Msisdn!)) is { } dn) return ApiErrors.Duplicated($"SIM with MSISDN '{dn}' appears more than once in the batch.");

        using var _ = await gate.EnterAsync(ct);
        foreach (var chunk in rows.Chunk(500))
        {
            var iccids = chunk.Select(r => r.Iccid).ToList();
            var imsis = chunk.Select(r => r.Imsi).ToList();
            var msisdns = chunk.Where(r => r.Msisdn is not null).Select(r => r.Msisdn!).ToList();
            var clash = await db.Sims.AsNoTracking().Where(s => iccids.Contains(s.Iccid) || imsis.Contains(s.Imsi) || (s.Msisdn != null && msisdns.Contains(s.Msisdn)))
                .Select(s => new { s.Iccid, s.Imsi, s.Msisdn }).FirstOrDefaultAsync(ct);
            if (clash is not null)
            {
                var message = iccids.Contains(clash.Iccid) ? $"SIM with ICCID '{clash.Iccid}' already exists."
                    : imsis.Contains(clash.Imsi) ? $"SIM with IMSI '{clash.Imsi}' already exists."
                    : $"SIM with MSISDN '{clash.Msisdn}' already exists.";
                return ApiErrors.Duplicated(message);
            }
        }
        var bic = body.Bic ?? NewBic();
        if (await db.SimBatches.AnyAsync(b => b.Bic == bic, ct)) return ApiErrors.Duplicated($"SIM batch with BIC '{bic}' already exists.");

        var actor = await EventLog.ActorAsync(caller, db, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var batch = new SimBatch
        {
            Bic = bic, IssuerOrganisationId = op.Id, CustomerOrganisationId = customer?.Id, Quantity = rows.Count, Created = now,
            Registered = customer is null ? null : now,
        };
        db.SimBatches.Add(batch);
        await db.SaveChangesAsync(ct);
        var sims = rows.ConvertAll(r => new Sim
        {
            Iccid = r.Iccid, IccidWithLuhn = r.Iccid + SimNumbers.LuhnDigit(r.Iccid), Imsi = r.Imsi, Msisdn = r.Msisdn,
            Status = SimStatus.Issued, ProductionDate = productionDate, Created = now, IssuerOrganisationId = op.Id,
            CustomerOrganisationId = customer?.Id, SimBatchId = batch.Id, ModelId = model,
        });
        db.Sims.AddRange(sims);
        await db.SaveChangesAsync(ct);
        var eventOrg = customer?.Id ?? op.Id;
        events.Add(db, eventOrg, EventTypes.SimRegistration,
            customer is null ? $"Batch of {sims.Count} SIM(s) imported with BIC '{bic}', awaiting registration." : $"Batch of {sims.Count} SIM(s) registered.",
            actor, sim: sims.Count == 1 ? sims[0] : null, detail: BatchDetail(batch, sims));
        if (customer is not null)
            foreach (var sim in sims) SimLifecycle.Change(db, events, sim, status, customer.Id, actor, null, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        return TypedResults.Created(ApiLocation.For(http, $"/api/v1/sim_batch/bic/{Uri.EscapeDataString(bic)}"), new ImportedSimBatch(batch.Id, bic, sims.Count,
            customer is null ? null : new SimOrganisation(customer.Id, customer.Name), sims.ConvertAll(s => new SimIccid(s.Id, s.Iccid))));
    }

    private static string? Duplicate(IEnumerable<string> values)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var x in values) if (!seen.Add(x)) return x;
        return null;
    }
}
