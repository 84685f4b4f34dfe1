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
