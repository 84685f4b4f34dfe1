using Cellgate.Delivery;
using Microsoft.Extensions.Options;

namespace Cellgate.Server.Features.Smpp.Upstream;

public static class SmppUpstreamSetup
{
    /// <summary>
    /// The upstream SMSCs of <c>Cellgate:Smpp:Upstreams</c>: options validated at start, one SMS transport per
    /// upstream under its name (routing rules name it), the bind loops, and the SMPP rows of the retry table.
    /// </summary>
    public static IServiceCollection AddSmppUpstreams(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SmppUpstreamsOptions>().BindConfiguration(SmppUpstreamsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SmppUpstreamsOptions>, SmppUpstreamsValidation>();
        services.AddSingleton<SmppUpstreams>();
        services.AddHostedService<SmppUpstreamHost>();
        // The transports are registered by name now (the router needs the names); a malformed list fails validation.
        var names = configuration.GetSection(SmppUpstreamsOptions.Key).GetChildren()
            .Select(c => c["Name"]).OfType<string>().Where(n => n.Length > 0 && n != SmsTransports.Simulator).Distinct(StringComparer.Ordinal);
        foreach (var name in names)
            services.AddSmsTransport(name, sp => sp.GetRequiredService<SmppUpstreams>().Get(name));
        services.PostConfigure<DeliveryOptions>(o =>
        {
            // Rows the defaults lack, added unless configured: configuration (Cellgate:Delivery:Errors) still wins.
            foreach (var (key, rule) in RetryRows()) o.Errors.TryAdd(key, rule);
        });
        return services;
    }

    /// <summary>
    /// Retry-table rows for the upstream transport, beside <see cref="RetryPolicy.DefaultTable"/>: its own transport
    /// errors (transient, retried after 10 s or on the schedule) and the submit_sm statuses that say our PDU was wrong
    /// for this SMSC (permanent: the same submit_sm would be refused again). docs/smpp.md lists the whole table.
    /// </summary>
    public static IEnumerable<(string, SmsErrorRule)> RetryRows()
    {
        yield return (UpstreamErrors.Unavailable, SmsErrorRule.Temporary(10));
        yield return (UpstreamErrors.ConnectionLost, SmsErrorRule.Temporary(10));
        yield return (UpstreamErrors.NoResponse, SmsErrorRule.Temporary());
        foreach (var status in new[]
        {
            "ESME_RINVSRCTON", "ESME_RINVSRCNPI", "ESME_RINVDSTTON", "ESME_RINVDSTNPI", "ESME_RINVSERTYP", "ESME_RINVREGDLVFLG",
            "ESME_RINVPRTFLG", "ESME_RINVEXPIRY", "ESME_RINVSCHED", "ESME_RINVDFTMSGID", "ESME_RINVOPTPARSTREAM", "ESME_ROPTPARNOTALLWD",
            "ESME_RINVPARLEN", "ESME_RMISSINGOPTPARAM", "ESME_RINVOPTPARAMVAL", "ESME_RINVCMDLEN", "ESME_RINVCMDID",
        })
            yield return (status, SmsErrorRule.Permanent());
    }
}
