using System.Text.Json;
using CaseTracker.Client;

namespace CaseTracker.Cli;

/// <summary>Where the command line writes, where it keeps its login, and how it reaches the server.</summary>
public sealed class CliEnvironment
{
    public required TextWriter Output { get; init; }

    public required TextWriter Error { get; init; }

    /// <summary>The folder of <c>config.json</c> (the server address and token), readable by its owner only.</summary>
    public required string ConfigDirectory { get; init; }

    /// <summary>Whether a person watches the output (progress is then shown).</summary>
    public bool Interactive { get; init; }

    /// <summary>The columns tables fit in: the terminal's width; null lays out wide (200), as for a file or a pipe.</summary>
    public int? Width { get; init; }

    /// <summary>Whether output is coloured: only for a terminal, and never when NO_COLOR is set (<see cref="UseColour"/>).</summary>
    public bool Colour { get; init; }

    /// <summary>Colour for a terminal only, and not when <c>NO_COLOR</c> holds anything (no-color.org).</summary>
    public static bool UseColour(bool outputRedirected, string? noColor) => !outputRedirected && string.IsNullOrEmpty(noColor);

    /// <summary>Asks the person at the terminal a yes-or-no question; null when no one can answer (input redirected, tests).</summary>
    public Func<string, bool>? Confirm { get; init; }

    /// <summary>Opens a client for a login; tests pass one that talks to an in-memory server.</summary>
    public Func<CliLogin, CaseTrackerClient> Connect { get; init; } = login => CaseTrackerClient.Create(new Uri(login.Server), () => login.Token);

    public static CliEnvironment FromConsole() => new()
    {
        Output = Console.Out,
        Error = Console.Error,
        Interactive = !Console.IsOutputRedirected,
        Width = Console.IsOutputRedirected ? null : Math.Max(Console.WindowWidth, 40),
        Colour = UseColour(Console.IsOutputRedirected, Environment.GetEnvironmentVariable("NO_COLOR")),
        Confirm = Console.IsInputRedirected ? null : question =>
        {
            Console.Error.Write(question);
            return Console.ReadLine()?.Trim().ToLowerInvariant() is "y" or "yes";
        },
        ConfigDirectory = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.Create), "casetracker"),
    };

    public string ConfigPath => Path.Combine(ConfigDirectory, "config.json");

    public CliLogin? LoadLogin() =>
        File.Exists(ConfigPath) ? JsonSerializer.Deserialize(File.ReadAllText(ConfigPath), CliJsonContext.Default.CliLogin) : null;

    public void SaveLogin(CliLogin login)
    {
        Directory.CreateDirectory(ConfigDirectory);
        var temporary = ConfigPath + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(login, CliJsonContext.Default.CliLogin));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.Move(temporary, ConfigPath, overwrite: true);
    }
}

/// <summary>The server and the bearer token the command line uses.</summary>
public sealed record CliLogin(string Server, string Token);
