using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Cellgate.Storage.Configurations;

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> b)
    {
        b.ToTable("organisations");
        b.Property(o => o.Name).HasMaxLength(200);
        b.HasIndex(o => o.ParentId);
        b.HasOne<Organisation>().WithMany().HasForeignKey(o => o.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.ToTable("users");
        b.Property(u => u.Username).HasMaxLength(254);
        b.Property(u => u.Name).HasMaxLength(200);
        b.HasIndex(u => u.Username).IsUnique();
        b.HasIndex(u => u.OrganisationId);
        b.HasOne(u => u.Organisation).WithMany().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ApplicationTokenConfiguration : IEntityTypeConfiguration<ApplicationToken>
{
    public void Configure(EntityTypeBuilder<ApplicationToken> b)
    {
        b.ToTable("application_tokens");
        b.Property(t => t.Description).HasMaxLength(500);
        b.Property(t => t.Ip).HasMaxLength(64);
        b.HasIndex(t => t.SecretHash).IsUnique();
        b.HasIndex(t => t.OrganisationId);
        b.HasOne<Organisation>().WithMany().HasForeignKey(t => t.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        // A token dies with its creator: it must never carry more than its creator holds now (docs/authentication.md).
        b.HasOne(t => t.Creator).WithMany().HasForeignKey(t => t.CreatorId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RefreshTokenConfiguration : IEntityTypeConfiguration<RefreshToken>
{
    public void Configure(EntityTypeBuilder<RefreshToken> b)
    {
        b.ToTable("refresh_tokens");
        b.HasIndex(t => t.TokenHash).IsUnique();
        b.HasIndex(t => t.UserId);
        b.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SigningKeyConfiguration : IEntityTypeConfiguration<SigningKey>
{
    public void Configure(EntityTypeBuilder<SigningKey> b)
    {
        b.ToTable("signing_keys");
        b.HasKey(k => k.Kid);
        b.Property(k => k.Kid).HasMaxLength(64);
    }
}

internal sealed class SmsMessageConfiguration : IEntityTypeConfiguration<SmsMessage>
{
    public void Configure(EntityTypeBuilder<SmsMessage> b)
    {
        b.ToTable("sms");
        b.Property(s => s.Payload).HasMaxLength(2000);
        b.Property(s => s.SourceAddress).HasMaxLength(32);
        b.Property(s => s.DestAddress).HasMaxLength(32);
        b.Property(s => s.Udh).HasMaxLength(400);
        b.Property(s => s.Iccid).HasMaxLength(20);
        b.Property(s => s.Msisdn).HasMaxLength(20);
        b.Property(s => s.Imsi).HasMaxLength(20);
        b.Property(s => s.GsmMapError).HasMaxLength(40);
        b.Property(s => s.LeaseOwner).HasMaxLength(64);
        // The simulated handset's inbox (SimulatorStore): ticks, 8 bytes a row instead of a date's text.
        b.Property(s => s.HandsetReceived).HasConversion(new DateTimeToTicksConverter());
        // Listing an endpoint's SMS is per provider (CellgateDbContext: an index on PostgreSQL, the table sms_by_device
        // filled behind the submits on SQLite).
        // The dispatcher's queue: pending MT rows by due time, and the per-device head-of-line check.
        b.HasIndex(s => new { s.RetryDate, s.Id }).HasDatabaseName("ix_sms_due").HasFilter(SmsQueueFilter.Due);
        b.HasIndex(s => new { s.DeviceId, s.Id }, "ix_sms_pending_by_device").HasFilter(SmsQueueFilter.Pending);
        // The expiry sweep's index is per provider (CellgateDbContext: ix_sms_pending_expiry on PostgreSQL, an expression
        // index on SQLite).
        // Only multi-part SMS have a MessageId (their first part's id), and every lookup compares it to a value: a partial
        // index skips the NULL entry each single-part SMS added, a page write per group commit (issue 11).
        b.HasIndex(s => s.MessageId).HasFilter("\"MessageId\" IS NOT NULL");
        b.Property(s => s.Transport).HasMaxLength(32);
        b.Property(s => s.UpstreamId).HasMaxLength(64);
        // Receipts find their SMS by (transport, upstream id); the dispatcher finds receipts that never came.
        b.HasIndex(s => new { s.UpstreamId, s.Transport }).HasDatabaseName("ix_sms_upstream").HasFilter("\"UpstreamId\" IS NOT NULL");
        b.HasIndex(s => s.ReceiptDue).HasDatabaseName("ix_sms_receipt_due").HasFilter("\"ReceiptDue\" IS NOT NULL");
        // The SMPP server's deliver_sm queue (receipts and MO owed to bound ESMEs), by organisation.
        b.HasIndex(s => new { s.OrganisationId, s.Id }).HasDatabaseName("ix_sms_smpp_forward").HasFilter("\"SmppForward\" = 1");
    }
}

internal sealed class SmppAccountConfiguration : IEntityTypeConfiguration<SmppAccount>
{
    public void Configure(EntityTypeBuilder<SmppAccount> b)
    {
        b.ToTable("smpp_accounts");
        b.Property(a => a.SystemId).HasMaxLength(15);
        b.Property(a => a.PasswordHash).HasMaxLength(200);
        b.Property(a => a.Description).HasMaxLength(500);
        b.HasIndex(a => a.SystemId).IsUnique();
        b.HasIndex(a => a.OrganisationId);
        b.HasOne<Organisation>().WithMany().HasForeignKey(a => a.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SmsQuotaConfiguration : IEntityTypeConfiguration<SmsQuota>
{
    public void Configure(EntityTypeBuilder<SmsQuota> b)
    {
        b.ToTable("sms_quotas");
        b.HasKey(q => q.DeviceId);
    }
}

internal sealed class SimulatedDeviceConfiguration : IEntityTypeConfiguration<SimulatedDevice>
{
    public void Configure(EntityTypeBuilder<SimulatedDevice> b)
    {
        b.ToTable("simulated_devices");
        b.HasKey(d => d.DeviceId);
        b.HasIndex(d => d.NextToggle).HasFilter("\"NextToggle\" IS NOT NULL");
    }
}

