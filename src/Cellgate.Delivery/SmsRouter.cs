using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cellgate.Delivery;

/// <summary>Which transport delivers which MT SMS. Section <c>Cellgate:Delivery:Routing</c>.</summary>
public sealed class SmsRoutingOptions
{
    public const string Section = "Cellgate:Delivery:Routing";

    /// <summary>The transport of SMS that no rule matches.</summary>
    public string Default { get; set; } = SmsTransports.Simulator;

    /// <summary>Tried in order; the first rule whose every condition holds names the transport.</summary>
    public List<SmsRouteRule> Rules { get; set; } = [];
}

/// <summary>A routing rule: conditions (at least one) and the transport they choose.</summary>
public sealed class SmsRouteRule
{
    /// <summary>The device's MSISDN starts with these digits (e.g. <c>49171</c>).</summary>
    public string? MsisdnPrefix { get; set; }

    /// <summary>The SMS belongs to this organisation.</summary>
    public long? OrganisationId { get; set; }

    public string Transport { get; set; } = "";

    public bool Matches(ClaimedSms sms) =>
        (MsisdnPrefix is null || sms.Msisdn.StartsWith(MsisdnPrefix, StringComparison.Ordinal))
        && (OrganisationId is null || sms.OrganisationId == OrganisationId);
}

/// <summary>A transport's name, registered with it (the router checks the configured names against these at start).</summary>
public sealed record SmsTransportRegistration(string Name);

public static class SmsTransports
{
    /// <summary>The built-in network simulator's name, the default route.</summary>
    public const string Simulator = "simulator";

    /// <summary>
    /// Registers a transport under <paramref name="name"/> (a keyed singleton). Registering a name again replaces the
    /// transport behind it (tests swap the simulator that way).
    /// </summary>
    public static IServiceCollection AddSmsTransport<T>(this IServiceCollection services, string name) where T : class, ISmsTransport
    {
        services.AddKeyedSingleton<ISmsTransport, T>(name);
        services.AddSingleton(new SmsTransportRegistration(name));
        return services;
    }

    public static IServiceCollection AddSmsTransport(this IServiceCollection services, string name, Func<IServiceProvider, ISmsTransport> factory)
    {
        services.AddKeyedSingleton(name, (sp, _) => factory(sp));
        services.AddSingleton(new SmsTransportRegistration(name));
        return services;
    }
}

/// <summary>Checks at start that every route names a registered transport (one line per problem).</summary>
public sealed class SmsRoutingValidation(IEnumerable<SmsTransportRegistration> registrations) : IValidateOptions<SmsRoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, SmsRoutingOptions options)
    {
        var known = registrations.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var list = string.Join(", ", known.Order(StringComparer.Ordinal));
        string Unknown(string key, string transport) =>
            $"{SmsRoutingOptions.Section}:{key} names the SMS transport '{transport}', which does not exist (registered: {list}).";
        if (!known.Contains(options.Default)) return ValidateOptionsResult.Fail(Unknown("Default", options.Default));
        for (var i = 0; i < options.Rules.Count; i++)
        {
            var rule = options.Rules[i];
            if (rule.MsisdnPrefix is null && rule.OrganisationId is null)
                return ValidateOptionsResult.Fail($"{SmsRoutingOptions.Section}:Rules:{i} has no condition (MsisdnPrefix or OrganisationId).");
            if (rule.MsisdnPrefix is { } p && (p.Length == 0 || !p.All(char.IsAsciiDigit)))
                return ValidateOptionsResult.Fail($"{SmsRoutingOptions.Section}:Rules:{i}:MsisdnPrefix must be digits.");
            if (!known.Contains(rule.Transport)) return ValidateOptionsResult.Fail(Unknown($"Rules:{i}:Transport", rule.Transport));
        }
        return ValidateOptionsResult.Success;
    }
}

/// <summary>Chooses the transport of each SMS by <see cref="SmsRoutingOptions"/>: rules in order, then the default.</summary>
public sealed class SmsRouter
{
    private readonly SmsRoutingOptions _options;
    private readonly Dictionary<string, ISmsTransport> _transports;

    public SmsRouter(IServiceProvider services, IOptions<SmsRoutingOptions> options, IEnumerable<SmsTransportRegistration> registrations)
    {
        _options = options.Value;
        _transports = registrations.Select(r => r.Name).Distinct(StringComparer.Ordinal)
            .ToDictionary(n => n, n => services.GetRequiredKeyedService<ISmsTransport>(n), StringComparer.Ordinal);
    }

    /// <summary>The registered transport names.</summary>
    public IReadOnlyCollection<string> Names => _transports.Keys;

    public ISmsTransport Transport(string name) => _transports[name];

    /// <summary>
    /// Whether every route (the default and each rule) names a transport that answers at once from the database
    /// (<see cref="IInlineSmsTransport"/>): then every SMS a round claims is delivered inside the claiming transaction,
    /// and the dispatcher claims and hands over runs of a device's SMS (docs/sms.md, "Runs").
    /// </summary>
    public bool AllInline => _allInline ??= _transports.TryGetValue(_options.Default, out var d) && d is IInlineSmsTransport
        && _options.Rules.All(r => _transports.TryGetValue(r.Transport, out var t) && t is IInlineSmsTransport);

    private bool? _allInline;

    /// <summary>Whether any route's transport answers at once from the database (<see cref="IInlineSmsTransport"/>).</summary>
    public bool AnyInline => _anyInline ??= (_transports.TryGetValue(_options.Default, out var d) && d is IInlineSmsTransport)
        || _options.Rules.Any(r => _transports.TryGetValue(r.Transport, out var t) && t is IInlineSmsTransport);

    private bool? _anyInline;

    /// <summary>The route (transport name) of <paramref name="sms"/>.</summary>
    public string Route(ClaimedSms sms)
    {
        foreach (var rule in _options.Rules)
            if (rule.Matches(sms)) return rule.Transport;
        return _options.Default;
    }
}
