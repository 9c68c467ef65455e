using CaseTracker.Server.Cases;

namespace CaseTracker.Server.Members;

/// <summary>The language a member's notifications are written in; numbers as in the contract.</summary>
public enum Language { Russian = 1, Tajik = 2, English = 3 }

/// <summary>When a member's e-mail goes: at once (within working hours), or in a daily digest.</summary>
public enum EmailDelivery { Immediate = 1, DailyDigest = 2 }

/// <summary>
/// A member of the task force as the roster knows them: the person a party's tokens name by <see cref="UserId"/>.
/// The roster decides who is notified; it never decides what a caller may do (the token's role does).
/// </summary>
public sealed class Member
{
    private Member()
    {
        UserId = DisplayName = Email = string.Empty;
    }

    public Party Party { get; private set; }

    public string UserId { get; private set; }

    public Role Role { get; private set; }

    public string DisplayName { get; private set; }

    /// <summary>Where e-mail goes; empty for the inbox only. A member's contact, never logged.</summary>
    public string Email { get; private set; }

    public Language Language { get; private set; }

    public bool Active { get; private set; }

    public EmailDelivery EmailDelivery { get; private set; }

    public DateTime CreateTime { get; private set; }

    public DateTime UpdateTime { get; private set; }

    /// <summary>Bumped by every change; the etag is this number.</summary>
    public long Version { get; private set; }

    public string Etag => Version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static Member Create(Party party, string userId, MemberDetails details, DateTime now) => new()
    {
        Party = party,
        UserId = userId,
        Role = details.Role,
        DisplayName = details.DisplayName,
        Email = details.Email,
        Language = details.Language,
        Active = details.Active,
        EmailDelivery = details.EmailDelivery,
        CreateTime = now,
        UpdateTime = now,
        Version = 1,
    };

    /// <summary>Applies the fields named by <paramref name="paths"/> (the contract's field names) from <paramref name="details"/>.</summary>
    public void Update(MemberDetails details, IReadOnlyCollection<string> paths, DateTime now)
    {
        foreach (var path in paths)
        {
            switch (path)
            {
                case "role": Role = details.Role; break;
                case "display_name": DisplayName = details.DisplayName; break;
                case "email": Email = details.Email; break;
                case "language": Language = details.Language; break;
                case "active": Active = details.Active; break;
                case "email_delivery": EmailDelivery = details.EmailDelivery; break;
                default: throw new ArgumentException($"'{path}' is not a member field", nameof(paths));
            }
        }
        UpdateTime = now;
        Version++;
    }
}

/// <summary>The fields of a member a supervisor or co-chair sets.</summary>
public sealed record MemberDetails(Role Role, string DisplayName, string Email, Language Language, bool Active, EmailDelivery EmailDelivery);

/// <summary>
/// One change of the roster, kept for good: who changed which member, when, and which fields — never the values
/// (a member's e-mail address is their contact). Append-only, like the event log; the roster's audit trail.
/// </summary>
public sealed class MemberChangeRecord
{
    private MemberChangeRecord()
    {
        Member = Change = Paths = Actor = string.Empty;
    }

    public MemberChangeRecord(string member, string change, string paths, Actor actor, DateTime time)
    {
        Member = member;
        Change = change;
        Paths = paths;
        Actor = actor.Id;
        ActorParty = actor.Party;
        ActorRole = actor.Role;
        ChangeTime = time;
    }

    public long Id { get; private set; }

    /// <summary>The member's resource name, <c>parties/TJ/members/tj.karimova</c>.</summary>
    public string Member { get; private set; }

    /// <summary><c>created</c> or <c>updated</c>.</summary>
    public string Change { get; private set; }

    /// <summary>The fields set, comma-separated, as the contract names them.</summary>
    public string Paths { get; private set; }

    public string Actor { get; private set; }

    public Party ActorParty { get; private set; }

    public Role ActorRole { get; private set; }

    public DateTime ChangeTime { get; private set; }
}
