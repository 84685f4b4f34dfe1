using System.Collections.Concurrent;
using Cellgate.Smpp.Protocol;
using Cellgate.Smpp.Session;

namespace Cellgate.Server.Features.Smpp.Server;

/// <summary>What a bound session may do, and for whom.</summary>
public sealed record SmppBinding(long AccountId, long OrganisationId, string SystemId, CommandId BindType)
{
    public bool CanReceive => BindType != CommandId.BindTransmitter;

    /// <summary>transmitter, receiver or transceiver (a metric label).</summary>
    public string Kind => BindType switch
    {
        CommandId.BindTransmitter => "transmitter",
        CommandId.BindReceiver => "receiver",
        _ => "transceiver",
    };
}

/// <summary>The bound sessions of this node: who may receive an organisation's deliver_sm, and which binds an account holds.</summary>
public sealed class SmppSessions
{
    private readonly ConcurrentDictionary<SmppSession, SmppBinding> _bound = new();
    private int _next;

    /// <summary>Raised when a session that can receive was bound (the deliver_sm queue wakes up).</summary>
    public event Action? ReceiverBound;

    public int Count => _bound.Count;

    public void Add(SmppSession session, SmppBinding binding)
    {
        _bound[session] = binding;
        if (binding.CanReceive) ReceiverBound?.Invoke();
    }

    public bool Remove(SmppSession session) => _bound.TryRemove(session, out _);

    public SmppBinding? Get(SmppSession session) => _bound.TryGetValue(session, out var b) ? b : null;

    public int BindsOf(long accountId) => _bound.Values.Count(b => b.AccountId == accountId);

    /// <summary>Organisations with at least one bound receiver or transceiver.</summary>
    public IReadOnlyCollection<long> ReceivingOrganisations() =>
        _bound.Where(p => p.Value.CanReceive && p.Key.State == SmppSessionState.Bound).Select(p => p.Value.OrganisationId).ToHashSet();

    /// <summary>The organisation's bound receivers, rotated so that consecutive calls spread the load.</summary>
    public IReadOnlyList<SmppSession> Receivers(long organisationId)
    {
        var list = _bound.Where(p => p.Value.OrganisationId == organisationId && p.Value.CanReceive && p.Key.State == SmppSessionState.Bound)
            .Select(p => p.Key).ToList();
        if (list.Count < 2) return list;
        var shift = (int)((uint)Interlocked.Increment(ref _next) % (uint)list.Count);
        return [.. list.Skip(shift), .. list.Take(shift)];
    }

    /// <summary>Sessions by bind type (metrics).</summary>
    /// <summary>Bound sessions per bind type, every type listed (0 when none), so the series never disappears.</summary>
    public IEnumerable<(string Kind, int Count)> CountsByKind()
    {
        var bound = _bound.Values.Select(b => b.Kind).ToList();
        return BindKinds.Select(kind => (kind, bound.Count(k => k == kind)));
    }

    private static readonly string[] BindKinds = ["transmitter", "receiver", "transceiver"];

    /// <summary>Our deliver_sm unanswered, over all sessions (metrics).</summary>
    public int InFlight() => _bound.Keys.Sum(s => s.InFlight);

    public IReadOnlyList<SmppSession> All() => [.. _bound.Keys];

    /// <summary>Ends the binds of an account (disabled, deleted, new password): unbind, bounded, then closed.</summary>
    public void EndBinds(long accountId)
    {
        foreach (var (session, binding) in _bound)
            if (binding.AccountId == accountId) _ = UnbindAsync(session, TimeSpan.FromSeconds(5));
    }

    /// <summary>Unbinds gracefully within <paramref name="timeout"/>, else aborts.</summary>
    public static async Task UnbindAsync(SmppSession session, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await session.UnbindAsync(cts.Token);
        }
        catch (Exception)
        {
            // A peer that does not answer unbind is cut off: the session closes either way.
        }
        await session.DisposeAsync();
    }
}
