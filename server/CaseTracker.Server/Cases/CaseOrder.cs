using System.Globalization;
using CaseTracker.Server.Grpc;

namespace CaseTracker.Server.Cases;

/// <summary>
/// The orders <c>ListCases</c> offers, with keyset paging: a page continues after the last case shown,
/// so cases filed while someone pages are neither skipped nor shown twice.
/// </summary>
public sealed record CaseOrder(string Field, bool Descending)
{
    public static CaseOrder Parse(string orderBy)
    {
        var parts = orderBy.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var order = parts switch
        {
            [] => new CaseOrder("create_time", false),
            [var field] => new CaseOrder(field, false),
            [var field, var direction] when direction is "desc" or "asc" => new CaseOrder(field, direction == "desc"),
            _ => null,
        };
        if (order is null || order.Field is not ("create_time" or "update_time" or "reference"))
        {
            throw ApiException.BadInput(ErrorReasons.InvalidOrderBy,
                $"Invalid order_by '{orderBy}': use create_time, update_time or reference, optionally followed by ' desc'.",
                new FieldViolation("order_by", "use create_time, update_time or reference, optionally followed by ' desc'"));
        }
        return order;
    }

    public override string ToString() => Descending ? $"{Field} desc" : Field;

    public IQueryable<Case> Apply(IQueryable<Case> cases) => (Field, Descending) switch
    {
        ("create_time", false) => cases.OrderBy(c => c.CreateTime).ThenBy(c => c.Id),
        ("create_time", true) => cases.OrderByDescending(c => c.CreateTime).ThenByDescending(c => c.Id),
        ("update_time", false) => cases.OrderBy(c => c.UpdateTime).ThenBy(c => c.Id),
        ("update_time", true) => cases.OrderByDescending(c => c.UpdateTime).ThenByDescending(c => c.Id),
        (_, false) => cases.OrderBy(c => c.Id),
        (_, true) => cases.OrderByDescending(c => c.Id),
    };

    /// <summary>The position of a case in this order, as carried in a page token.</summary>
    public string PositionOf(Case c) => Field switch
    {
        "create_time" => $"{c.CreateTime.Ticks.ToString(CultureInfo.InvariantCulture)}|{c.Id}",
        "update_time" => $"{c.UpdateTime.Ticks.ToString(CultureInfo.InvariantCulture)}|{c.Id}",
        _ => c.Id,
    };

    /// <summary>Only the cases after <paramref name="position"/> in this order.</summary>
    public IQueryable<Case> After(IQueryable<Case> cases, string position)
    {
        if (Field == "reference")
        {
            return Descending ? cases.Where(c => string.Compare(c.Id, position) < 0) : cases.Where(c => string.Compare(c.Id, position) > 0);
        }
        var separator = position.IndexOf('|', StringComparison.Ordinal);
        var time = new DateTime(long.Parse(position[..separator], CultureInfo.InvariantCulture), DateTimeKind.Utc);
        var id = position[(separator + 1)..];
        return (Field, Descending) switch
        {
            ("create_time", false) => cases.Where(c => c.CreateTime > time || (c.CreateTime == time && string.Compare(c.Id, id) > 0)),
            ("create_time", true) => cases.Where(c => c.CreateTime < time || (c.CreateTime == time && string.Compare(c.Id, id) < 0)),
            ("update_time", false) => cases.Where(c => c.UpdateTime > time || (c.UpdateTime == time && string.Compare(c.Id, id) > 0)),
            _ => cases.Where(c => c.UpdateTime < time || (c.UpdateTime == time && string.Compare(c.Id, id) < 0)),
        };
    }
}
