using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cellgate.Storage.Configurations;

internal sealed class DataStreamConfiguration : IEntityTypeConfiguration<DataStream>
{
    public void Configure(EntityTypeBuilder<DataStream> b)
    {
        b.ToTable("data_streams");
        b.Property(s => s.Name).HasMaxLength(200);
        b.Property(s => s.Url).HasMaxLength(2000);
        b.Property(s => s.Method).HasMaxLength(8);
        b.Property(s => s.Headers).HasMaxLength(10000);
        b.Property(s => s.EventTypeIds).HasMaxLength(10000);
        b.Property(s => s.StatusReason).HasMaxLength(1000);
        b.HasIndex(s => new { s.OrganisationId, s.Status });
        b.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DataStreamQueueConfiguration : IEntityTypeConfiguration<DataStreamQueueEntry>
{
    public void Configure(EntityTypeBuilder<DataStreamQueueEntry> b)
    {
        b.ToTable("data_stream_queue");
        b.HasIndex(q => new { q.StreamId, q.Id });
        b.HasIndex(q => q.Created);
        // No foreign key to data_streams: an event committed while its stream is being deleted must not fail because
        // of it (the stream directory may still list the stream for a moment); the pump drops such orphans.
    }
}
