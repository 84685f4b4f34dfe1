using System.Data.Common;
using Cellgate.Delivery;
using Cellgate.Server.Api;
using Cellgate.Server.Features.Lookups;
using Cellgate.Storage;
using Cellgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Cellgate.Server.Features.Simulator;

/// <summary>
/// The serving operator of a simulated handset and the endpoint's operator blacklist: a handset whose operator is
/// blacklisted on its endpoint cannot attach (409 on the simulator API; a toggle schedule leaves it detached). A handset
/// is on <see cref="LookupSeed.DefaultOperatorId"/> until <c>operator_id</c> moves it. Blacklisting the operator of an
/// attached handset does not detach it: the blacklist is checked when the handset attaches, as a network checks it at
/// registration.
/// </summary>
public static class SimulatorOperators
{
    /// <summary>The 409 refusing this change, or null when the handset may be attached on its (new) operator.</summary>
    public static async Task<JsonHttpResult<ApiError>?> RefusesAttachAsync(CellgateDbContext db, SimulatedDevice state, UpdateSimulatedDeviceRequest body, CancellationToken ct)
    {
        var attaching = body.Attached ?? state.Attached;
        if (!attaching || (body.Attached != true && body.OperatorId is null)) return null;
        var serving = body.OperatorId ?? state.OperatorId ?? LookupSeed.DefaultOperatorId;
        if (!await OperatorsApi.IsBlacklistedAsync(db, state.DeviceId, serving, ct)) return null;
        return ApiErrors.Result(StatusCodes.Status409Conflict, ApiErrors.NotAllowedError(
            $"Endpoint with Id '{state.DeviceId}' cannot attach: Operator with Id '{serving}' is blacklisted on it."));
    }

    /// <summary>Whether the handset's serving operator is on its endpoint's blacklist.</summary>
    public static bool IsBlocked(DbConnection c, DbTransaction t, long deviceId)
    {
        using var command = SqlCommands.Create(c, t, """
            SELECT EXISTS (SELECT 1 FROM operator_blacklist b WHERE b."DeviceId" = @device
                AND b."OperatorId" = COALESCE((SELECT s."OperatorId" FROM simulated_devices s WHERE s."DeviceId" = @device), @default))
            """, ("@device", deviceId), ("@default", LookupSeed.DefaultOperatorId));
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0;
    }
}
