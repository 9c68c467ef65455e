using CaseTracker.Server.Cases;
using CaseTracker.Server.Security;
using CaseTracker.Server.Storage;

namespace CaseTracker.Server.Hosting;

/// <summary>
/// <c>token --party TJ --role investigator --name "Dilnoza Karimova" [--id ID] [--hours 12]</c>: prints a
/// bearer token signed with the party's development key, the same key a server with no configured keys
/// uses to check tokens.
/// </summary>
public static class TokenCommand
{
    public static int Run(string[] args)
    {
        var options = Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine(
                "usage: token --party RU|TJ --role investigator|supervisor|co-chair|ministry-system|auditor --name NAME [--id ID] [--hours HOURS] [--data-dir DIR]");
            return 1;
        }
        var storage = new StorageOptions { DataDirectory = options.GetValueOrDefault("data-dir") ?? Environment.GetEnvironmentVariable("Storage__DataDirectory") ?? "data" };
        var keys = TokenKeys.Load(new AuthOptions(), storage);
        if (!Enum.TryParse<Party>(options["party"], ignoreCase: true, out var party) || !Enum.IsDefined(party))
        {
            Console.Error.WriteLine("--party must be RU or TJ");
            return 1;
        }
        if (!RoleNames.TryParse(options["role"], out var role))
        {
            Console.Error.WriteLine($"--role must be one of {RoleNames.All}");
            return 1;
        }
        var name = options["name"];
        var id = options.GetValueOrDefault("id") ?? Slug(name);
        var hours = double.Parse(options.GetValueOrDefault("hours") ?? "12", System.Globalization.CultureInfo.InvariantCulture);
        Console.WriteLine(TokenIssuer.Mint(keys, new AuthOptions().Audience, party, role, id, name, TimeSpan.FromHours(hours), DateTime.UtcNow));
        return 0;
    }

    private static Dictionary<string, string>? Parse(string[] args)
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
        var complete = args.Length % 2 == 0 && options.ContainsKey("party") && options.ContainsKey("role") && options.ContainsKey("name");
        return complete ? options : null;
    }

    private static string Slug(string name) =>
        string.Concat(name.Trim().ToLowerInvariant().Select(ch => char.IsLetterOrDigit(ch) ? ch : '.')).Trim('.');
}
