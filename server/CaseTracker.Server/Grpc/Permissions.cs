using CaseTracker.Server.Cases;
using Grpc.Core;

namespace CaseTracker.Server.Grpc;

/// <summary>
/// Which roles may call which method: declared here, enforced here, checked before any case is looked up
/// so that a refusal never reveals whether a case exists.
/// </summary>
/// <remarks>
/// The baseline rules: everyone reads; auditors only read; ministry systems file cases and notes; signing
/// off findings needs a supervisor or a co-chair; the other changes are casework for investigators,
/// supervisors and co-chairs.
/// </remarks>
public static class Permissions
{
    private static readonly Role[] Everyone = Enum.GetValues<Role>();
    private static readonly Role[] Caseworkers = [Role.Investigator, Role.Supervisor, Role.CoChair];
    private static readonly Role[] Filers = [Role.Investigator, Role.Supervisor, Role.CoChair, Role.MinistrySystem];
    private static readonly Role[] Signers = [Role.Supervisor, Role.CoChair];

    private static readonly Dictionary<string, Role[]> AllowedRoles = new(StringComparer.Ordinal)
    {
        ["CreateCase"] = Filers,
        ["GetCase"] = Everyone,
        ["ListCases"] = Everyone,
        ["UpdateCase"] = Caseworkers,
        ["StartInvestigation"] = Caseworkers,
        ["RequestResponse"] = Caseworkers,
        ["RecordResponse"] = Caseworkers,
        ["ProposeResolution"] = Caseworkers,
        ["ReturnToInvestigation"] = Caseworkers,
        ["SignOffResolution"] = Signers,
        ["ReopenCase"] = Caseworkers,
        ["DeclareInadmissible"] = Caseworkers,
        ["WithdrawCase"] = Caseworkers,
        ["AssignInvestigator"] = Caseworkers,
        ["CreateNote"] = Filers,
        ["ListNotes"] = Everyone,
        ["ListCaseEvents"] = Everyone,
        ["ListDeadlines"] = Everyone,
        ["RecomputeDeadlines"] = Signers,
    };

    /// <summary>Throws PERMISSION_DENIED unless the caller's role may call the method. Unlisted methods are denied.</summary>
    public static void Demand(string fullMethod, Actor caller)
    {
        var method = fullMethod[(fullMethod.LastIndexOf('/') + 1)..];
        if (!AllowedRoles.TryGetValue(method, out var roles) || !roles.Contains(caller.Role))
        {
            throw new ApiException(StatusCode.PermissionDenied, ErrorReasons.RoleNotAllowed,
                $"The role {caller.Role} may not call {method}.",
                metadata: new Dictionary<string, string> { ["method"] = method, ["role"] = caller.Role.ToString() });
        }
    }

    public static IReadOnlyDictionary<string, Role[]> Table => AllowedRoles;
}
