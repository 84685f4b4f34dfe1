using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cellgate.Storage.Configurations;

// Every list query of the endpoint/SIM/event APIs is scoped by organisation and ordered by id (or a sort field), so
// each of those has an (OrganisationId, field) index; string filters are prefix ranges over these same indexes.

internal sealed class DeviceConfiguration : IEntityTypeConfiguration<Device>
{
    public void Configure(EntityTypeBuilder<Device> b)
    {
        b.ToTable("devices");
        b.Property(d => d.Name).HasMaxLength(200);
        b.Property(d => d.Tags).HasMaxLength(1000);
        b.Property(d => d.Imei).HasMaxLength(16);
        b.Property(d => d.IpAddress).HasMaxLength(15);
        b.HasIndex(d => new { d.OrganisationId, d.Id });
        b.HasIndex(d => new { d.OrganisationId, d.Name });
        b.HasIndex(d => new { d.OrganisationId, d.LastUpdated });
        b.HasIndex(d => new { d.OrganisationId, d.Created });
        b.HasIndex(d => new { d.OrganisationId, d.IpAddress });
        b.HasIndex(d => new { d.OrganisationId, d.Imei });
        b.HasIndex(d => d.SimId).IsUnique();
        b.HasIndex(d => new { d.IpAddressSpaceId, d.IpAddressValue }).IsUnique();
        b.HasIndex(d => d.ServiceProfileId);
        b.HasIndex(d => d.TariffProfileId);
        b.HasOne<Organisation>().WithMany().HasForeignKey(d => d.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(d => d.ServiceProfile).WithMany().HasForeignKey(d => d.ServiceProfileId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(d => d.TariffProfile).WithMany().HasForeignKey(d => d.TariffProfileId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(d => d.Sim).WithOne(s => s.Device).HasForeignKey<Device>(d => d.SimId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(d => d.IpAddressSpace).WithMany().HasForeignKey(d => d.IpAddressSpaceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DeviceCounterConfiguration : IEntityTypeConfiguration<DeviceCounter>
{
    public void Configure(EntityTypeBuilder<DeviceCounter> b)
    {
        b.ToTable("device_counters");
        b.HasKey(c => c.OrganisationId);
        b.Property(c => c.OrganisationId).ValueGeneratedNever();
        b.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SimConfiguration : IEntityTypeConfiguration<Sim>
{
    public void Configure(EntityTypeBuilder<Sim> b)
    {
        b.ToTable("sims");
        b.Property(s => s.Iccid).HasMaxLength(19);
        b.Property(s => s.IccidWithLuhn).HasMaxLength(20);
        b.Property(s => s.Imsi).HasMaxLength(15);
        b.Property(s => s.Msisdn).HasMaxLength(15);
        b.HasIndex(s => s.Iccid).IsUnique();
        b.HasIndex(s => s.IccidWithLuhn).IsUnique();
        b.HasIndex(s => s.Imsi).IsUnique();
        b.HasIndex(s => s.Msisdn).IsUnique();
        b.HasIndex(s => new { s.CustomerOrganisationId, s.Id });
        b.HasIndex(s => new { s.CustomerOrganisationId, s.Status });
        b.HasIndex(s => s.IssuerOrganisationId);
        b.HasIndex(s => s.SimBatchId);
        b.HasOne(s => s.IssuerOrganisation).WithMany().HasForeignKey(s => s.IssuerOrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(s => s.CustomerOrganisation).WithMany().HasForeignKey(s => s.CustomerOrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(s => s.SimBatch).WithMany().HasForeignKey(s => s.SimBatchId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SimBatchConfiguration : IEntityTypeConfiguration<SimBatch>
{
    public void Configure(EntityTypeBuilder<SimBatch> b)
    {
        b.ToTable("sim_batches");
        b.Property(s => s.Bic).HasMaxLength(64);
        b.HasIndex(s => s.Bic).IsUnique();
        b.HasIndex(s => s.IssuerOrganisationId);
        b.HasOne<Organisation>().WithMany().HasForeignKey(s => s.IssuerOrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organisation>().WithMany().HasForeignKey(s => s.CustomerOrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ServiceProfileConfiguration : IEntityTypeConfiguration<ServiceProfile>
{
    public void Configure(EntityTypeBuilder<ServiceProfile> b)
    {
        b.ToTable("service_profiles");
        b.Property(p => p.Name).HasMaxLength(200);
        b.Property(p => p.Description).HasMaxLength(1000);
        b.HasIndex(p => p.OrganisationId);
        b.HasOne<Organisation>().WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TariffProfileConfiguration : IEntityTypeConfiguration<TariffProfile>
{
    public void Configure(EntityTypeBuilder<TariffProfile> b)
    {
        b.ToTable("tariff_profiles");
        b.Property(p => p.Name).HasMaxLength(200);
        b.Property(p => p.Description).HasMaxLength(1000);
        b.HasIndex(p => p.OrganisationId);
        b.HasOne<Organisation>().WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class IpAddressSpaceConfiguration : IEntityTypeConfiguration<IpAddressSpace>
{
    public void Configure(EntityTypeBuilder<IpAddressSpace> b)
    {
        b.ToTable("ip_address_spaces");
        b.Property(s => s.Cidr).HasMaxLength(18);
        b.HasIndex(s => s.OrganisationId);
        b.HasIndex(s => new { s.FirstAddress, s.LastAddress });
        b.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EventConfiguration : IEntityTypeConfiguration<Event>
{
    public void Configure(EntityTypeBuilder<Event> b)
    {
        b.ToTable("events");
        b.Property(e => e.Id).ValueGeneratedNever();
        b.Property(e => e.Description).HasMaxLength(1000);
        b.Property(e => e.EndpointName).HasMaxLength(200);
        b.Property(e => e.EndpointTags).HasMaxLength(1000);
        b.HasIndex(e => new { e.OrganisationId, e.Id });
        b.HasIndex(e => new { e.OrganisationId, e.EndpointId, e.Id });
        b.HasIndex(e => new { e.OrganisationId, e.SimId, e.Id });
        b.HasIndex(e => new { e.OrganisationId, e.UserId, e.Id });
        b.HasIndex(e => new { e.OrganisationId, e.Timestamp });
        b.HasOne<Organisation>().WithMany().HasForeignKey(e => e.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}
