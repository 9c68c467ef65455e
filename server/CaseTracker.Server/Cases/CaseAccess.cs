using CaseTracker.Server.Grpc;
using CaseTracker.Server.Security;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Cases;

/// <summary>Finding the case a request names: to read it, or to change it once the caller's relation to it allows.</summary>
public static class CaseAccess
{
    public static async Task<Case> FindAsync(IQueryable<Case> cases, string name, CancellationToken cancellationToken)
    {
        var id = CaseNames.TryParse(name);
        return await cases.FirstOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw ApiException.CaseNotFound(name);
    }

    /// <summary>Loads a case to change it, after checking the caller's relation to it (<see cref="Permissions"/>).</summary>
    public static async Task<Case> FindToChangeAsync(WriteSession session, string name, Actor caller, string method)
    {
        var found = await session.FindCaseAsync(CaseNames.TryParse(name)!) ?? throw Permissions.MissingCase(method, caller, name);
        Permissions.DemandOnCase(method, caller, found);
        return found;
    }

    /// <summary>A change based on a stale read is refused; an empty etag means the caller does not guard the change.</summary>
    public static void RequireEtag(Case found, string etag)
    {
        if (etag.Length > 0 && etag != found.Etag)
        {
            throw ApiException.EtagMismatch(CaseNames.Format(found.Id));
        }
    }
}
