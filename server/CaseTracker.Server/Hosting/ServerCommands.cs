using System.CommandLine;
using CaseTracker.Server.Storage;

namespace CaseTracker.Server.Hosting;

/// <summary>
/// The server's subcommands (<c>token</c>, <c>dev-key</c>, <c>export-log</c>, <c>verify-log</c>, <c>seed-demo</c>),
/// parsed by System.CommandLine as the investigators' command line is: each answers <c>--help</c>, and a missing or
/// wrong option is a usage error (exit 1) that says which. Without a subcommand the program serves.
/// </summary>
public static class ServerCommands
{
    public static readonly Option<string?> DataDirectory = new("--data-dir")
    {
        Description = "The server's data folder, whose keys and record to use (default: Storage__DataDirectory, else ./data).",
    };

    public static RootCommand Root()
    {
        var root = new RootCommand("The CaseTracker server. With no subcommand it serves (settings as --Section:Key=value, see the README); "
            + "the subcommands work on its data folder.");
        foreach (var command in new[]
        {
            TokenCommand.Create(), DevelopmentKeyCommand.Create(), Audit.LogCommands.ExportCommand(), Audit.LogCommands.VerifyCommand(),
            Demo.SeedDemoCommand.Create(),
        })
        {
            root.Subcommands.Add(command);
        }
        return root;
    }

    /// <summary>Whether <paramref name="args"/> name a subcommand (or ask for help) rather than settings for serving.</summary>
    public static bool IsCommand(string[] args) =>
        args is [var first, ..] && (first is "--help" or "-h" or "-?" || Root().Subcommands.Any(command => command.Name == first));

    public static Task<int> RunAsync(string[] args) => Root().Parse(args).InvokeAsync();

    /// <summary>The record to use: <c>--data-dir</c>, or the server's own <c>Storage__*</c> environment variables.</summary>
    public static StorageOptions Storage(ParseResult result) => new()
    {
        DataDirectory = result.GetValue(DataDirectory) ?? Environment.GetEnvironmentVariable("Storage__DataDirectory") ?? "data",
        Provider = Enum.TryParse<StorageProvider>(Environment.GetEnvironmentVariable("Storage__Provider"), ignoreCase: true, out var provider)
            ? provider
            : StorageProvider.Sqlite,
        ConnectionString = Environment.GetEnvironmentVariable("Storage__ConnectionString") ?? string.Empty,
    };

    /// <summary>An option naming a party, RU or TJ (either case).</summary>
    public static Option<string> PartyOption(string description)
    {
        var option = new Option<string>("--party") { Description = description, Required = true };
        option.Validators.Add(result =>
        {
            if (ParseParty(result.GetValueOrDefault<string>()) is null)
            {
                result.AddError("--party must be RU or TJ");
            }
        });
        return option;
    }

    public static Cases.Party? ParseParty(string? name) =>
        Enum.TryParse<Cases.Party>(name, ignoreCase: true, out var party) && Enum.IsDefined(party) ? party : null;
}
