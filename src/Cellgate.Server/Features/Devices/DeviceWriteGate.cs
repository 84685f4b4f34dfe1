namespace Cellgate.Server.Features.Devices;

/// <summary>
/// Serialises, within this process, the writes that read before they write across devices, SIMs and IP spaces
/// (address allocation, SIM assignment). SQLite serialises writers anyway; the unique indexes on
/// (space, address) and on the device's SIM stay the guarantee across processes.
/// </summary>
public sealed class DeviceWriteGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<Releaser> EnterAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        return new Releaser(_gate);
    }

    public readonly struct Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
