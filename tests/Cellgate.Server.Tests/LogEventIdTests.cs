using System.Reflection;
using Cellgate.Server.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Cellgate.Server.Tests;

/// <summary>
/// Every log message has an event id of its own (docs/operations.md lists the ranges): an operator filters and alerts on
/// ids, so two different messages under one id would hide one of them.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.AnyDatabase)]
public sealed class LogEventIdTests
{
    [Fact]
    public void No_two_log_messages_of_cellgate_share_an_event_id()
    {
        var server = typeof(Cellgate.Server.Hosting.DemoData).Assembly;
        var assemblies = server.GetReferencedAssemblies().Where(a => a.Name!.StartsWith("Cellgate.", StringComparison.Ordinal))
            .Select(Assembly.Load).Append(server).Distinct().ToList();
        Assert.Contains(assemblies, a => a.GetName().Name == "Cellgate.Delivery");
        Assert.Contains(assemblies, a => a.GetName().Name == "Cellgate.Smpp");

        var messages = assemblies.SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(x => x.Attribute is not null)
            .Select(x => (x.Attribute!.EventId, Where: $"{x.Method.DeclaringType!.FullName}.{x.Method.Name}", x.Attribute.Message))
            .ToList();
        // The scan sees the generated-for methods of every component (it would pass vacuously if it saw none).
        foreach (var component in new[] { "Cellgate.Delivery.SmsWriter", "Cellgate.Smpp.Session.SmppSession", "Cellgate.Server.Hosting.DemoData" })
            Assert.Contains(messages, m => m.Where.StartsWith(component, StringComparison.Ordinal));

        var shared = messages.GroupBy(m => m.EventId).Where(g => g.Select(m => m.Message).Distinct().Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(" | ", g.Select(m => m.Where))}").ToList();
        Assert.True(shared.Count == 0, "event ids used by more than one message:\n" + string.Join("\n", shared));
    }
}
