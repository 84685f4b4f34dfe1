using System.Data.Common;
using Cellgate.Delivery;
using Cellgate.Server.Api;
using Cellgate.Storage;

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
    /// <summary>The 409 refusing an attach through a blacklisted operator.</summary>
    public static JsonHttpResult<ApiError> Refusal(long deviceId, long operatorId) =>
        ApiErrors.Result(StatusCodes.Status409Conflict, ApiErrors.NotAllowedError(
            $"Endpoint with Id '{deviceId}' cannot attach: Operator with Id '{operatorId}' is blacklisted on it."));

    /// <summary>Whether <paramref name="operatorId"/> (null: the default operator) is on the endpoint's blacklist.</summary>
    public static bool IsBlacklisted(DbConnection c, DbTransaction t, long deviceId, long? operatorId)
    {
        using var command = SqlCommands.Create(c, t, """SELECT 1 FROM operator_blacklist WHERE "DeviceId" = @device AND "OperatorId" = @operator""",
            ("@device", deviceId), ("@operator", operatorId ?? LookupSeed.DefaultOperatorId));
        return command.ExecuteScalar() is not null;
    }
}
