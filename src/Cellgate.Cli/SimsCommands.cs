using System.CommandLine;
using System.Net;
using Cellgate.Client;
using Spectre.Console;

namespace Cellgate.Cli;

/// <summary><c>cellgate sims list|import</c>.</summary>
internal static class SimsCommands
{
    public static Command Create(CliApp app)
    {
        var sims = new Command("sims", "The SIM inventory");
        sims.Subcommands.Add(List(app));
        sims.Subcommands.Add(Import(app));
        return sims;
    }

    private static Command List(CliApp app)
    {
        var filter = DevicesCommands.FilterOption();
        var sort = DevicesCommands.SortOption();
        var limit = DevicesCommands.LimitOption();
        var command = new Command("list", "List SIMs (every page; e.g. -q endpoint:null for SIMs without a device)") { filter, sort, limit };
        app.Handle(command, async (c, ct) =>
        {
            var items = await DevicesCommands.Take(c.Client.Sims.ListAsync(new ListOptions { Filter = c.Get(filter), Sort = c.Get(sort) }, ct), c.Get(limit), ct);
            if (c.Out.Json) c.Out.WriteJson(items, CliJsonContext.Default.ListSim);
            else c.Out.Table(["ID", "ICCID", "IMSI", "MSISDN", "STATUS", "DEVICE"],
                items.Select(s => new[] { s.Id.ToString(), s.Iccid, s.Imsi, s.Msisdn, s.Status?.Description, s.Device?.Id.ToString() }));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Import(CliApp app)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A CSV file: iccid,imsi,msisdn (a header row may name the columns)" };
        var customer = new Option<long?>("--customer-org") { Description = "The organisation the SIMs go to (default: your own)" };
        var unassigned = new Option<bool>("--unassigned") { Description = "Leave the SIMs to be registered later by their batch's BIC" };
        var status = new Option<string>("--status") { Description = "issued, activated or factory-test", DefaultValueFactory = _ => "issued" };
        status.AcceptOnlyFromAmong("issued", "activated", "factory-test");
        var batchSize = new Option<int>("--batch-size") { Description = "SIMs per request (at most 10000)", DefaultValueFactory = _ => SimsClient.MaxBatchSize };
        var command = new Command("import", "Import SIMs from a CSV file (operator only); bad rows are reported by line and the rest imported")
            { file, customer, unassigned, status, batchSize };
        app.Handle(command, async (c, ct) =>
        {
            var path = c.Get(file);
            if (!path.Exists) throw new FileNotFoundException($"{path.FullName} does not exist");
            List<CsvSim> rows;
            List<RejectedRow> rejected;
            using (var reader = path.OpenText()) (rows, rejected) = SimCsv.Read(reader);
            var size = Math.Clamp(c.Get(batchSize), 1, SimsClient.MaxBatchSize);
            OrganisationId? org = c.Get(unassigned) ? null
                : c.Get(customer) is { } id ? new OrganisationId(id) : (await c.Client.Organisations.GetMineAsync(ct)).Id;
            var simStatus = c.Get(status) switch { "activated" => SimStatus.Activated, "factory-test" => SimStatus.FactoryTest, _ => SimStatus.Issued };
            var rowCount = rows.Count + rejected.Count;
            var importer = new Importer(c.Client, org, org is null ? null : simStatus, rejected);
            var chunks = rows.Chunk(size).ToList();
            if (c.Out.Interactive && !c.Out.Json)
            {
                await c.Out.Console.Progress().StartAsync(async progress =>
                {
                    var task = progress.AddTask("Importing SIMs", maxValue: Math.Max(1, rows.Count));
                    foreach (var chunk in chunks)
                    {
                        await importer.ImportAsync(chunk, ct);
                        task.Increment(chunk.Length);
                    }
                });
            }
            else foreach (var chunk in chunks) await importer.ImportAsync(chunk, ct);

            rejected.Sort((a, b) => a.Line.CompareTo(b.Line));
            var summary = new ImportSummary(importer.Imported, rowCount, importer.Batches, rejected);
            if (c.Out.Json) c.Out.WriteJson(summary, CliJsonContext.Default.ImportSummary);
            else
            {
                c.Out.Line($"Imported {summary.Imported} of {summary.Rows} SIMs in {summary.Batches.Count} batch(es); {rejected.Count} row(s) rejected.");
                if (rejected.Count > 0) c.Out.Table(["LINE", "REASON"], rejected.Select(r => new[] { r.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Reason }));
            }
            return rejected.Count == 0 ? ExitCodes.Ok : ExitCodes.RowsRejected;
        });
        return command;
    }

    /// <summary>
    /// Sends batches; a batch the server refuses for its content (409, 422) is split in halves until the refused rows
    /// are found, each reported with the server's message, so that one bad row never costs the others.
    /// </summary>
    private sealed class Importer(CellgateClient client, OrganisationId? org, SimStatus? status, List<RejectedRow> rejected)
    {
        public int Imported { get; private set; }
        public List<ImportedBatch> Batches { get; } = [];

        public async Task ImportAsync(IReadOnlyList<CsvSim> rows, CancellationToken ct)
        {
            if (rows.Count == 0) return;
            try
            {
                var batch = await client.Sims.ImportBatchAsync(new SimBatchImport(rows.Select(r => r.Sim).ToList()) { CustomerOrganisation = org, Status = status }, ct);
                Imported += batch.Quantity > 0 ? batch.Quantity : rows.Count;
                Batches.Add(new ImportedBatch(batch.Bic, batch.Quantity));
            }
            catch (CellgateApiException e) when (e.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity)
            {
                if (rows.Count == 1)
                {
                    rejected.Add(new RejectedRow(rows[0].Line, e.Describe()));
                    return;
                }
                var half = rows.Count / 2;
                await ImportAsync(rows.Take(half).ToList(), ct);
                await ImportAsync(rows.Skip(half).ToList(), ct);
            }
        }
    }
}
