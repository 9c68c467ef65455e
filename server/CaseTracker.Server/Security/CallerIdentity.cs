using System.Security.Claims;
using CaseTracker.Server.Cases;

namespace CaseTracker.Server.Security;

/// <summary>
/// The identity every authentication scheme gives a caller it recognises: the <see cref="Actor"/> — who, for
/// which party, in which role — with the same facts as claims for code that reads claims. The gRPC interceptor
/// and the dashboard read <see cref="Caller"/>, so nobody parses claims again on the hot path.
/// </summary>
public sealed class CallerIdentity : ClaimsIdentity
{
    public const string SubjectClaim = "sub";
    public const string PartyClaim = "casetracker:party";
    public const string RoleClaim = "casetracker:role";

    public CallerIdentity(Actor caller, string authenticationType)
        : base(
        [
            new Claim(SubjectClaim, caller.Id),
            new Claim(PartyClaim, caller.Party.ToString()),
            new Claim(RoleClaim, caller.Role.ToString()),
        ], authenticationType, SubjectClaim, RoleClaim)
    {
        Caller = caller;
    }

    public Actor Caller { get; }

    /// <summary>The caller an authentication scheme recognised in <paramref name="user"/>, or null.</summary>
    public static Actor? Of(ClaimsPrincipal? user) =>
        user?.Identity is CallerIdentity { IsAuthenticated: true } identity ? identity.Caller : null;
}
