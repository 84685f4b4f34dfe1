using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cellgate.Storage.Configurations;

internal sealed class ApiCallbackConfiguration : IEntityTypeConfiguration<ApiCallback>
{
    public void Configure(EntityTypeBuilder<ApiCallback> b)
    {
        b.ToTable("api_callbacks");
        b.Property(c => c.Url).HasMaxLength(2000);
        b.Property(c => c.Purpose).HasMaxLength(200);
        b.HasIndex(c => c.OrganisationId);
        b.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ApiSecretConfiguration : IEntityTypeConfiguration<ApiSecret>
{
    public void Configure(EntityTypeBuilder<ApiSecret> b)
    {
        b.ToTable("api_secrets");
        b.Property(s => s.Purpose).HasMaxLength(200);
        b.HasIndex(s => s.OrganisationId);
        b.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class WebhookKeyConfiguration : IEntityTypeConfiguration<WebhookKey>
{
    public void Configure(EntityTypeBuilder<WebhookKey> b) => b.ToTable("webhook_keys");
}

internal sealed class OutboxWebhookConfiguration : IEntityTypeConfiguration<OutboxWebhook>
{
    public void Configure(EntityTypeBuilder<OutboxWebhook> b)
    {
        b.ToTable("webhook_outbox");
        b.Property(w => w.Kind).HasMaxLength(64);
        b.Property(w => w.Url).HasMaxLength(2000);
        b.Property(w => w.Method).HasMaxLength(10);
        b.Property(w => w.OrderingKey).HasMaxLength(100);
        b.Property(w => w.LastError).HasMaxLength(200);
        b.Property(w => w.LeaseOwner).HasMaxLength(64);
        // The dispatcher's queue: pending rows by due time; the head-of-line check per ordering key; expiry.
        b.HasIndex(w => new { w.NextAttempt, w.Id }).HasDatabaseName("ix_webhook_due").HasFilter("\"State\" IN (1, 2)");
        b.HasIndex(w => new { w.OrderingKey, w.Id }).HasDatabaseName("ix_webhook_pending_by_key").HasFilter("\"State\" IN (1, 2) AND \"OrderingKey\" IS NOT NULL");
        b.HasIndex(w => w.ExpiresAt).HasDatabaseName("ix_webhook_pending_expiry").HasFilter("\"State\" IN (1, 2)");
        // The delivery log of an organisation, newest first.
        b.HasIndex(w => new { w.OrganisationId, w.Id });
    }
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> b)
    {
        b.ToTable("webhook_attempts");
        b.Property(a => a.Error).HasMaxLength(200);
        b.HasIndex(a => new { a.WebhookId, a.Id });
    }
}

internal sealed class DemoWebhookReceiptConfiguration : IEntityTypeConfiguration<DemoWebhookReceipt>
{
    public void Configure(EntityTypeBuilder<DemoWebhookReceipt> b)
    {
        b.ToTable("demo_webhook_receipts");
        b.Property(r => r.Method).HasMaxLength(10);
        b.Property(r => r.WebhookId).HasMaxLength(64);
    }
}
