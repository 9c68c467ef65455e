using CaseTracker.Server.Cases;
using CaseTracker.Server.Grpc;

namespace CaseTracker.Server.Notifications;

/// <summary>
/// The filter of ListNotifications: <c>kind = DEADLINE_BREACH</c>, <c>case = "cases/abc"</c>, <c>read = false</c>,
/// joined by AND. Anything else is INVALID_ARGUMENT (INVALID_FILTER) saying what is understood.
/// </summary>
public sealed record InboxFilter(NotificationKind? Kind, string? CaseId, bool? Read)
{
    private const string Help = "The notification filter is comparisons joined by AND: kind = DEADLINE_WARNING, case = \"cases/{case}\", read = true or false.";

    public static InboxFilter Parse(string filter)
    {
        NotificationKind? kind = null;
        string? caseId = null;
        bool? read = null;
        if (filter.Trim().Length == 0)
        {
            return new(null, null, null);
        }
        foreach (var term in System.Text.RegularExpressions.Regex.Split(filter, @"\s+AND\s+", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
        {
            var parts = term.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2)
            {
                throw Invalid($"'{term.Trim()}' is not a comparison");
            }
            var value = parts[1].Trim('"');
            switch (parts[0])
            {
                case "kind":
                    var name = value.StartsWith("NOTIFICATION_KIND_", StringComparison.Ordinal) ? value : "NOTIFICATION_KIND_" + value;
                    kind = CaseTracker.Client.ContractNames.TryParse<V1.NotificationKind>(name, out var known) && known != V1.NotificationKind.Unspecified
                        ? (NotificationKind)known
                        : throw Invalid($"'{value}' is not a notification kind");
                    break;
                case "case":
                    caseId = CaseNames.TryParse(value) ?? throw Invalid($"'{value}' is not a case name");
                    break;
                case "read":
                    read = value switch { "true" => true, "false" => false, _ => throw Invalid($"read is true or false, not '{value}'") };
                    break;
                default:
                    throw Invalid($"'{parts[0]}' is not a field the notification filter knows");
            }
        }
        return new(kind, caseId, read);
    }

    private static ApiException Invalid(string what) =>
        ApiException.BadInput(ErrorReasons.InvalidFilter, $"{what}. {Help}", new FieldViolation("filter", what));
}
