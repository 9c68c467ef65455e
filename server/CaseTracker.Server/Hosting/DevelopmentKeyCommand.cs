using CaseTracker.Server.Cases;
using CaseTracker.Server.Security;
using CaseTracker.Server.Storage;

namespace CaseTracker.Server.Hosting;

/// <summary>
/// <c>dev-key --party TJ [--data-dir DIR]</c>: adds a development key for a party under <c>data/dev-keys/</c>. A
/// running server accepts it within a second, the <c>token</c> command signs with it from now on, and tokens
/// signed with the older keys keep working until their file is deleted.
/// </summary>
public static class DevelopmentKeyCommand
{
    public static int Run(string[] args)
    {
        var options = CommandOptions.Parse(args);
        if (options is null || !options.TryGetValue("party", out var partyName))
        {
            Console.Error.WriteLine("usage: dev-key --party RU|TJ [--data-dir DIR]");
            return 1;
        }
        if (!Enum.TryParse<Party>(partyName, ignoreCase: true, out var party) || !Enum.IsDefined(party))
        {
            Console.Error.WriteLine("--party must be RU or TJ");
            return 1;
        }
        var folder = new DevelopmentKeyFolder(DevelopmentKeyFolder.PathUnder(CommandOptions.Storage(options)));
        var keyId = folder.AddKey(party, DateTime.UtcNow);
        Console.WriteLine($"added development key '{keyId}' for {party}: new tokens are signed with it; delete dev-keys/{keyId}.pem to retire it");
        return 0;
    }
}

/// <summary>The <c>--name value</c> options of the server's commands.</summary>
public static class CommandOptions
{
    /// <summary>The options, or null when an argument is not a <c>--name value</c> pair.</summary>
    public static Dictionary<string, string>? Parse(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                return null;
            }
            options[args[i][2..]] = args[i + 1];
        }
        return args.Length % 2 == 0 ? options : null;
    }

    /// <summary>The record to use: <c>--data-dir</c>, or the server's own <c>Storage__*</c> environment variables.</summary>
    public static StorageOptions Storage(Dictionary<string, string> options) => new()
    {
        DataDirectory = options.GetValueOrDefault("data-dir") ?? Environment.GetEnvironmentVariable("Storage__DataDirectory") ?? "data",
        Provider = Enum.TryParse<StorageProvider>(Environment.GetEnvironmentVariable("Storage__Provider"), ignoreCase: true, out var provider)
            ? provider
            : StorageProvider.Sqlite,
        ConnectionString = Environment.GetEnvironmentVariable("Storage__ConnectionString") ?? string.Empty,
    };
}
