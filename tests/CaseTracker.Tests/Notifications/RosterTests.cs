using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Storage;
using CaseTracker.Tests.Support;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Notifications;

/// <summary>The roster through the contract: who manages it, how it changes, what is kept of each change.</summary>
public sealed class RosterTests : IDisposable
{
    private readonly TaskForce _force = new(roster: false);

    public void Dispose() => _force.Dispose();

    private static FieldMask Mask(params string[] paths) => new() { Paths = { paths } };

    private static V1.CreateMemberRequest Karimova(string id = "tj.karimova") => new()
    {
        Parent = "parties/TJ", MemberId = id,
        Member = new V1.Member { Role = V1.Role.Investigator, DisplayName = "Karimova", Language = V1.Language.Tajik, Active = true },
    };

    [Fact]
    public async Task CreateMember_BySupervisor_IsReadByEveryRole_AndListedByParty()
    {
        var created = await _force.AddAsync(Party.TJ, Role.Investigator, "tj.karimova", V1.Language.Tajik);
        await _force.AddAsync(Party.RU, Role.Supervisor, "ru.ivanova", V1.Language.Russian);
        var reader = _force.Client(Party.RU, Role.Investigator, "ru.petrov").Members;

        var read = await _force.Client(Party.RU, Role.Auditor, "ru.audit").Members.GetMemberAsync(new V1.GetMemberRequest { Name = "parties/TJ/members/tj.karimova" });
        var tajik = await reader.ListMembersAsync(new V1.ListMembersRequest { Parent = "parties/TJ" });
        var first = await reader.ListMembersAsync(new V1.ListMembersRequest { Parent = "parties/-", PageSize = 1 });
        var second = await reader.ListMembersAsync(new V1.ListMembersRequest { Parent = "parties/-", PageSize = 1, PageToken = first.NextPageToken });

        Assert.Equal(("parties/TJ/members/tj.karimova", V1.Party.Tj, V1.Role.Investigator, V1.Language.Tajik, "1"),
            (created.Name, created.Party, created.Role, created.Language, created.Etag));
        Assert.Equal(created, read);
        Assert.Equal(["tj.karimova"], tajik.Members.Select(m => m.UserId));
        Assert.Equal(["ru.ivanova"], first.Members.Select(m => m.UserId)); // RU before TJ
        Assert.Equal(["tj.karimova"], second.Members.Select(m => m.UserId));
    }

    [Fact]
    public async Task CreateMember_ForTheOtherPartysRoster_IsRefused_EvenForACoChair_AndForAnInvestigator()
    {
        var asCoChair = await RefusedAsync(() => _force.Client(Party.RU, Role.CoChair, "ru.sokolov").Members.CreateMemberAsync(Karimova()).ResponseAsync);
        var asInvestigator = await RefusedAsync(() => _force.Client(Party.TJ, Role.Investigator, "tj.karimova").Members.CreateMemberAsync(Karimova()).ResponseAsync);

        Assert.Equal((StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED"), (asCoChair.StatusCode, asCoChair.Reason()));
        Assert.Contains("TJ's roster is managed by TJ's supervisors and co-chairs", asCoChair.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.PermissionDenied, asInvestigator.StatusCode);
        Assert.Contains("Only a supervisor or co-chair can add a member to their party's roster (CreateMember)", asInvestigator.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateMember_Twice_IsAlreadyExists_AndBadFieldsAreNamed()
    {
        await _force.Supervisor(Party.TJ).Members.CreateMemberAsync(Karimova());

        var again = await RefusedAsync(() => _force.Supervisor(Party.TJ).Members.CreateMemberAsync(Karimova()).ResponseAsync);
        var bad = await RefusedAsync(() => _force.Supervisor(Party.TJ).Members.CreateMemberAsync(new V1.CreateMemberRequest
        {
            Parent = "parties/TJ", MemberId = "no spaces",
            Member = new V1.Member { Role = V1.Role.Investigator, DisplayName = "", Email = "not-an-address", Active = true },
        }).ResponseAsync);

        Assert.Equal((StatusCode.AlreadyExists, "MEMBER_EXISTS"), (again.StatusCode, again.Reason()));
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Equal(["member_id", "member.display_name", "member.language", "member.email"], bad.FieldViolations().Select(v => v.Field));
    }

    [Fact]
    public async Task UpdateMember_ChangesOnlyTheMaskedFields_AndRefusesAStaleEtag_AnotherPartysMember_AndAnUnknownOne()
    {
        var created = await _force.AddAsync(Party.TJ, Role.Investigator, "tj.karimova", V1.Language.Tajik);
        Task<V1.Member> Update(CaseTracker.Client.CaseTrackerClient by, V1.Member member, params string[] paths) =>
            by.Members.UpdateMemberAsync(new V1.UpdateMemberRequest { Member = member, UpdateMask = Mask(paths) }).ResponseAsync;

        var updated = await Update(_force.Supervisor(Party.TJ), new V1.Member { Name = created.Name, Language = V1.Language.English, DisplayName = "ignored", Etag = created.Etag }, "language");
        var stale = await RefusedAsync(() => Update(_force.Supervisor(Party.TJ), new V1.Member { Name = created.Name, Active = false, Etag = created.Etag }, "active"));
        var otherParty = await RefusedAsync(() => Update(_force.Supervisor(Party.RU), new V1.Member { Name = created.Name, Active = false }, "active"));
        var missing = await RefusedAsync(() => Update(_force.Supervisor(Party.TJ), new V1.Member { Name = "parties/TJ/members/nobody", Active = false }, "active"));
        var badMask = await RefusedAsync(() => Update(_force.Supervisor(Party.TJ), new V1.Member { Name = created.Name }, "user_id"));

        Assert.Equal((V1.Language.English, "tj.karimova", "2"), (updated.Language, updated.DisplayName, updated.Etag));
        Assert.Equal((StatusCode.Aborted, "ETAG_MISMATCH"), (stale.StatusCode, stale.Reason()));
        Assert.Equal(StatusCode.PermissionDenied, otherParty.StatusCode);
        Assert.Equal((StatusCode.NotFound, "MEMBER_NOT_FOUND"), (missing.StatusCode, missing.Reason()));
        Assert.Equal(StatusCode.InvalidArgument, badMask.StatusCode);
    }

    [Fact]
    public async Task EveryChange_IsKeptInTheRostersAuditTrail_WithWhoWhenAndWhichFields_NeverTheValues()
    {
        var created = await _force.AddAsync(Party.TJ, Role.Investigator, "tj.karimova", V1.Language.Tajik);
        await _force.Client(Party.TJ, Role.CoChair, "tj.rahimov").Members.UpdateMemberAsync(new V1.UpdateMemberRequest
        {
            Member = new V1.Member { Name = created.Name, Active = false, Email = "new@taskforce.example" },
            UpdateMask = Mask("active", "email"),
        });

        await using var db = await _force.Host.Services.GetRequiredService<IDbContextFactory<CaseTrackerDbContext>>().CreateDbContextAsync();
        var trail = await db.MemberChanges.OrderBy(c => c.Id).ToListAsync();

        Assert.Equal([("created", "tj.nazarov", Role.Supervisor), ("updated", "tj.rahimov", Role.CoChair)], trail.Select(c => (c.Change, c.Actor, c.ActorRole)));
        Assert.Equal("active,email", trail[1].Paths);
        Assert.All(trail, c => Assert.Equal((created.Name, _force.Clock.GetUtcNow().UtcDateTime), (c.Member, c.ChangeTime)));
        Assert.DoesNotContain(trail, c => c.Paths.Contains('@'));
    }

    [Fact]
    public async Task ACallerWhoIsNotOnTheRoster_StillWorks_AndAnInactiveMemberIsNotNotified()
    {
        await _force.AddAsync(Party.RU, Role.Investigator, "ru.petrov", V1.Language.Russian);
        await _force.Supervisor(Party.RU).Members.UpdateMemberAsync(new V1.UpdateMemberRequest
        {
            Member = new V1.Member { Name = "parties/RU/members/ru.petrov", Active = false },
            UpdateMask = Mask("active"),
        });

        var c = await _force.Client(Party.TJ, Role.Investigator, "tj.unlisted").CreateAsync();
        await _force.Supervisor(Party.RU).Cases.AssignInvestigatorAsync(new V1.AssignInvestigatorRequest { Name = c.Name, InvestigatorId = "ru.petrov" });

        Assert.Empty(await _force.InboxAsyncOf(Party.RU, Role.Investigator, "ru.petrov"));
    }
}
