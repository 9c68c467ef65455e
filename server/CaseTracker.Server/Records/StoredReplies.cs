using System.Text;
using CaseTracker.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Records;

/// <summary>
/// The stored first answers to <c>request_id</c>s (<see cref="RequestRecord"/>) that hold some personal data being erased:
/// they carry it as it was when answered. A retry of such a request after erasure is a new request.
/// </summary>
internal static class StoredReplies
{
    /// <summary>Deletes every stored answer whose encoded response holds <paramref name="name"/> (a resource name, which protobuf stores as UTF-8).</summary>
    public static Task<int> DeleteHoldingAsync(CaseTrackerDbContext db, string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        return db.Database.IsNpgsql()
            ? db.Database.ExecuteSqlRawAsync("""DELETE FROM "Requests" WHERE position({0} in "Response") > 0""", bytes)
            : db.Database.ExecuteSqlRawAsync("""DELETE FROM "Requests" WHERE instr("Response", {0}) > 0""", bytes);
    }
}
