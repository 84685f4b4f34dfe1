using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cellgate.Storage.Configurations;

// Lookups are read-only tables seeded by migration (HasData) from LookupSeed.

internal sealed class CountryConfiguration : IEntityTypeConfiguration<Country>
{
    public void Configure(EntityTypeBuilder<Country> b)
    {
        b.ToTable("countries");
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.Name).HasMaxLength(100);
        b.Property(c => c.CountryCode).HasMaxLength(8);
        b.Property(c => c.Mcc).HasMaxLength(3);
        b.Property(c => c.IsoCode).HasMaxLength(2);
        b.HasData(LookupSeed.Countries);
    }
}

internal sealed class OperatorConfiguration : IEntityTypeConfiguration<Operator>
{
    public void Configure(EntityTypeBuilder<Operator> b)
    {
        b.ToTable("operators");
        b.Property(o => o.Id).ValueGeneratedNever();
        b.Property(o => o.Name).HasMaxLength(100);
        b.Property(o => o.Tapcode).HasMaxLength(5);
        b.Property(o => o.Mnc).HasMaxLength(3);
        b.HasIndex(o => o.CountryId);
        b.HasOne(o => o.Country).WithMany().HasForeignKey(o => o.CountryId).OnDelete(DeleteBehavior.Restrict);
        b.HasData(LookupSeed.Operators);
    }
}

internal sealed class CurrencyConfiguration : IEntityTypeConfiguration<Currency>
{
    public void Configure(EntityTypeBuilder<Currency> b)
    {
        b.ToTable("currencies");
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.Code).HasMaxLength(3);
        b.Property(c => c.Symbol).HasMaxLength(8);
        b.HasData(LookupSeed.Currencies);
    }
}

internal sealed class BreakoutRegionConfiguration : IEntityTypeConfiguration<BreakoutRegion>
{
    public void Configure(EntityTypeBuilder<BreakoutRegion> b)
    {
        b.ToTable("breakout_regions");
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.Name).HasMaxLength(64);
        b.Property(r => r.IpAddress).HasMaxLength(45);
        b.HasData(LookupSeed.BreakoutRegions);
    }
}

internal sealed class LookupValueConfiguration : IEntityTypeConfiguration<LookupValue>
{
    public void Configure(EntityTypeBuilder<LookupValue> b)
    {
        b.ToTable("lookup_values");
        b.HasKey(v => new { v.List, v.Id });
        b.Property(v => v.List).HasMaxLength(32);
        b.Property(v => v.Name).HasMaxLength(100);
        b.Property(v => v.Description).HasMaxLength(200);
        b.HasData(LookupSeed.Values);
    }
}

internal sealed class OperatorBlacklistConfiguration : IEntityTypeConfiguration<OperatorBlacklistEntry>
{
    public void Configure(EntityTypeBuilder<OperatorBlacklistEntry> b)
    {
        b.ToTable("operator_blacklist");
        b.HasKey(e => new { e.DeviceId, e.OperatorId });
        b.HasOne<Device>().WithMany().HasForeignKey(e => e.DeviceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(e => e.Operator).WithMany().HasForeignKey(e => e.OperatorId).OnDelete(DeleteBehavior.Restrict);
    }
}
