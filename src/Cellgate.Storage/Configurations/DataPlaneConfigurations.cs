using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cellgate.Storage.Configurations;

// Tags, serving network, data sessions, usage rollups, data quotas and traffic limits (docs/connectivity.md).

internal sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> b)
    {
        b.ToTable("tags");
        b.Property(t => t.Name).HasMaxLength(100);
        b.HasIndex(t => new { t.OrganisationId, t.Name }).IsUnique();
        b.HasOne<Organisation>().WithMany().HasForeignKey(t => t.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DeviceTagConfiguration : IEntityTypeConfiguration<DeviceTag>
{
    public void Configure(EntityTypeBuilder<DeviceTag> b)
    {
        b.ToTable("device_tags");
        b.HasKey(e => new { e.DeviceId, e.TagId });
        b.HasIndex(e => e.TagId);
        b.HasOne<Device>().WithMany(d => d.TagAssignments).HasForeignKey(e => e.DeviceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(e => e.Tag).WithMany().HasForeignKey(e => e.TagId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SimulatedRadioConfiguration : IEntityTypeConfiguration<SimulatedRadio>
{
    public void Configure(EntityTypeBuilder<SimulatedRadio> b)
    {
        b.ToTable("simulated_radio");
        b.HasKey(r => r.DeviceId);
        b.HasOne<Device>().WithOne().HasForeignKey<SimulatedRadio>(r => r.DeviceId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => r.MeteredUntil).HasFilter("\"MeteredUntil\" IS NOT NULL");
    }
}

internal sealed class DataSessionConfiguration : IEntityTypeConfiguration<DataSession>
{
    public void Configure(EntityTypeBuilder<DataSession> b)
    {
        b.ToTable("data_sessions");
        b.Property(s => s.Apn).HasMaxLength(100);
        b.Property(s => s.IpAddress).HasMaxLength(45);
        // One open session per device; the database says so.
        b.HasIndex(s => s.DeviceId).IsUnique().HasFilter("\"Ended\" IS NULL").HasDatabaseName("IX_data_sessions_open");
        b.HasIndex(s => new { s.DeviceId, s.Id });
    }
}

internal sealed class UsageRecordConfiguration : IEntityTypeConfiguration<UsageRecord>
{
    public void Configure(EntityTypeBuilder<UsageRecord> b)
    {
        b.ToTable("usage_records");
        // No secondary index: the statistics read the rollups, never the records, so the records are appended in
        // rowid order (an index keyed by device would dirty one page per device of every usage batch).
    }
}

internal sealed class UsageRollupConfiguration : IEntityTypeConfiguration<UsageRollup>
{
    public void Configure(EntityTypeBuilder<UsageRollup> b)
    {
        b.ToTable("usage_rollups");
        b.HasKey(r => new { r.Period, r.DeviceId, r.SimId, r.Start });
        // No (period, organisation, start) index: the organisation's statistics read organisation_usage_rollups.
        b.HasIndex(r => new { r.Period, r.SimId, r.Start });
    }
}

/// <summary>
/// <c>usage_pending</c>. On PostgreSQL a batch appends a row per device, SIM and hour (two group transactions or nodes
/// upserting the same keys in their own orders would deadlock), found by the <c>(DeviceId)</c> index. On SQLite (one
/// writer) a batch adds to its key's row: the table is keyed (DeviceId, SimId, Hour) and created <c>WITHOUT ROWID</c> by
/// the migration (EF has no switch for it; a migration that rebuilds this table must keep it): one b-tree clustered by
/// device instead of a rowid table plus an index, so a roll slice, which deletes the rows of a run of devices, dirties a
/// few pages instead of one per row; and <c>Day</c>/<c>Month</c> are virtual columns computed from <c>Hour</c>, which
/// keeps the rows about half as long — every feed chunk touches most of the table's pages (docs/benchmarks.md, usage5).
/// </summary>
/// <summary>
/// usage_pending differs per provider, so it is configured by <see cref="CellgateDbContext"/> with the provider's flag —
/// not an <see cref="IEntityTypeConfiguration{TEntity}"/>, which the assembly scan would try (and warn) to build without one.
/// </summary>
internal static class UsagePendingConfiguration
{
    public static void Configure(EntityTypeBuilder<UsagePending> b, bool sqlite)
    {
        b.ToTable("usage_pending");
        // The roller takes the rows of a few hundred devices a transaction (so that a roll never holds the writer long)
        // and every row of those devices (so that each rollup key is still upserted once a roll): by device. The table
        // holds at most a few seconds of usage.
        if (!sqlite)
        {
            b.HasIndex(p => p.DeviceId);
            return;
        }
        b.Ignore(p => p.Id);
        b.HasKey(p => new { p.DeviceId, p.SimId, p.Hour });
        // As Microsoft.Data.Sqlite writes a DateTime ("yyyy-MM-dd HH:mm:ss"): the day's and the month's start of the hour.
        b.Property(p => p.Day).HasComputedColumnSql("""substr("Hour", 1, 10) || ' 00:00:00'""", stored: false);
        b.Property(p => p.Month).HasComputedColumnSql("""substr("Hour", 1, 8) || '01 00:00:00'""", stored: false);
    }
}

internal sealed class UsageFeedRequestConfiguration : IEntityTypeConfiguration<UsageFeedRequest>
{
    public void Configure(EntityTypeBuilder<UsageFeedRequest> b)
    {
        b.ToTable("usage_feed_requests");
        b.HasKey(r => new { r.OrganisationId, r.Key });
        b.Property(r => r.Key).HasMaxLength(255);
        b.Property(r => r.RequestHash).HasMaxLength(64);
        b.HasIndex(r => r.Created); // the roller removes rows older than a day
    }
}

internal sealed class DataQuotaConfiguration : IEntityTypeConfiguration<DataQuota>
{
    public void Configure(EntityTypeBuilder<DataQuota> b)
    {
        b.ToTable("data_quotas");
        b.HasKey(q => q.DeviceId);
        b.HasOne<Device>().WithOne().HasForeignKey<DataQuota>(q => q.DeviceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TrafficLimitConfiguration : IEntityTypeConfiguration<TrafficLimit>
{
    public void Configure(EntityTypeBuilder<TrafficLimit> b)
    {
        b.ToTable("traffic_limits");
        b.HasIndex(l => new { l.ServiceProfileId, l.ServiceId, l.Period }).IsUnique();
        b.HasOne<ServiceProfile>().WithMany().HasForeignKey(l => l.ServiceProfileId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TrafficLimitExtensionConfiguration : IEntityTypeConfiguration<TrafficLimitExtension>
{
    public void Configure(EntityTypeBuilder<TrafficLimitExtension> b)
    {
        b.ToTable("traffic_limit_extensions");
        b.HasIndex(e => new { e.DeviceId, e.TrafficLimitId });
        b.HasOne<Device>().WithMany().HasForeignKey(e => e.DeviceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<TrafficLimit>().WithMany().HasForeignKey(e => e.TrafficLimitId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ServiceTrafficLimitConfiguration : IEntityTypeConfiguration<ServiceTrafficLimit>
{
    public void Configure(EntityTypeBuilder<ServiceTrafficLimit> b)
    {
        b.ToTable("service_traffic_limits");
        b.HasKey(l => new { l.ServiceProfileId, l.ServiceId });
        b.HasOne<ServiceProfile>().WithMany().HasForeignKey(l => l.ServiceProfileId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InclusiveVolumeConfiguration : IEntityTypeConfiguration<InclusiveVolume>
{
    public void Configure(EntityTypeBuilder<InclusiveVolume> b)
    {
        b.ToTable("inclusive_volumes");
        b.HasIndex(v => v.OrganisationId);
        b.HasOne<Organisation>().WithMany().HasForeignKey(v => v.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TariffProfileInclusiveVolumeConfiguration : IEntityTypeConfiguration<TariffProfileInclusiveVolume>
{
    public void Configure(EntityTypeBuilder<TariffProfileInclusiveVolume> b)
    {
        b.ToTable("tariff_profile_inclusive_volumes");
        b.HasKey(a => a.TariffProfileId);
        b.HasIndex(a => a.InclusiveVolumeId);
        b.HasOne<TariffProfile>().WithMany().HasForeignKey(a => a.TariffProfileId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<InclusiveVolume>().WithMany().HasForeignKey(a => a.InclusiveVolumeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TrafficLimitWarningConfiguration : IEntityTypeConfiguration<TrafficLimitWarning>
{
    public void Configure(EntityTypeBuilder<TrafficLimitWarning> b)
    {
        b.ToTable("traffic_limit_warnings");
        b.HasKey(w => new { w.DeviceId, w.TrafficLimitId, w.PeriodStart });
        b.HasOne<Device>().WithMany().HasForeignKey(w => w.DeviceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<TrafficLimit>().WithMany().HasForeignKey(w => w.TrafficLimitId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SmsLimitCounterConfiguration : IEntityTypeConfiguration<SmsLimitCounter>
{
    public void Configure(EntityTypeBuilder<SmsLimitCounter> b)
    {
        b.ToTable("sms_limit_counters");
        b.HasKey(x => new { x.DeviceId, x.ServiceId, x.Period, x.PeriodStart });
        b.HasOne<Device>().WithMany().HasForeignKey(x => x.DeviceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OrganisationUsageRollupConfiguration : IEntityTypeConfiguration<OrganisationUsageRollup>
{
    public void Configure(EntityTypeBuilder<OrganisationUsageRollup> b)
    {
        b.ToTable("organisation_usage_rollups");
        b.HasKey(r => new { r.Period, r.OrganisationId, r.Start });
    }
}
