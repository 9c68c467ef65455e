using CaseTracker.Client;
using Grpc.Core;

namespace CaseTracker.Server.Web.Components;

/// <summary>An API refusal as a page shows it: the status, the reason, the API's message and its field violations by field path.</summary>
public sealed record ApiError(StatusCode Status, string? Reason, string Message, IReadOnlyDictionary<string, string> Fields)
{
    public static ApiError From(CaseTrackerException refused) => new(
        refused.StatusCode,
        refused.Reason,
        refused.Status.Detail,
        refused.FieldViolations
            .GroupBy(v => v.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join(" ", g.Select(v => v.Description)), StringComparer.Ordinal));

    /// <summary>The API's word on <paramref name="field"/> (a request field path such as <c>case.subject.name_latin</c>), or null.</summary>
    public string? On(string field) => Fields.TryGetValue(field, out var description) ? description : null;
}
