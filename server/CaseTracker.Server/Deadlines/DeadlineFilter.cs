using System.Globalization;
using System.Linq.Expressions;
using CaseTracker.Server.Cases;

namespace CaseTracker.Server.Deadlines;

/// <summary>The filterable fields of <c>ListDeadlines</c>, and its paging position (due time, case, number).</summary>
public static class DeadlineFilter
{
    private static readonly AipFilter<Deadline> Filter = new(new(StringComparer.Ordinal)
    {
        ["owing_party"] = (op, v) => AipFilter<Deadline>.EnumClause<V1.Party, Party>(op, v, x => d => d.OwingParty == x, x => d => d.OwingParty != x),
        ["state"] = (op, v) => AipFilter<Deadline>.EnumClause<V1.DeadlineState, DeadlineState>(op, v, x => d => d.State == x, x => d => d.State != x),
        ["clock"] = (op, v) => AipFilter<Deadline>.EnumClause<V1.ClockKind, ClockKind>(op, v, x => d => d.Kind == x, x => d => d.Kind != x),
        ["due_time"] = (op, v) => AipFilter<Deadline>.TimeClause("due_time", op, v, d => d.DueTime),
    });

    public static IReadOnlyList<Expression<Func<Deadline, bool>>> Parse(string filter) => Filter.Parse(filter);

    public static string PositionOf(Deadline d) =>
        string.Create(CultureInfo.InvariantCulture, $"{d.DueTime.Ticks}|{d.CaseId}|{d.Number}");

    public static (DateTime Due, string CaseId, int Number) ReadPosition(string position)
    {
        var parts = position.Split('|');
        return (new DateTime(long.Parse(parts[0], CultureInfo.InvariantCulture), DateTimeKind.Utc), parts[1],
            int.Parse(parts[2], CultureInfo.InvariantCulture));
    }
}
