using System.Text.Json;
using CaseTracker.Cli;
using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;

namespace CaseTracker.Tests.Cli;

/// <summary>The investigators' command line, run in-process against the in-process server.</summary>
public sealed class CliTests : IDisposable
{
    private readonly CaseTrackerHost _host = new();
    private readonly string _config = Path.Combine(Path.GetTempPath(), "casetracker-cli-" + Guid.NewGuid().ToString("N"));

    private sealed record Outcome(int ExitCode, string Output, string Error);

    private async Task<Outcome> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var env = new CliEnvironment
        {
            Output = output,
            Error = error,
            ConfigDirectory = _config,
            Connect = login => login.Server == "http://unreachable.invalid:1"
                ? CaseTrackerClient.Create(new Uri(login.Server), () => login.Token)
                : CaseTrackerClient.Create(_host.Server.BaseAddress, () => login.Token, _host.Server.CreateHandler()),
        };
        var code = await CliApp.RunAsync(args, env);
        return new Outcome(code, output.ToString(), error.ToString());
    }

    private Task<Outcome> LoginAsync(Party party, Role role, string id) =>
        RunAsync("login", "--server", "http://localhost:5080", "--token", _host.TokenFor(party, role, id));

    private async Task<string> CreateCaseAsync()
    {
        var created = await RunAsync("cases", "create", "--json", "--channel", "hotline", "--name-latin", "RAKHMONOV FARRUKH", "--name-russian", "Рахмонов Фаррух",
            "--passport", "400123456", "--action", "registry-placement", "--ground", "sojourn-expired", "--region", "Moscow",
            "--allegation", "wrongful-listing-already-left", "--details", "Returned home in 2024.");
        Assert.Equal(0, created.ExitCode);
        return JsonDocument.Parse(created.Output).RootElement.GetProperty("reference").GetString()!;
    }

    [Fact]
    public async Task CasesSearch_FindsTheCaseFromAnotherSpelling_CreateWarnsOfTheDuplicate_AndLinkAndCloseDuplicateShowOnBoth()
    {
        await LoginAsync(Party.TJ, Role.Investigator, "tj.karimova");
        var first = await CreateCaseAsync();

        var search = await RunAsync("cases", "search", "Farrukh Rahmonov");
        var refused = await RunAsync("cases", "create", "--json", "--channel", "hotline", "--name-tajik", "Раҳмонов Фарруҳ",
            "--passport", "400 123 456", "--action", "registry-placement", "--ground", "sojourn-expired", "--region", "Moscow", "--allegation", "wrongful-listing-already-left");
        var forced = await RunAsync("cases", "create", "--json", "--force", "--channel", "hotline", "--name-tajik", "Раҳмонов Фарруҳ",
            "--passport", "400 123 456", "--action", "registry-placement", "--ground", "sojourn-expired", "--region", "Moscow", "--allegation", "wrongful-listing-already-left");
        Assert.True(forced.ExitCode == 0, forced.Error);
        var second = JsonDocument.Parse(forced.Output).RootElement.GetProperty("reference").GetString()!;
        var linked = await RunAsync("cases", "link", second, first, "--kind", "same-person", "--reason", "Same passport.");
        var unlinked = await RunAsync("cases", "unlink", second, first, "--reason", "To close it instead.");
        var closed = await RunAsync("cases", "close-duplicate", second, "--of", first, "--reason", "Filed twice.");
        var shown = await RunAsync("cases", "show", first);

        Assert.Equal(0, search.ExitCode);
        Assert.Contains(first, search.Output, StringComparison.Ordinal);
        Assert.Equal(3, refused.ExitCode);
        Assert.Contains(first, refused.Error, StringComparison.Ordinal);
        Assert.Contains("--force", refused.Error, StringComparison.Ordinal);
        Assert.Contains(first, forced.Error, StringComparison.Ordinal);
        Assert.Equal((0, 0, 0), (linked.ExitCode, unlinked.ExitCode, closed.ExitCode));
        Assert.Contains("closed", closed.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"has-duplicate {second}", shown.Output, StringComparison.Ordinal);
        Assert.Contains("duplicate-closed", shown.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DocsAdd_ShowsProgress_TheOtherPartySeesItOnlyOnceShared_AndDocsGetVerifiesTheSha256()
    {
        await LoginAsync(Party.TJ, Role.Investigator, "tj.karimova");
        var reference = await CreateCaseAsync();
        var folder = Path.Combine(_config, "files");
        Directory.CreateDirectory(folder);
        var pdf = Path.Combine(folder, "expulsion-order.pdf");
        await File.WriteAllBytesAsync(pdf, CaseTracker.Tests.Documents.DocumentSupport.Pdf(3 * 1024 * 1024));
        var sha256 = CaseTracker.Tests.Documents.DocumentSupport.Sha256(await File.ReadAllBytesAsync(pdf));

        var added = await RunAsync("docs", "add", reference, pdf, "--kind", "order", "--title", "Expulsion order 77-123", "--language", "ru");
        Assert.True(added.ExitCode == 0, added.Error);
        Assert.Contains($"sha256 {sha256}", added.Output, StringComparison.Ordinal);
        Assert.Contains("100%", added.Error, StringComparison.Ordinal);

        await LoginAsync(Party.RU, Role.Investigator, "ru.sokolova");
        var hidden = await RunAsync("docs", "list", reference);
        var refused = await RunAsync("docs", "get", reference, "1", "--to", Path.Combine(_config, "ru"));
        await LoginAsync(Party.TJ, Role.Investigator, "tj.karimova");
        var shared = await RunAsync("docs", "share", reference, "1");
        await LoginAsync(Party.RU, Role.Investigator, "ru.sokolova");
        var listed = await RunAsync("docs", "list", reference);
        var fetched = await RunAsync("docs", "get", reference, "1", "--to", Path.Combine(_config, "ru"));
        var custody = await RunAsync("docs", "show", reference, "1");

        Assert.DoesNotContain("Expulsion order", hidden.Output, StringComparison.Ordinal);
        Assert.Contains("No documents on", hidden.Output, StringComparison.Ordinal);
        Assert.Equal(4, refused.ExitCode);
        Assert.Contains("DOCUMENT_NOT_VISIBLE", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, shared.ExitCode);
        Assert.Contains("Expulsion order", listed.Output, StringComparison.Ordinal);
        Assert.True(fetched.ExitCode == 0, fetched.Error);
        Assert.Contains($"sha256 {sha256} verified", fetched.Output, StringComparison.Ordinal);
        Assert.Equal(sha256, CaseTracker.Tests.Documents.DocumentSupport.Sha256(await File.ReadAllBytesAsync(Path.Combine(_config, "ru", "document-1.pdf"))));
        Assert.Contains("document-downloaded", custody.Output, StringComparison.Ordinal);
        Assert.Contains("ru.sokolova (RU)", custody.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_ThenWhoAmI_ShowsWhoYouAre_AndKeepsTheTokenOwnerOnly()
    {
        var login = await LoginAsync(Party.TJ, Role.Investigator, "tj.karimova");
        var whoami = await RunAsync("whoami");

        Assert.Equal(0, login.ExitCode);
        Assert.Contains("tj.karimova (TJ, investigator)", whoami.Output, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_config, "config.json")));
        }
    }

    [Fact]
    public async Task CasesCreate_ThenList_ShowsTheCaseInATable_AndAsJson()
    {
        await LoginAsync(Party.TJ, Role.Investigator, "tj.karimova");
        var reference = await CreateCaseAsync();

        var table = await RunAsync("cases", "list", "--stage", "intake", "--filter", "рахмонов");
        var json = await RunAsync("cases", "list", "--json", "--mine");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains(reference, table.Output, StringComparison.Ordinal);
        Assert.Contains("RAKHMONOV FARRUKH", table.Output, StringComparison.Ordinal);
        Assert.Contains("1 case(s)", table.Output, StringComparison.Ordinal);
        Assert.Equal(reference, JsonDocument.Parse(json.Output).RootElement[0].GetProperty("reference").GetString());
    }

    [Fact]
    public async Task CasesListMine_ShowsOnlyTheCasesILead_NotNewerOnesOthersLead()
    {
        await LoginAsync(Party.TJ, Role.Investigator, "tj.karimova");
        var mine = await CreateCaseAsync();
        var other = _host.ClientFor(Party.TJ, Role.Investigator, "tj.other");
        for (var i = 0; i < 3; i++)
        {
            await other.CreateAsync(Drafts.NewCase(latinName: $"OTHEROV CASE{i}", russianName: "", tajikName: ""));
        }

        var listed = await RunAsync("cases", "list", "--json", "--mine");

        Assert.Equal(0, listed.ExitCode);
        Assert.Equal([mine], JsonDocument.Parse(listed.Output).RootElement.EnumerateArray().Select(c => c.GetProperty("reference").GetString()));
    }

    [Fact]
    public async Task InvestigatorsDay_FromIntakeToSignOff_ClosesTheCase()
    {
        await LoginAsync(Party.TJ, Role.Investigator, "tj.karimova");
        var reference = await CreateCaseAsync();

        Assert.Equal(0, (await RunAsync("notes", "add", reference, "--text", "Called the family.")).ExitCode);
        Assert.Equal(0, (await RunAsync("cases", "start-investigation", reference)).ExitCode);
        Assert.Equal(0, (await RunAsync("cases", "request-response", reference, "--party", "RU", "--awaited", "The decision file")).ExitCode);
        Assert.Equal(0, (await RunAsync("cases", "record-response", reference, "--summary", "Received")).ExitCode);
        var proposed = await RunAsync("cases", "propose", reference, "--findings", "Listed after leaving Russia.", "--outcome", "violation-confirmed", "--remedy", "delisted");
        await LoginAsync(Party.RU, Role.Supervisor, "ru.petrova");
        Assert.Equal(0, (await RunAsync("cases", "sign-off", reference)).ExitCode);
        await LoginAsync(Party.TJ, Role.Supervisor, "tj.nazarov");
        var closed = await RunAsync("cases", "sign-off", reference);
        var shown = await RunAsync("cases", "show", reference);
        var notes = await RunAsync("notes", "list", reference);

        Assert.Contains("resolution", proposed.Output, StringComparison.Ordinal);
        Assert.Contains($"{reference}  closed", closed.Output, StringComparison.Ordinal);
        Assert.Contains("violation-confirmed", shown.Output, StringComparison.Ordinal);
        Assert.Contains("Clocks", shown.Output, StringComparison.Ordinal);
        Assert.Contains("resolution-signed-off", shown.Output, StringComparison.Ordinal);
        Assert.Contains("Called the family.", notes.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FreeTextThatLooksLikeAPhoneOrPassportNumber_IsWarnedAboutOnStderr_AndSentAsWritten()
    {
        await LoginAsync(Party.TJ, Role.Investigator, "tj.karimova");
        var reference = await CreateCaseAsync();

        var plain = await RunAsync("notes", "add", reference, "--text", "Called the family.");
        var phone = await RunAsync("notes", "add", reference, "--text", "The brother answers on +992 90 555 0199.");
        await RunAsync("cases", "start-investigation", reference);
        var passport = await RunAsync("cases", "request-response", reference, "--party", "RU", "--awaited", "The file of passport 400123456");
        var notes = await RunAsync("notes", "list", reference, "--json");

        Assert.Equal((0, "", 0, 0), (plain.ExitCode, plain.Error, phone.ExitCode, passport.ExitCode));
        Assert.Contains("warning: --text looks like it holds a phone number", phone.Error, StringComparison.Ordinal);
        Assert.Contains("every role of both parties reads", phone.Error, StringComparison.Ordinal);
        Assert.Contains("warning: --awaited looks like it holds a passport number", passport.Error, StringComparison.Ordinal);
        Assert.Contains("+992 90 555 0199", notes.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CasesCreate_FromAJsonFile_ThenUpdate_ChangesOnlyTheNamedFields()
    {
        await LoginAsync(Party.TJ, Role.Investigator, "tj.karimova");
        Directory.CreateDirectory(_config);
        var file = Path.Combine(_config, "case.json");
        await File.WriteAllTextAsync(file, """
            { "intakeChannel": "INTAKE_CHANNEL_HOTLINE", "priority": "PRIORITY_NORMAL",
              "subject": { "nameLatin": "SAIDOV UMED" },
              "enforcementAction": { "type": "ENFORCEMENT_ACTION_TYPE_ENTRY_BAN", "region": "Moscow" },
              "allegations": ["ALLEGATION_CODE_NO_NOTICE_OR_INTERPRETER"] }
            """);

        var created = await RunAsync("cases", "create", "--file", file, "--json");
        var reference = JsonDocument.Parse(created.Output).RootElement.GetProperty("reference").GetString()!;
        var updated = await RunAsync("cases", "update", reference, "--region", "Tver Oblast", "--etag", "1", "--json");

        Assert.Equal((0, 0), (created.ExitCode, updated.ExitCode));
        var after = JsonDocument.Parse(updated.Output).RootElement;
        Assert.Equal("Tver Oblast", after.GetProperty("enforcementAction").GetProperty("region").GetString());
        Assert.Equal("ENFORCEMENT_ACTION_TYPE_ENTRY_BAN", after.GetProperty("enforcementAction").GetProperty("type").GetString());
        Assert.Equal("SAIDOV UMED", after.GetProperty("subject").GetProperty("nameLatin").GetString());
    }

    [Fact]
    public async Task CasesUpdate_WithAStaleEtag_ExitsWith3()
    {
        await LoginAsync(Party.TJ, Role.Investigator, "tj.karimova");
        var reference = await CreateCaseAsync();
        await RunAsync("cases", "update", reference, "--details", "First.");

        var stale = await RunAsync("cases", "update", reference, "--details", "Second.", "--etag", "1");

        Assert.Equal(3, stale.ExitCode);
        Assert.Contains("ETAG_MISMATCH", stale.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventsAndDeadlines_AreListed()
    {
        await LoginAsync(Party.TJ, Role.Investigator, "tj.karimova");
        var reference = await CreateCaseAsync();

        var events = await RunAsync("events", "list", "--case", reference);
        var watched = await RunAsync("events", "watch", "--max", "1", "--json");
        var deadlines = await RunAsync("deadlines", "list", "--case", reference, "--state", "running");

        Assert.Contains("case-created", events.Output, StringComparison.Ordinal);
        Assert.Equal("CASE_EVENT_TYPE_CASE_CREATED", JsonDocument.Parse(watched.Output).RootElement.GetProperty("type").GetString());
        Assert.Contains(reference, deadlines.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("cases/", deadlines.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisclosuresList_ShowsWhoOfTheOtherPartyWasShownTheSubjectsData_ToAnAuditor_AndRefusesAnInvestigator()
    {
        await LoginAsync(Party.TJ, Role.Investigator, "tj.karimova");
        var reference = await CreateCaseAsync();
        await _host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova").Cases
            .RecordConsentAsync(new V1.RecordConsentRequest { Name = $"cases/{reference.ToLowerInvariant()}", ShareWithOtherParty = true });
        await LoginAsync(Party.RU, Role.Investigator, "ru.ivanov");
        await RunAsync("cases", "show", reference);
        var refused = await RunAsync("disclosures", "list");

        await LoginAsync(Party.TJ, Role.Auditor, "tj.auditor");
        var listed = await RunAsync("disclosures", "list", "--case", reference, "--party", "RU", "--since", "2026-01-01");
        var json = await RunAsync("disclosures", "list", "--case", reference, "--caller", "ru.ivanov", "--json");

        Assert.Equal(4, refused.ExitCode);
        Assert.Equal(0, listed.ExitCode);
        Assert.Contains("ru.ivanov (RU)", listed.Output, StringComparison.Ordinal);
        Assert.Contains("subject.passport_number", listed.Output, StringComparison.Ordinal);
        var disclosure = Assert.Single(JsonDocument.Parse(json.Output).RootElement.EnumerateArray());
        Assert.Equal(("GetCase", $"cases/{reference.ToLowerInvariant()}"), (disclosure.GetProperty("method").GetString(), disclosure.GetProperty("case").GetString()));
    }

    [Fact]
    public async Task UnknownCase_ExitsWith2AndOneReadableLine()
    {
        await LoginAsync(Party.TJ, Role.Investigator, "tj.karimova");

        var shown = await RunAsync("cases", "show", "TF-2026-999999");

        Assert.Equal(2, shown.ExitCode);
        Assert.Equal("error: NotFound CASE_NOT_FOUND: No case is named 'cases/tf-2026-999999'.", shown.Error.Trim());
    }

    [Fact]
    public async Task IllegalMove_ExitsWith3AndTheReason()
    {
        await LoginAsync(Party.TJ, Role.Investigator, "tj.karimova");
        var reference = await CreateCaseAsync();

        var move = await RunAsync("cases", "sign-off", reference);
        await RunAsync("cases", "start-investigation", reference);
        var again = await RunAsync("cases", "start-investigation", reference);

        Assert.Equal(4, move.ExitCode); // investigators do not sign off
        Assert.Equal(3, again.ExitCode);
        Assert.Contains("CASE_NOT_IN_INTAKE", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auditor_CreatingACase_ExitsWith4()
    {
        await LoginAsync(Party.RU, Role.Auditor, "ru.auditor");

        var created = await RunAsync("cases", "create", "--name-latin", "X", "--action", "entry-ban", "--allegation", "other");

        Assert.Equal(4, created.ExitCode);
        Assert.Contains("ROLE_NOT_ALLOWED", created.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadInput_ExitsWith1()
    {
        await LoginAsync(Party.TJ, Role.Investigator, "tj.karimova");

        var badEnum = await RunAsync("cases", "list", "--stage", "someday");
        var unknownOption = await RunAsync("cases", "list", "--colour", "red");
        var badField = await RunAsync("cases", "create", "--name-latin", "X", "--date-of-birth", "2099-01-01");

        Assert.Equal((1, 1, 1), (badEnum.ExitCode, unknownOption.ExitCode, badField.ExitCode));
        Assert.Contains("'someday' is not one of", badEnum.Error, StringComparison.Ordinal);
        Assert.Contains("case.subject.date_of_birth", badField.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReviewCreate_WithJson_PrintsTheOperationWithItsProgress()
    {
        await LoginAsync(Party.TJ, Role.Supervisor, "tj.supervisor");

        var created = await RunAsync("reviews", "create", "2026-11", "--json");

        Assert.Equal(0, created.ExitCode);
        var metadata = JsonDocument.Parse(created.Output).RootElement.GetProperty("metadata");
        Assert.Equal("type.googleapis.com/casetracker.v1.MonthlyReviewProgress", metadata.GetProperty("@type").GetString());
        Assert.Equal("reviews/2026-11", metadata.GetProperty("review").GetString());
    }

    [Fact]
    public async Task NotLoggedIn_ExitsWith1_AndLoginToAnUnreachableServer_ExitsWith5_KeepingNothing()
    {
        var notLoggedIn = await RunAsync("cases", "list");
        var unreachable = await RunAsync("login", "--server", "http://unreachable.invalid:1", "--token", _host.TokenFor(Party.TJ, Role.Investigator, "x"));
        var after = await RunAsync("cases", "list");

        Assert.Equal(1, notLoggedIn.ExitCode);
        Assert.Contains("not logged in", notLoggedIn.Error, StringComparison.Ordinal);
        Assert.Equal(5, unreachable.ExitCode);
        Assert.Contains("the server at http://unreachable.invalid:1 does not answer", unreachable.Error, StringComparison.Ordinal);
        Assert.Equal(1, after.ExitCode);
        Assert.Contains("not logged in", after.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WithSomethingThatIsNotAToken_IsRefusedAndKeepsTheLoginThereWas()
    {
        await LoginAsync(Party.TJ, Role.Investigator, "tj.karimova");

        var garbage = await RunAsync("login", "--token", "garbage");
        var whoami = await RunAsync("whoami");

        Assert.Equal(1, garbage.ExitCode);
        Assert.Contains("the token is not a JWT", garbage.Error, StringComparison.Ordinal);
        Assert.Equal(0, whoami.ExitCode);
        Assert.StartsWith("tj.karimova (TJ, investigator)", whoami.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WithATokenFromOtherKeys_SaysTheServerDoesNotTrustThemAndHowToMintOne()
    {
        using var elsewhere = new CaseTrackerHost(); // another data folder: other development keys
        var foreign = elsewhere.TokenFor(Party.TJ, Role.Investigator, "tj.karimova");

        var login = await RunAsync("login", "--token", foreign);
        var after = await RunAsync("cases", "list");

        Assert.Equal(4, login.ExitCode);
        Assert.Contains("not logged in (CREDENTIALS_INVALID): this server does not accept the token", login.Error, StringComparison.Ordinal);
        Assert.Contains("the server's own 'token' command", login.Error, StringComparison.Ordinal);
        Assert.Contains("not logged in", after.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFieldViolation_IsPrintedOnce()
    {
        await LoginAsync(Party.TJ, Role.Investigator, "tj.karimova");

        var created = await RunAsync("cases", "create", "--name-latin", "X", "--date-of-birth", "2099-01-01");

        Assert.Equal(1, created.ExitCode);
        var violation = "case.subject.date_of_birth";
        Assert.Equal(1, created.Error.Split(violation).Length - 1);
    }

    [Fact]
    public async Task WhoAmI_WithJson_NamesEveryKeyInCamelCase_AndAnOlderConfigFileStillReads()
    {
        await LoginAsync(Party.TJ, Role.Investigator, "tj.karimova");
        var file = Directory.EnumerateFiles(_config, "*.json", SearchOption.AllDirectories).Single();
        var login = JsonDocument.Parse(File.ReadAllText(file)).RootElement;
        File.WriteAllText(file, $"{{\"Server\":\"{login.GetProperty("server").GetString()}\",\"Token\":\"{login.GetProperty("token").GetString()}\"}}");

        var whoami = await RunAsync("whoami", "--json");

        Assert.Equal(0, whoami.ExitCode);
        var keys = JsonDocument.Parse(whoami.Output).RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["server", "party", "role", "id", "expires"], keys);
    }

    [Fact]
    public async Task ListsChanges_PagesThroughWhatASnapshotChanged_AndFiltersByKind()
    {
        var registry = _host.ClientFor(Party.RU, Role.MinistrySystem, "ru.mvd");
        V1.PersonRecord Listed(long line, string surname, string passport, V1.RegistryGround ground) =>
            new() { Line = line, Surname = surname, GivenName = "ANVAR", DateOfBirth = "1980-02-02", PassportNumber = passport, Ground = ground };
        async Task SnapshotAsync(string importId, int hour, IEnumerable<V1.PersonRecord> records)
        {
            var header = new V1.PersonListHeader
            {
                ImportId = importId, Kind = V1.PersonListKind.RegistrySnapshot, Title = "Registry",
                AsOfTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(new DateTime(2026, 11, 2, hour, 0, 0, DateTimeKind.Utc)),
            };
            await registry.ImportPersonListAsync(header, [.. records]);
        }
        await SnapshotAsync("cli-1", 0, [Listed(1, "SAFAROV", "411111111", V1.RegistryGround.SojournExpired), Listed(2, "UMAROV", "433333333", V1.RegistryGround.SojournExpired)]);
        // More additions than one page holds (500), so the command pages.
        var added = Enumerable.Range(0, 520).Select(i => Listed(i + 2, $"NEWCOMER{new string((char)('A' + (i % 26)), 1 + (i / 26))}", $"5{i:D8}", V1.RegistryGround.WorkPermitEnded));
        await SnapshotAsync("cli-2", 4, [Listed(1, "UMAROV", "433333333", V1.RegistryGround.CriminalConviction), .. added]);
        await LoginAsync(Party.RU, Role.Supervisor, "ru.ivanova");

        var all = await RunAsync("lists", "changes", "ru-cli-2", "--json");
        var removed = await RunAsync("lists", "changes", "reconciliations/ru-cli-2", "--kind", "removed");
        var moved = await RunAsync("lists", "changes", "ru-cli-2", "--kind", "ground-changed", "--json");
        var wrong = await RunAsync("lists", "changes", "ru-cli-2", "--kind", "sideways");
        var missing = await RunAsync("lists", "changes", "ru-cli-9");

        Assert.True(all.ExitCode == 0, all.Error);
        var kinds = JsonDocument.Parse(all.Output).RootElement.EnumerateArray().Select(c => c.GetProperty("kind").GetString()).ToList();
        Assert.Equal(522, kinds.Count);
        Assert.Equal((520, 1, 1), (kinds.Count(k => k == "KIND_ADDED"), kinds.Count(k => k == "KIND_REMOVED"), kinds.Count(k => k == "KIND_GROUND_CHANGED")));
        Assert.Equal(0, removed.ExitCode);
        Assert.Contains("reconciliations/ru-cli-1/records/1", removed.Output, StringComparison.Ordinal);
        Assert.Contains("1 changes", removed.Output, StringComparison.Ordinal);
        var change = Assert.Single(JsonDocument.Parse(moved.Output).RootElement.EnumerateArray());
        Assert.Equal(("REGISTRY_GROUND_CRIMINAL_CONVICTION", "REGISTRY_GROUND_SOJOURN_EXPIRED"),
            (change.GetProperty("ground").GetString(), change.GetProperty("previousGround").GetString()));
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("added, removed, ground-changed", wrong.Error, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
    }

    [Fact]
    public async Task Help_ListsTheCommandsAndTheExitCodes()
    {
        var help = await RunAsync("--help");

        Assert.Equal(0, help.ExitCode);
        foreach (var command in new[] { "login", "whoami", "cases", "notes", "events", "deadlines", "disclosures", "docs", "verify-log", "lists", "Exit codes" })
        {
            Assert.Contains(command, help.Output, StringComparison.Ordinal);
        }
    }

    public void Dispose()
    {
        _host.Dispose();
        try
        {
            Directory.Delete(_config, recursive: true);
        }
        catch (IOException)
        {
            // Nothing was written, or a leftover temporary folder: harmless.
        }
    }

    [Fact]
    public async Task MembersAddListAndUpdate_KeepTheRoster_AndInboxListsFollowsAndMarksWhatTheMemberMustActOn()
    {
        await LoginAsync(Party.RU, Role.Supervisor, "ru.ivanova");
        var added = await RunAsync("members", "add", "ru.petrov", "--role", "investigator", "--name", "Pyotr Petrov", "--email", "petrov@mvd.example", "--language", "russian");
        var refused = await RunAsync("members", "add", "tj.karimova", "--party", "TJ", "--role", "investigator", "--name", "Dilnoza Karimova", "--language", "tajik");
        var updated = await RunAsync("members", "update", "ru.petrov", "--language", "english", "--email-delivery", "daily-digest");
        var listed = await RunAsync("members", "list", "--json");
        var c = await _host.ClientFor(Party.TJ, Role.Supervisor, "tj.nazarov").CreateAsync();
        await _host.ClientFor(Party.RU, Role.Supervisor, "ru.ivanova").Cases.AssignInvestigatorAsync(new V1.AssignInvestigatorRequest { Name = c.Name, InvestigatorId = "ru.petrov" });

        await LoginAsync(Party.RU, Role.Investigator, "ru.petrov");
        var inbox = await RunAsync("inbox");
        var watching = RunAsync("inbox", "--watch", "--max", "1");
        await Task.Delay(500);
        var second = await _host.ClientFor(Party.TJ, Role.Supervisor, "tj.nazarov").CreateAsync();
        await _host.ClientFor(Party.RU, Role.Supervisor, "ru.ivanova").Cases.AssignInvestigatorAsync(new V1.AssignInvestigatorRequest { Name = second.Name, InvestigatorId = "ru.petrov" });
        var watched = await watching.WaitAsync(TimeSpan.FromSeconds(30));
        var read = await RunAsync("inbox", "read", "1");
        var unread = await RunAsync("inbox", "--unread", "--json");

        Assert.True((added.ExitCode, updated.ExitCode) == (0, 0), added.Error + updated.Error);
        Assert.Equal(4, refused.ExitCode);
        var member = JsonDocument.Parse(listed.Output).RootElement.EnumerateArray().Single();
        Assert.Equal(("ru.petrov", "LANGUAGE_ENGLISH", "EMAIL_DELIVERY_DAILY_DIGEST"),
            (member.GetProperty("userId").GetString(), member.GetProperty("language").GetString(), member.GetProperty("emailDelivery").GetString()));
        Assert.Contains($"Case {c.Reference} assigned to you", inbox.Output, StringComparison.Ordinal);
        Assert.Contains("1 unread", inbox.Output, StringComparison.Ordinal);
        Assert.Equal(0, watched.ExitCode);
        Assert.Contains($"Case {second.Reference} assigned to you", watched.Output, StringComparison.Ordinal);
        Assert.Equal(0, read.ExitCode);
        var left = JsonDocument.Parse(unread.Output).RootElement.EnumerateArray().Select(n => n.GetProperty("caseReference").GetString()).ToList();
        Assert.Equal([second.Reference], left);
    }
}
