using System.Text.RegularExpressions;
using CaseTracker.Cli;
using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;

namespace CaseTracker.Tests.Cli;

/// <summary>What the command line shows a person: tables that fit a terminal, every spelling, the case a change leaves, colour.</summary>
public sealed partial class CliOutputTests : IDisposable
{
    private readonly CaseTrackerHost _host = new();
    private readonly string _config = Path.Combine(Path.GetTempPath(), "casetracker-cli-" + Guid.NewGuid().ToString("N"));

    private sealed record Run(int ExitCode, string Output, string Error);

    /// <summary>Runs the command line as in a terminal <paramref name="width"/> columns wide (null: redirected), coloured or not.</summary>
    private async Task<Run> InTerminalAsync(int? width, bool colour, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(args, new CliEnvironment
        {
            Output = output,
            Error = error,
            ConfigDirectory = _config,
            Width = width,
            Colour = colour,
            Connect = login => CaseTrackerClient.Create(_host.Server.BaseAddress, () => login.Token, _host.Server.CreateHandler()),
        });
        return new Run(code, output.ToString(), error.ToString());
    }

    private Task<Run> RunAsync(params string[] args) => InTerminalAsync(null, false, args);

    private async Task<string> FileAsync(string latin, string russian, string tajik)
    {
        await RunAsync("login", "--server", "http://localhost:5080", "--token", _host.TokenFor(Party.TJ, Role.Investigator, "tj.karimova"));
        var created = await RunAsync("cases", "create", "--json", "--force", "--channel", "hotline", "--name-latin", latin, "--name-russian", russian, "--name-tajik", tajik,
            "--passport", "400123456", "--action", "registry-placement", "--ground", "sojourn-expired", "--region", "Moscow",
            "--allegation", "wrongful-listing-already-left", "--details", "Returned home in 2024.");
        Assert.True(created.ExitCode == 0, created.Error);
        return System.Text.Json.JsonDocument.Parse(created.Output).RootElement.GetProperty("reference").GetString()!;
    }

    /// <summary>A case about Farrukh Rakhmonov, spelt in all three scripts.</summary>
    private Task<string> FileRakhmonovAsync() => FileAsync("RAKHMONOV FARRUKH", "Рахмонов Фаррух", "Раҳмонов Фарруҳ");

    [GeneratedRegex(@"TF-\d{4}-\d{6}")]
    private static partial Regex Reference();

    [GeneratedRegex(@"\u001b\[")]
    private static partial Regex Escape();

    [Fact]
    public async Task CasesList_InAnEightyColumnTerminal_FitsAndNeverWrapsAReference()
    {
        var first = await FileAsync("ABDURAKHMONOVA GULCHEHRA NURULLOEVNA", "Абдурахмонова Гульчехра Нуруллоевна", "Абдураҳмонова Гулчеҳра Нуруллоевна");
        var second = await FileAsync("KHUDOIBERDIEV SAIFULLO", "Худойбердиев Сайфулло", "Худойбердиев Сайфулло");

        var listed = await InTerminalAsync(80, false, "cases", "list");
        var deadlines = await InTerminalAsync(80, false, "deadlines", "list");

        Assert.Equal(0, listed.ExitCode);
        Assert.All(listed.Output.Split('\n').Concat(deadlines.Output.Split('\n')), line => Assert.True(line.TrimEnd('\r').Length <= 80, line));
        Assert.Equal([first, second], Reference().Matches(listed.Output).Select(m => m.Value).Distinct().Order());
        Assert.Equal([first, second], Reference().Matches(deadlines.Output).Select(m => m.Value).Distinct().Order());
    }

    [Fact]
    public async Task CasesShow_ShowsTheSubjectInEverySpellingTheCaseHas()
    {
        var reference = await FileRakhmonovAsync();

        var shown = (await RunAsync("cases", "show", reference)).Output;

        Assert.Equal(
            ["Subject (Latin)    RAKHMONOV FARRUKH", "Subject (Russian)  Рахмонов Фаррух", "Subject (Tajik)    Раҳмонов Фарруҳ"],
            shown.Split('\n').Where(line => line.StartsWith("Subject", StringComparison.Ordinal)).Select(line => line.TrimEnd()));
    }

    [Fact]
    public async Task AChange_PrintsTheCaseItLeaves_NotOnlyAStatusLine()
    {
        var reference = await FileRakhmonovAsync();

        var started = await RunAsync("cases", "start-investigation", reference);
        var asked = await RunAsync("cases", "request-response", reference, "--party", "RU", "--awaited", "The decision file");

        Assert.StartsWith($"{reference}  investigation", started.Output, StringComparison.Ordinal);
        Assert.Matches(@"Subject \(Tajik\)\s+Раҳмонов Фарруҳ", started.Output);
        Assert.Matches(@"Action\s+registry-placement sojourn-expired Moscow", started.Output);
        Assert.Matches(@"Awaiting\s+RU: The decision file", asked.Output);
    }

    [Fact]
    public async Task DeadlinesList_NamesCasesByReference_AndShowsTheFinishedClocksOfClosedCasesOnlyWhenAsked()
    {
        var open = await FileRakhmonovAsync();
        var closed = await FileAsync("NAZAROV FIRUZ", "Назаров Фируз", "Назаров Фирӯз");
        Assert.Equal(0, (await RunAsync("cases", "withdraw", closed, "--reason", "The family withdrew it.")).ExitCode);

        var listed = await RunAsync("deadlines", "list");
        var all = await RunAsync("deadlines", "list", "--include-closed");

        Assert.Equal([open], Reference().Matches(listed.Output).Select(m => m.Value).Distinct());
        Assert.DoesNotContain("cases/", listed.Output, StringComparison.Ordinal);
        Assert.Equal([open, closed], Reference().Matches(all.Output).Select(m => m.Value).Distinct().Order());
    }

    [Fact]
    public async Task CasesHistory_ListsEveryCaseOfThePerson_WhateverTheSpelling()
    {
        var first = await FileRakhmonovAsync();
        var second = await FileAsync("RAHMONOV FARUKH", "Рахмонов Фарух", "Раҳмонов Фарух");
        var stranger = await FileAsync("NAZAROV FIRUZ", "Назаров Фируз", "Назаров Фирӯз");

        var history = await RunAsync("cases", "history", second);

        Assert.Equal(0, history.ExitCode);
        Assert.Equal([second, first], Reference().Matches(history.Output).Select(m => m.Value).Distinct());
        Assert.DoesNotContain(stranger, history.Output, StringComparison.Ordinal);
        Assert.Contains("2 case(s), 0 list record(s)", history.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Colour_OnlyForATerminal_AndNeverWithNoColor()
    {
        var reference = await FileRakhmonovAsync();

        var coloured = await InTerminalAsync(100, true, "cases", "show", reference);
        var plain = await InTerminalAsync(100, false, "cases", "show", reference);

        Assert.Matches(Escape(), coloured.Output);
        Assert.DoesNotMatch(Escape(), plain.Output);
        Assert.Equal(
            (true, false, false, true),
            (CliEnvironment.UseColour(outputRedirected: false, noColor: null), CliEnvironment.UseColour(outputRedirected: true, noColor: null),
             CliEnvironment.UseColour(outputRedirected: false, noColor: "1"), CliEnvironment.UseColour(outputRedirected: false, noColor: "")));
    }

    public void Dispose()
    {
        _host.Dispose();
        if (Directory.Exists(_config))
        {
            Directory.Delete(_config, recursive: true);
        }
    }
}
