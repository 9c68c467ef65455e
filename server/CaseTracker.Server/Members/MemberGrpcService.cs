using CaseTracker.Server.Cases;
using CaseTracker.Server.Grpc;
using CaseTracker.Server.Storage;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace CaseTracker.Server.Members;

/// <summary>The <c>casetracker.v1.MemberService</c> endpoint: the roster, changed through the writer with the request-id replay.</summary>
public sealed class MemberGrpcService(
    IdempotentWriter writer,
    IDbContextFactory<CaseTrackerDbContext> contexts,
    Pager pager,
    TimeProvider clock) : V1.MemberService.MemberServiceBase
{
    private static readonly HashSet<string> UpdatablePaths =
        new(StringComparer.Ordinal) { "role", "display_name", "email", "language", "active", "email_delivery" };

    public override Task<V1.Member> CreateMember(V1.CreateMemberRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator(clock).RequestId(request.RequestId);
        if (!MemberNames.TryParseParent(request.Parent, allowBoth: false, out var party))
        {
            validator.Add("parent", request.Parent.Length == 0 ? "required: parties/RU or parties/TJ" : "must be parties/RU or parties/TJ");
        }
        if (!MemberNames.IsUserId(request.MemberId))
        {
            validator.Add("member_id", request.MemberId.Length == 0
                ? "required: the user ID of the member's tokens"
                : $"must be at most {MemberNames.MaxUserIdLength} letters, digits, '.', '-' or '_', starting with a letter or digit");
        }
        if (request.Member is null)
        {
            validator.Add("member", "required");
        }
        else
        {
            ValidateDetails(validator, "member", request.Member);
        }
        validator.ThrowIfInvalid();
        var caller = AuthenticationInterceptor.CallerOf(context);
        var details = MemberMapper.Details(request.Member!);
        return writer.RunAsync(caller, context.Method, request, request.RequestId, async session =>
            MemberMapper.ToProto(await RosterChanges.CreateAsync(session, party!.Value, request.MemberId, details, caller)),
            context.CancellationToken);
    }

    public override Task<V1.Member> UpdateMember(V1.UpdateMemberRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator(clock).RequestId(request.RequestId);
        var name = request.Member is null ? null : MemberNames.TryParse(request.Member.Name);
        if (request.Member is null)
        {
            validator.Add("member", "required");
        }
        else if (name is null)
        {
            validator.Add("member.name", request.Member.Name.Length == 0 ? "required" : "must be parties/{RU|TJ}/members/{user_id}");
        }
        var paths = request.UpdateMask?.Paths.ToList() ?? [];
        if (paths.Count == 0)
        {
            validator.Add("update_mask", "name the fields to change; an empty mask changes nothing");
        }
        foreach (var path in paths.Where(p => !UpdatablePaths.Contains(p)))
        {
            validator.Add("update_mask", $"'{path}' cannot be changed by UpdateMember; allowed: {string.Join(", ", UpdatablePaths)}");
        }
        validator.ThrowIfInvalid();
        var caller = AuthenticationInterceptor.CallerOf(context);
        return writer.RunAsync(caller, context.Method, request, request.RequestId, async session =>
        {
            var (party, userId) = name!.Value;
            var current = await RosterChanges.FindForChangeAsync(session, party, userId, caller);
            // The merged result is validated as a whole, as a new member would be.
            var merged = MemberMapper.ToProto(current);
            request.UpdateMask!.Merge(request.Member!, merged, MergeOptions);
            var after = new RequestValidator(clock);
            ValidateDetails(after, "member", merged);
            after.ThrowIfInvalid();
            return MemberMapper.ToProto(RosterChanges.Update(session, current, request.Member!.Etag, MemberMapper.Details(merged), paths, caller));
        }, context.CancellationToken);
    }

    public override async Task<V1.Member> GetMember(V1.GetMemberRequest request, ServerCallContext context)
    {
        var name = MemberNames.TryParse(request.Name);
        if (name is null)
        {
            new RequestValidator(clock).Add("name", request.Name.Length == 0 ? "required" : "must be parties/{RU|TJ}/members/{user_id}").ThrowIfInvalid();
        }
        var (party, userId) = name!.Value;
        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        var member = await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Party == party && m.UserId == userId, context.CancellationToken)
            ?? throw RosterChanges.NotFound(request.Name);
        return MemberMapper.ToProto(member);
    }

    public override async Task<V1.ListMembersResponse> ListMembers(V1.ListMembersRequest request, ServerCallContext context)
    {
        if (!MemberNames.TryParseParent(request.Parent, allowBoth: true, out var party))
        {
            new RequestValidator(clock).Add("parent", "must be parties/RU, parties/TJ or parties/-").ThrowIfInvalid();
        }
        var page = pager.Open(request.PageSize, request.PageToken, $"members\n{request.Parent}\n{request.ShowInactive}");
        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        var query = db.Members.AsNoTracking();
        if (party is { } only)
        {
            query = query.Where(m => m.Party == only);
        }
        if (!request.ShowInactive)
        {
            query = query.Where(m => m.Active);
        }
        if (page.Position is { } position && position.Split('|', 2) is [var p, var id] && int.TryParse(p, out var afterParty))
        {
            var after = (Party)afterParty;
            query = query.Where(m => m.Party > after || (m.Party == after && string.Compare(m.UserId, id) > 0));
        }
        var fetched = await query.OrderBy(m => m.Party).ThenBy(m => m.UserId).Take(page.Fetch).ToListAsync(context.CancellationToken);
        var response = new V1.ListMembersResponse { NextPageToken = page.NextToken(fetched, m => $"{(int)m.Party}|{m.UserId}") };
        response.Members.AddRange(page.Items(fetched).Select(MemberMapper.ToProto));
        return response;
    }

    private static readonly FieldMask.MergeOptions MergeOptions = new()
    {
        ReplaceMessageFields = true,
        ReplaceRepeatedFields = true,
        ReplacePrimitiveFields = true,
    };

    private static void ValidateDetails(RequestValidator validator, string prefix, V1.Member member)
    {
        validator.DefinedEnum($"{prefix}.role", member.Role);
        validator.RequiredText($"{prefix}.display_name", member.DisplayName, RequestValidator.MaxShortText);
        validator.DefinedEnum($"{prefix}.language", member.Language);
        validator.DefinedEnum($"{prefix}.email_delivery", member.EmailDelivery, required: false);
        var email = member.Email.Trim();
        validator.MaxLength($"{prefix}.email", email, 254, lineBreaks: false);
        if (email.Length > 0 && (email.Count(c => c == '@') != 1 || email.StartsWith('@') || email.EndsWith('@') || email.Any(char.IsWhiteSpace)))
        {
            validator.Add($"{prefix}.email", "must be an e-mail address such as name@example.org, or empty for the inbox only");
        }
    }
}
