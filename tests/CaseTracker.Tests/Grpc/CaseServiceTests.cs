using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Grpc;

/// <summary>Filing, reading and changing cases through a real gRPC channel.</summary>
public sealed class CaseServiceTests(CaseTrackerHost host) : IClassFixture<CaseTrackerHost>
{
    private readonly CaseTrackerClient _tjInvestigator = host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");
    private readonly CaseTrackerClient _ruInvestigator = host.ClientFor(Party.RU, Role.Investigator, "ru.ivanov");
    private readonly CaseTrackerClient _ruSupervisor = host.ClientFor(Party.RU, Role.Supervisor, "ru.petrova");

    [Fact]
    public async Task CreateCase_ReturnsCaseInIntakeFiledByTheCallersParty()
    {
        var created = await _tjInvestigator.CreateAsync();

        Assert.Matches(@"^TF-\d{4}-\d{6}$", created.Reference);
        Assert.Equal($"cases/{created.Reference.ToLowerInvariant()}", created.Name);
        Assert.Equal(V1.Stage.Intake, created.Stage);
        Assert.Equal(V1.Party.Tj, created.FilingParty);
        Assert.Equal("RAKHMONOV FARRUKH", created.Subject.NameLatin);
        Assert.Equal("400123456", created.Subject.PassportNumber);
        Assert.NotNull(created.CreateTime);
        Assert.NotEmpty(created.Etag);
    }

    [Fact]
    public async Task CreateCase_IssuesReferencesInOrder()
    {
        var first = await _tjInvestigator.CreateAsync();
        var second = await _ruInvestigator.CreateAsync();

        Assert.Equal(int.Parse(first.Reference[^6..]) + 1, int.Parse(second.Reference[^6..]));
    }

    [Fact]
    public async Task CreateCase_WithBadFields_ReportsEveryBadFieldAtOnce()
    {
        var draft = NewCase();
        draft.Priority = V1.Priority.Urgent;
        draft.Subject.DateOfBirth = new Google.Type.Date { Year = 2090, Month = 1, Day = 1 };
        draft.Subject.Citizenship = "Tajikistan";
        draft.EnforcementAction.Type = V1.EnforcementActionType.RegistryPlacement;

        var error = await RefusedAsync(() => _tjInvestigator.CreateAsync(draft));

        AssertStatus(error, StatusCode.InvalidArgument, "INVALID_REQUEST");
        Assert.Equal(
            ["case.enforcement_action.registry_ground", "case.subject.citizenship", "case.subject.date_of_birth", "case.urgency_reasons"],
            error.FieldViolations().Select(v => v.Field).Order());
    }

    [Fact]
    public async Task CreateCase_WithoutAnyName_IsInvalidArgument()
    {
        var draft = NewCase(latinName: "", russianName: "", tajikName: "");

        var error = await RefusedAsync(() => _tjInvestigator.CreateAsync(draft));

        AssertStatus(error, StatusCode.InvalidArgument, "INVALID_REQUEST");
        Assert.Contains(error.FieldViolations(), v => v.Field == "case.subject.name_latin");
    }

    [Fact]
    public async Task GetCase_ByNameOrByReference_ReturnsTheCase()
    {
        var created = await _tjInvestigator.CreateAsync();

        var byName = await _tjInvestigator.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = created.Name });
        var byReference = await _tjInvestigator.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = "cases/" + created.Reference });

        Assert.Equal(created, byName);
        Assert.Equal(created, byReference);
    }

    [Fact]
    public async Task GetCase_Unknown_IsNotFound()
    {
        var error = await RefusedAsync(() => _tjInvestigator.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = "cases/tf-2026-999999" }).ResponseAsync);

        AssertStatus(error, StatusCode.NotFound, "CASE_NOT_FOUND");
    }

    [Fact]
    public async Task GetCase_MalformedName_IsInvalidArgument()
    {
        var error = await RefusedAsync(() => _tjInvestigator.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = "case/42" }).ResponseAsync);

        AssertStatus(error, StatusCode.InvalidArgument, "INVALID_REQUEST");
        Assert.Equal("name", Assert.Single(error.FieldViolations()).Field);
    }

    [Fact]
    public async Task UpdateCase_WithMask_ChangesOnlyTheNamedFields()
    {
        var created = await _tjInvestigator.CreateAsync();
        var change = new V1.Case
        {
            Name = created.Name,
            Etag = created.Etag,
            Subject = new V1.Subject { NameLatin = "RAHMONOV FARRUKH", PassportNumber = "ignored" },
            AllegationDetails = "ignored, not in the mask",
        };

        var updated = await _tjInvestigator.Cases.UpdateCaseAsync(new V1.UpdateCaseRequest
        {
            Case = change,
            UpdateMask = FieldMask.FromString("subject.name_latin"),
        });

        Assert.Equal("RAHMONOV FARRUKH", updated.Subject.NameLatin);
        Assert.Equal(created.Subject.PassportNumber, updated.Subject.PassportNumber);
        Assert.Equal(created.Subject.NameRussian, updated.Subject.NameRussian);
        Assert.Equal(created.AllegationDetails, updated.AllegationDetails);
        Assert.NotEqual(created.Etag, updated.Etag);
    }

    [Fact]
    public async Task UpdateCase_WithStaleEtag_IsAbortedAndChangesNothing()
    {
        var created = await _tjInvestigator.CreateAsync();
        await _tjInvestigator.Cases.UpdateCaseAsync(new V1.UpdateCaseRequest
        {
            Case = new V1.Case { Name = created.Name, Etag = created.Etag, AllegationDetails = "first" },
            UpdateMask = FieldMask.FromString("allegation_details"),
        });

        var error = await RefusedAsync(() => _ruSupervisor.Cases.UpdateCaseAsync(new V1.UpdateCaseRequest
        {
            Case = new V1.Case { Name = created.Name, Etag = created.Etag, AllegationDetails = "second" },
            UpdateMask = FieldMask.FromString("allegation_details"),
        }).ResponseAsync);

        AssertStatus(error, StatusCode.Aborted, "ETAG_MISMATCH");
        var current = await _tjInvestigator.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = created.Name });
        Assert.Equal("first", current.AllegationDetails);
    }

    [Theory]
    [InlineData("stage")]
    [InlineData("resolution")]
    [InlineData("lead_investigators")]
    [InlineData("*")]
    public async Task UpdateCase_OutsideTheEditableFields_IsInvalidArgument(string path)
    {
        var created = await _tjInvestigator.CreateAsync();

        var error = await RefusedAsync(() => _tjInvestigator.Cases.UpdateCaseAsync(new V1.UpdateCaseRequest
        {
            Case = new V1.Case { Name = created.Name, Stage = V1.Stage.Closed },
            UpdateMask = new FieldMask { Paths = { path } },
        }).ResponseAsync);

        AssertStatus(error, StatusCode.InvalidArgument, "INVALID_REQUEST");
        Assert.Equal("update_mask", Assert.Single(error.FieldViolations()).Field);
    }

    [Fact]
    public async Task UpdateCase_ThatLeavesTheCaseInvalid_IsRefusedWithTheMergedField()
    {
        var created = await _tjInvestigator.CreateAsync();

        var error = await RefusedAsync(() => _tjInvestigator.Cases.UpdateCaseAsync(new V1.UpdateCaseRequest
        {
            Case = new V1.Case { Name = created.Name, Priority = V1.Priority.Urgent },
            UpdateMask = FieldMask.FromString("priority"),
        }).ResponseAsync);

        AssertStatus(error, StatusCode.InvalidArgument, "INVALID_REQUEST");
        Assert.Equal("case.urgency_reasons", Assert.Single(error.FieldViolations()).Field);
    }

    [Fact]
    public async Task CreateNote_ThenListNotes_ShowsNotesOldestFirstWithAuthorFromToken()
    {
        var created = await _tjInvestigator.CreateAsync();
        var ministry = host.ClientFor(Party.TJ, Role.MinistrySystem, "tj.mlme.system");

        await _tjInvestigator.Cases.CreateNoteAsync(new V1.CreateNoteRequest { Parent = created.Name, Note = new V1.Note { Text = "Called the family." } });
        await ministry.Cases.CreateNoteAsync(new V1.CreateNoteRequest { Parent = created.Name, Note = new V1.Note { Text = "Decision file attached." } });
        var notes = await _ruInvestigator.Cases.ListNotesAsync(new V1.ListNotesRequest { Parent = created.Name });

        Assert.Equal(["Called the family.", "Decision file attached."], notes.Notes.Select(n => n.Text));
        Assert.Equal([$"{created.Name}/notes/1", $"{created.Name}/notes/2"], notes.Notes.Select(n => n.Name));
        Assert.Equal(("tj.mlme.system", V1.Party.Tj), (notes.Notes[1].Author, notes.Notes[1].AuthorParty));
    }

    [Fact]
    public async Task CreateNote_DoesNotChangeTheCasesEtag()
    {
        var created = await _tjInvestigator.CreateAsync();

        await _tjInvestigator.Cases.CreateNoteAsync(new V1.CreateNoteRequest { Parent = created.Name, Note = new V1.Note { Text = "A note." } });
        var started = await _tjInvestigator.Cases.StartInvestigationAsync(new V1.StartInvestigationRequest { Name = created.Name, Etag = created.Etag });

        Assert.Equal(V1.Stage.Investigation, started.Stage);
    }

    [Fact]
    public async Task CreateNote_OnUnknownCase_IsNotFoundForASupervisor()
    {
        var error = await RefusedAsync(() => _ruSupervisor.Cases.CreateNoteAsync(new V1.CreateNoteRequest
        {
            Parent = "cases/tf-2026-999998",
            Note = new V1.Note { Text = "x" },
        }).ResponseAsync);

        AssertStatus(error, StatusCode.NotFound, "CASE_NOT_FOUND");
    }

    [Fact]
    public async Task CreateNote_OnUnknownCase_IsPermissionDeniedForAnInvestigator_SoCasesCannotBeProbed()
    {
        var error = await RefusedAsync(() => _tjInvestigator.Cases.CreateNoteAsync(new V1.CreateNoteRequest
        {
            Parent = "cases/tf-2026-999998",
            Note = new V1.Note { Text = "x" },
        }).ResponseAsync);

        AssertStatus(error, StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED");
    }
}
