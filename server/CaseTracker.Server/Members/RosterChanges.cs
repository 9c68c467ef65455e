using CaseTracker.Server.Cases;
using CaseTracker.Server.Grpc;
using CaseTracker.Server.Storage;
using Grpc.Core;

namespace CaseTracker.Server.Members;

/// <summary>
/// Adds and changes members inside the writer's transaction, each change with its row of the roster's audit trail
/// (<see cref="MemberChangeRecord"/>). A party's supervisors and co-chairs manage that party's members only.
/// </summary>
public static class RosterChanges
{
    public static async Task<Member> CreateAsync(WriteSession session, Party party, string userId, MemberDetails details, Actor caller)
    {
        DemandOwnParty(caller, party);
        var name = MemberNames.Format(party, userId);
        if (await session.Db.Members.FindAsync(party, userId) is not null)
        {
            throw new ApiException(StatusCode.AlreadyExists, ErrorReasons.MemberExists,
                $"{name} is already on the roster; change it with UpdateMember.", metadata: new Dictionary<string, string> { ["name"] = name });
        }
        var member = Member.Create(party, userId, details, session.Now);
        session.Db.Members.Add(member);
        session.Db.MemberChanges.Add(new MemberChangeRecord(name, "created",
            "role,display_name,email,language,active,email_delivery", caller, session.Now));
        return member;
    }

    /// <summary>The member of the caller's own party that a change is about; another party's is refused, an unknown one NOT_FOUND.</summary>
    public static async Task<Member> FindForChangeAsync(WriteSession session, Party party, string userId, Actor caller)
    {
        DemandOwnParty(caller, party);
        return await session.Db.Members.FindAsync(party, userId) ?? throw NotFound(MemberNames.Format(party, userId));
    }

    public static Member Update(WriteSession session, Member member, string etag, MemberDetails details, IReadOnlyList<string> paths, Actor caller)
    {
        var name = MemberNames.Format(member.Party, member.UserId);
        if (etag.Length > 0 && etag != member.Etag)
        {
            throw new ApiException(StatusCode.Aborted, ErrorReasons.EtagMismatch,
                $"{name} has changed since this etag was read; read it again and reapply the change.",
                metadata: new Dictionary<string, string> { ["name"] = name });
        }
        member.Update(details, paths.Distinct(StringComparer.Ordinal).ToList(), session.Now);
        session.Db.Members.Update(member);
        session.Db.MemberChanges.Add(new MemberChangeRecord(name, "updated", string.Join(",", paths), caller, session.Now));
        return member;
    }

    public static MemberRuleException NotFound(string name) =>
        new(ErrorReasons.MemberNotFound, $"No member is named '{name}'.", RefusalKind.NotFound, metadata: new Dictionary<string, string> { ["name"] = name });

    /// <summary>Each party manages its own roster: the other party's supervisors and co-chairs are refused.</summary>
    private static void DemandOwnParty(Actor caller, Party party)
    {
        if (caller.Party != party)
        {
            throw new MemberRuleException(ErrorReasons.RoleNotAllowed,
                $"{party}'s roster is managed by {party}'s supervisors and co-chairs; you are signed in for {caller.Party}.",
                RefusalKind.Denied, metadata: new Dictionary<string, string> { ["party"] = party.ToString(), ["role"] = Security.RoleNames.Format(caller.Role) });
        }
    }
}
