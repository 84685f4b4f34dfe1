using System.Diagnostics.Metrics;
using Cellgate.Delivery;

namespace Cellgate.Server.Features.Live;

/// <summary>
/// Tells the live streams about the dispatcher's work without a hook inside the SMS engine: every transport is
/// wrapped (<see cref="DecorateTransports"/>) so that the SMS handed over in a round are noted, and the round's
/// <c>cellgate.dispatcher.round.size</c> measurement — recorded by <see cref="DeliveryMetrics"/> only after the round's
/// outcomes are committed — publishes them. A client that re-reads on the event therefore sees the new status.
/// Not seen here (the client's slow safety poll covers them): SMS failed without a hand-over (SIM gone, too many
/// faults), expiry, and receipts of upstream SMSCs.
/// </summary>
public sealed class DispatcherOutcomes : IDisposable
{
    public const string RoundCommittedInstrument = "cellgate.dispatcher.round.size";

    private readonly LiveFeed _feed;
    private readonly MeterListener _listener;
    private readonly Lock _lock = new();
    private HashSet<(long Organisation, long Device)> _pending = [];

    public DispatcherOutcomes(LiveFeed feed, DeliveryMetrics metrics)
    {
        _feed = feed;
        _listener = new MeterListener
        {
            // Only this host's meter (tests run several hosts in one process).
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, metrics.Meter) && instrument.Name == RoundCommittedInstrument)
                    listener.EnableMeasurementEvents(instrument, this);
            },
        };
        _listener.SetMeasurementEventCallback<long>((_, _, _, state) =>
        {
            if (ReferenceEquals(state, this)) Flush();
        });
        _listener.Start();
    }

    /// <summary>Wraps every <see cref="ISmsTransport"/> registered so far (keyed singletons) in one that notes hand-overs.</summary>
    public static void DecorateTransports(IServiceCollection services)
    {
        for (var i = 0; i < services.Count; i++)
        {
            var d = services[i];
            if (!d.IsKeyedService || d.ServiceType != typeof(ISmsTransport)) continue;
            Func<IServiceProvider, object?, object> inner = d.KeyedImplementationFactory
                ?? (d.KeyedImplementationInstance is { } instance ? (_, _) => instance : (sp, _) => ActivatorUtilities.CreateInstance(sp, d.KeyedImplementationType!));
            services[i] = new ServiceDescriptor(typeof(ISmsTransport), d.ServiceKey,
                (sp, key) => Observe((ISmsTransport)inner(sp, key), sp.GetRequiredService<DispatcherOutcomes>()), d.Lifetime);
        }
    }

    // A transport that delivers inside the dispatcher's transaction stays one (the dispatcher tests for the interface).
    private static ISmsTransport Observe(ISmsTransport inner, DispatcherOutcomes outcomes) =>
        inner is IInlineSmsTransport inline ? new ObservedInlineTransport(inline, outcomes) : new ObservedTransport(inner, outcomes);

    private void HandedOver(IReadOnlyList<ClaimedSms> batch)
    {
        if (_feed.Connections == 0) return; // nobody watches: no lock on the delivery path
        lock (_lock)
        {
            foreach (var sms in batch)
                if (_feed.IsWatched(sms.OrganisationId)) _pending.Add((sms.OrganisationId, sms.DeviceId));
        }
    }

    private void Flush()
    {
        HashSet<(long Organisation, long Device)> ready;
        lock (_lock)
        {
            if (_pending.Count == 0) return;
            ready = _pending;
            _pending = [];
        }
        foreach (var (organisation, device) in ready) _feed.Publish(organisation, new LiveChange("sms", device));
    }

    public void Dispose() => _listener.Dispose();

    private sealed class ObservedTransport(ISmsTransport inner, DispatcherOutcomes outcomes) : ISmsTransport
    {
        public async ValueTask<IReadOnlyList<DeliveryOutcome>> DeliverAsync(IReadOnlyList<ClaimedSms> batch, CancellationToken cancellationToken)
        {
            try
            {
                return await inner.DeliverAsync(batch, cancellationToken);
            }
            finally
            {
                outcomes.HandedOver(batch);
            }
        }
    }

    private sealed class ObservedInlineTransport(IInlineSmsTransport inner, DispatcherOutcomes outcomes) : IInlineSmsTransport
    {
        private readonly ObservedTransport _outside = new(inner, outcomes);

        public ValueTask<IReadOnlyList<DeliveryOutcome>> DeliverAsync(IReadOnlyList<ClaimedSms> batch, CancellationToken cancellationToken) =>
            _outside.DeliverAsync(batch, cancellationToken);

        public async ValueTask<InlineDelivery> DeliverInlineAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction,
            IReadOnlyList<ClaimedSms> batch, DateTime now, CancellationToken cancellationToken)
        {
            try
            {
                return await inner.DeliverInlineAsync(connection, transaction, batch, now, cancellationToken);
            }
            finally
            {
                outcomes.HandedOver(batch); // published after the round's commit, as for the other transports
            }
        }
    }
}
