using Cellgate.Server.Hosting;

namespace Cellgate.Server.Tests;

/// <summary>Issue 11: the start-up advice to set the GC's gen0 budget where the machine hides its CPU cache size.</summary>
[Trait("Database", "any")]
public sealed class RuntimeTuningTests
{
    [Fact]
    public void Linux_without_the_cache_size_and_without_a_budget_gets_the_advice()
    {
        var advice = RuntimeTuning.Advice(linux: true, _ => false, _ => null);
        Assert.NotNull(advice);
        Assert.Contains("DOTNET_GCgen0size=0x4000000", advice);
    }

    [Theory]
    [InlineData(false, false, null)] // not Linux: the GC asks the OS another way
    [InlineData(true, true, null)] // the cache size is known
    [InlineData(true, false, "DOTNET_GCgen0size")] // a budget is set
    [InlineData(true, false, "COMPlus_GCgen0size")]
    public void Otherwise_nothing_is_said(bool linux, bool cacheKnown, string? variable)
    {
        Assert.Null(RuntimeTuning.Advice(linux, path => cacheKnown && path == RuntimeTuning.CacheInfo, name => name == variable ? "0x4000000" : null));
    }
}
