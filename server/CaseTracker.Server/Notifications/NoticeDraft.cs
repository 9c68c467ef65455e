using CaseTracker.Server.Cases;

namespace CaseTracker.Server.Notifications;

/// <summary>
/// A notification to write, in the writer's transaction, to everyone its <see cref="To"/> names on the roster. Case
/// events are turned into drafts by <see cref="NotificationRouter"/>; other rooms hand theirs to
/// <c>WriteSession.Notify</c> (a monthly review ready, a list with ambiguous records). <see cref="SourceKey"/> makes it
/// exactly-once: a second draft with the same key for the same recipient is dropped.
/// </summary>
/// <param name="Kind">What it is about.</param>
/// <param name="SourceKey">What caused it, unique per cause: <c>events/{sequence}</c>, <c>reviews/2026-11</c>.</param>
/// <param name="To">Who receives it.</param>
public sealed record NoticeDraft(NotificationKind Kind, string SourceKey, IReadOnlyList<Audience> To)
{
    /// <summary>The case it is about (its ID), if any.</summary>
    public string? CaseId { get; init; }

    /// <summary>The case event that caused it, if any.</summary>
    public long? EventSequence { get; init; }

    /// <summary>That event's type, as the contract names it.</summary>
    public string? EventType { get; init; }

    /// <summary>When the action is due, if at a set time.</summary>
    public DateTime? DueTime { get; init; }

    /// <summary>Goes by e-mail at once, whatever the hour and the recipient's digest: a level-2 escalation of an urgent case.</summary>
    public bool Urgent { get; init; }

    /// <summary>Non-personal details the texts name: <c>clock</c>, <c>stage</c>, <c>month</c>, <c>list</c>, <c>ambiguous</c>.</summary>
    public IReadOnlyDictionary<string, string> Details { get; init; } = new Dictionary<string, string>();

    public string DetailsJson() => System.Text.Json.JsonSerializer.Serialize(Details.OrderBy(d => d.Key, StringComparer.Ordinal).ToDictionary());
}

/// <summary>Who receives a notification: a party's active members in a role, or one member.</summary>
public sealed record Audience(Party Party, Role? Role, string? UserId)
{
    public static Audience Supervisors(Party party) => new(party, Cases.Role.Supervisor, null);

    public static Audience CoChairs(Party party) => new(party, Cases.Role.CoChair, null);

    public static Audience Person(Party party, string userId) => new(party, null, userId);

    public static IReadOnlyList<Audience> BothParties(Role role) => [new(Party.RU, role, null), new(Party.TJ, role, null)];
}
