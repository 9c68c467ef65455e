using CaseTracker.Server.Cases;
using CaseTracker.Server.Security;
using Hangfire.Dashboard;

namespace CaseTracker.Server.Deadlines;

/// <summary>
/// Opens the Hangfire dashboard to supervisors and co-chairs only, as the shared authentication schemes
/// recognised the caller: a browser that signed in at <see cref="DashboardSignIn.Path"/> (its token in an
/// HTTP-only cookie), or any client sending <c>Authorization: Bearer</c>. No token is ever read from a URL.
/// </summary>
public sealed class DashboardAuthorization : IDashboardAsyncAuthorizationFilter
{
    public Task<bool> AuthorizeAsync(DashboardContext context) =>
        Task.FromResult(MayOpen(CallerIdentity.Of(context.GetHttpContext().User)));

    /// <summary>Whether <paramref name="caller"/> may open the dashboard.</summary>
    public static bool MayOpen(Actor? caller) => caller?.Role is Role.Supervisor or Role.CoChair;
}
