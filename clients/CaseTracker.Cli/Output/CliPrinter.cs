using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CaseTracker.Client;
using CaseTracker.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace CaseTracker.Cli.Output;

/// <summary>
/// Everything the command line shows: a table or a line for a person, JSON for a script (<c>--json</c>), a
/// spinner while a person waits, and an error as one line carrying the reason code.
/// </summary>
public sealed class CliPrinter
{
    private readonly CliEnvironment _env;
    private readonly IAnsiConsole _console;

    public CliPrinter(CliEnvironment env)
    {
        _env = env;
        _console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(env.Output),
            Ansi = env.Colour ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = env.Colour ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = env.Interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        // Output that is not a terminal (a file, a pipe, a test) is laid out wide, so tables do not wrap.
        _console.Profile.Width = env.Width ?? 200;
    }

    /// <summary>The columns that hold a case reference: never wrapped, whatever the terminal's width.</summary>
    private static readonly HashSet<string> ReferenceColumns = ["Reference", "Case"];

    /// <summary>
    /// Messages as JSON, with every message of the contract known, so an operation's <c>metadata</c> and
    /// <c>response</c> (a <c>google.protobuf.Any</c>) print as what they hold.
    /// </summary>
    public static readonly JsonFormatter Protobuf = new(JsonFormatter.Settings.Default.WithTypeRegistry(
        TypeRegistry.FromFiles(CaseServiceReflection.Descriptor, ReviewReflection.Descriptor, ReconciliationReflection.Descriptor, OperationReflection.Descriptor)));

    /// <summary>The root's <c>--json</c>, seen by every command.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Print JSON for scripts instead of tables.", Recursive = true };

    public bool IsJson(ParseResult result) => result.GetValue(Json);

    /// <summary>A line of output as it is.</summary>
    public Task LineAsync(string line) => _env.Output.WriteLineAsync(line);

    /// <summary>The message as JSON with <c>--json</c>, else the line.</summary>
    public Task PrintAsync(ParseResult result, IMessage message, string line) =>
        LineAsync(IsJson(result) ? Protobuf.Format(message) : line);

    /// <summary>The value as JSON with <c>--json</c>, else the line.</summary>
    public Task PrintAsync<T>(ParseResult result, T value, JsonTypeInfo<T> json, string line) =>
        LineAsync(IsJson(result) ? JsonSerializer.Serialize(value, json) : line);

    /// <summary>Messages as one JSON array with <c>--json</c> (and true), else nothing (and false).</summary>
    public async Task<bool> TryPrintJsonAsync<T>(ParseResult result, IEnumerable<T> messages)
        where T : IMessage
    {
        if (!IsJson(result))
        {
            return false;
        }
        await LineAsync(JsonArray(messages));
        return true;
    }

    public void Write(IRenderable renderable) => _console.Write(renderable);

    /// <summary>A table of <paramref name="items"/>, a row each.</summary>
    public void WriteTable<T>(IEnumerable<T> items, string[] columns, Func<T, string[]> row, string? title = null)
    {
        var table = new Table().AddColumns([.. columns.Select(name => ReferenceColumns.Contains(name) ? new TableColumn(name).NoWrap() : new TableColumn(name))]);
        if (title is not null)
        {
            table.Title(title);
        }
        foreach (var item in items)
        {
            table.AddRow(row(item));
        }
        _console.Write(table);
    }

    /// <summary>
    /// A case as JSON, or its headline and what it now is: the subject in every spelling the case has, the action,
    /// who leads it, what it awaits, its outcome and links. <paramref name="brief"/> leaves out the passport and
    /// allegations, for the summary a change prints.
    /// </summary>
    public async Task CaseAsync(ParseResult result, Case c, bool brief)
    {
        if (IsJson(result))
        {
            await LineAsync(Protobuf.Format(c));
            return;
        }
        _console.MarkupLine($"[bold]{Markup.Escape(c.Reference)}[/]  {Stage(c.Stage)}  {EnumText.Short(c.Priority)}  filed by {EnumText.Short(c.FilingParty)}  etag {Markup.Escape(c.Etag)}");
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        foreach (var (label, name) in Spellings(c.Subject))
        {
            grid.AddRow(label, Markup.Escape(name));
        }
        if (!brief)
        {
            grid.AddRow("Passport", c.RedactedFields.Contains("subject.passport_number") ? "(withheld)" : Markup.Escape(c.Subject.PassportNumber));
        }
        grid.AddRow("Action", c.EnforcementAction is null ? "" : Markup.Escape($"{EnumText.Short(c.EnforcementAction.Type)} {EnumText.Short(c.EnforcementAction.RegistryGround)} {c.EnforcementAction.Region}".Trim()));
        if (!brief)
        {
            grid.AddRow("Allegations", string.Join(", ", c.Allegations.Select(a => EnumText.Short(a))));
        }
        grid.AddRow("Leads", Markup.Escape(string.Join(", ", c.LeadInvestigators.Select(l => Person(l.InvestigatorId, l.Party)))));
        grid.AddRow("Awaiting", c.AwaitingResponse is null ? "" : Markup.Escape($"{EnumText.Short(c.AwaitingResponse.Party)}: {c.AwaitingResponse.Awaited}"));
        grid.AddRow("Outcome", EnumText.Short(c.Outcome));
        grid.AddRow("Links", Markup.Escape(string.Join(", ", c.Links.Select(l => $"{EnumText.Short(l.Kind)} {l.Case["cases/".Length..].ToUpperInvariant()}"))));
        _console.Write(grid);
    }

    /// <summary>The subject's names the case has, one per script: Latin, Russian, Tajik (names are never withheld).</summary>
    private static IEnumerable<(string Label, string Name)> Spellings(Subject s) =>
        new[] { ("Subject (Latin)", s.NameLatin), ("Subject (Russian)", s.NameRussian), ("Subject (Tajik)", s.NameTajik) }.Where(n => n.Item2.Length > 0);

    /// <summary>A stage as markup, coloured where colour is on: closed dimmed, resolution green, the others plain.</summary>
    public static string Stage(Stage stage) => stage switch
    {
        V1.Stage.Closed => $"[dim]{EnumText.Short(stage)}[/]",
        V1.Stage.Resolution => $"[green]{EnumText.Short(stage)}[/]",
        _ => EnumText.Short(stage),
    };

    /// <summary>A clock's state as markup: warned yellow, escalated red, finished dimmed.</summary>
    public static string State(DeadlineState state) => state switch
    {
        DeadlineState.Warned => $"[yellow]{EnumText.Short(state)}[/]",
        DeadlineState.EscalatedLevel1 or DeadlineState.EscalatedLevel2 => $"[red]{EnumText.Short(state)}[/]",
        DeadlineState.Met or DeadlineState.Cancelled => $"[dim]{EnumText.Short(state)}[/]",
        _ => EnumText.Short(state),
    };

    /// <summary>A review: its state, files and signatures, or the review as JSON.</summary>
    public async Task ReviewAsync(ParseResult result, MonthlyReview review)
    {
        if (IsJson(result))
        {
            await LineAsync(Protobuf.Format(review));
            return;
        }
        await LineAsync($"{review.Name}  {EnumText.Short(review.State)}  as of event {review.AsOfSequence}  manifest sha256 {review.ManifestSha256}");
        foreach (var file in review.Files)
        {
            await LineAsync($"  {file.FileName,-16} {file.SizeBytes,10} bytes  {file.Sha256}");
        }
        foreach (var signature in review.Signatures)
        {
            await LineAsync($"  signed for {EnumText.Short(signature.Party)} by {signature.Signer} ({EnumText.Short(signature.Role)}) at {signature.SignTime.ToDateTime():yyyy-MM-dd HH:mm}");
        }
    }

    /// <summary>The subject's name in the first script the case has it in.</summary>
    public static string SubjectName(Subject s) => new[] { s.NameLatin, s.NameRussian, s.NameTajik }.FirstOrDefault(n => n.Length > 0) ?? "";

    /// <summary>Shows a spinner while <paramref name="work"/> runs, for a person at a terminal; nothing for scripts.</summary>
    public async Task WithProgressAsync(ParseResult result, string what, Func<Task> work)
    {
        if (!_env.Interactive || IsJson(result))
        {
            await work();
            return;
        }
        await _console.Status().StartAsync(what, _ => work());
    }

    /// <summary>An error: one line on the error output.</summary>
    public Task ErrorAsync(string message) => _env.Error.WriteLineAsync($"error: {message}");

    /// <summary>A server's refusal: its status, its reason code, and the fields it names.</summary>
    public Task ErrorAsync(CaseTrackerException error)
    {
        // A violation the message already states is not repeated after it.
        var unsaid = error.FieldViolations.Select(v => $"{v.Field}: {v.Description}").Where(v => !error.Status.Detail.Contains(v, StringComparison.Ordinal)).ToList();
        var fields = unsaid.Count == 0 ? "" : " (" + string.Join("; ", unsaid) + ")";
        return ErrorAsync($"{error.StatusCode} {error.Reason}: {error.Status.Detail}{fields}");
    }

    public Task ErrorAsync(RpcException error) => ErrorAsync($"{error.StatusCode}: {error.Status.Detail}");

    public static string JsonArray<T>(IEnumerable<T> messages)
        where T : IMessage => "[" + string.Join(",", messages.Select(m => Protobuf.Format(m))) + "]";

    /// <summary>A time as the tables show it.</summary>
    public static string Minutes(Google.Protobuf.WellKnownTypes.Timestamp time) => time.ToDateTime().ToString("yyyy-MM-dd HH:mm");

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Someone and their party: tj.karimova (TJ).</summary>
    public static string Person(string id, Party party) => $"{id} ({EnumText.Short(party)})";
}
