using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Storage;

public sealed class CellgateDbContext(DbContextOptions<CellgateDbContext> options) : DbContext(options)
{
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<User> Users => Set<User>();
    public DbSet<ApplicationToken> ApplicationTokens => Set<ApplicationToken>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();
    public DbSet<Device> Devices => Set<Device>();
    public DbSet<DeviceCounter> DeviceCounters => Set<DeviceCounter>();
    public DbSet<Sim> Sims => Set<Sim>();
    public DbSet<SimBatch> SimBatches => Set<SimBatch>();
    public DbSet<ServiceProfile> ServiceProfiles => Set<ServiceProfile>();
    public DbSet<TariffProfile> TariffProfiles => Set<TariffProfile>();
    public DbSet<IpAddressSpace> IpAddressSpaces => Set<IpAddressSpace>();
    public DbSet<Event> Events => Set<Event>();
    public DbSet<SmsMessage> Sms => Set<SmsMessage>();
    public DbSet<SmsQuota> SmsQuotas => Set<SmsQuota>();
    public DbSet<SmppAccount> SmppAccounts => Set<SmppAccount>();
    public DbSet<SimulatedDevice> SimulatedDevices => Set<SimulatedDevice>();
    public DbSet<Country> Countries => Set<Country>();
    public DbSet<Operator> Operators => Set<Operator>();
    public DbSet<Currency> Currencies => Set<Currency>();
    public DbSet<BreakoutRegion> BreakoutRegions => Set<BreakoutRegion>();
    public DbSet<LookupValue> LookupValues => Set<LookupValue>();
    public DbSet<OperatorBlacklistEntry> OperatorBlacklist => Set<OperatorBlacklistEntry>();
    public DbSet<ApiCallback> ApiCallbacks => Set<ApiCallback>();
    public DbSet<ApiSecret> ApiSecrets => Set<ApiSecret>();
    public DbSet<WebhookKey> WebhookKeys => Set<WebhookKey>();
    public DbSet<OutboxWebhook> WebhookOutbox => Set<OutboxWebhook>();
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();
    public DbSet<DemoWebhookReceipt> DemoWebhookReceipts => Set<DemoWebhookReceipt>();
    public DbSet<DataStream> DataStreams => Set<DataStream>();
    public DbSet<DataStreamQueueEntry> DataStreamQueue => Set<DataStreamQueueEntry>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<DeviceTag> DeviceTags => Set<DeviceTag>();
    public DbSet<SimulatedRadio> SimulatedRadios => Set<SimulatedRadio>();
    public DbSet<DataSession> DataSessions => Set<DataSession>();
    public DbSet<UsageRecord> UsageRecords => Set<UsageRecord>();
    public DbSet<UsageFeedRequest> UsageFeedRequests => Set<UsageFeedRequest>();
    public DbSet<UsageRollup> UsageRollups => Set<UsageRollup>();
    public DbSet<OrganisationUsageRollup> OrganisationUsageRollups => Set<OrganisationUsageRollup>();
    public DbSet<UsagePending> UsagePending => Set<UsagePending>();
    public DbSet<DataQuota> DataQuotas => Set<DataQuota>();
    public DbSet<TrafficLimit> TrafficLimits => Set<TrafficLimit>();
    public DbSet<TrafficLimitExtension> TrafficLimitExtensions => Set<TrafficLimitExtension>();
    public DbSet<ServiceTrafficLimit> ServiceTrafficLimits => Set<ServiceTrafficLimit>();
    public DbSet<InclusiveVolume> InclusiveVolumes => Set<InclusiveVolume>();
    public DbSet<TariffProfileInclusiveVolume> TariffProfileInclusiveVolumes => Set<TariffProfileInclusiveVolume>();
    public DbSet<TrafficLimitWarning> TrafficLimitWarnings => Set<TrafficLimitWarning>();
    public DbSet<SmsLimitCounter> SmsLimitCounters => Set<SmsLimitCounter>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CellgateDbContext).Assembly);
        // usage_pending differs per provider (keyed per device, SIM and hour on SQLite; appended on PostgreSQL). EF keeps
        // one model per provider (each provider has its own internal service provider and model cache).
        var sqlite = Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";
        modelBuilder.Entity<UsagePending>(b => Configurations.UsagePendingConfiguration.Configure(b, sqlite));
        // The expiry sweep (SmsQueue.ExpireDueAsync) reads pending SMS by expiry time. PostgreSQL: by ExpiryDate. SQLite:
        // ix_sms_pending_expiry_by_second, created by the migration SmsExpiryBySecond (EF has no expression indexes):
        // (the expiry's second, DeviceId, Id), so that a device's SMS of the same second lie together and a backlog's
        // drain deletes a device's run from a few pages of it, not one page per SMS (issue 11).
        if (!sqlite) modelBuilder.Entity<SmsMessage>().HasIndex(s => s.ExpiryDate).HasDatabaseName("ix_sms_pending_expiry").HasFilter(SmsQueueFilter.Pending);
        // Listing an endpoint's SMS (its organisation's), newest first, and its handset's inbox. PostgreSQL: the index
        // (DeviceId, OrganisationId, Id). SQLite: the table sms_by_device with the same key (WITHOUT ROWID, created by the
        // migration SmsByDevice), filled in bulk behind the submits (SmsByDeviceIndexer) — an index by device took a page
        // write per SMS in each group commit over many endpoints (issue 11); the SMS above its mark are read from the
        // table's tail. Until 2026-12 the index was an unnamed (DeviceId, Id), which EF took for the partial one and never
        // created; OrganisationId in the key matches the list's filter.
        if (!sqlite) modelBuilder.Entity<SmsMessage>().HasIndex(s => new { s.DeviceId, s.OrganisationId, s.Id });
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every instant is UTC; the database hands DateTime back as Unspecified, so say what it is.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}
