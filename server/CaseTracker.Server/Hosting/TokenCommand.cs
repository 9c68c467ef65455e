using CaseTracker.Server.Cases;
using CaseTracker.Server.Security;

namespace CaseTracker.Server.Hosting;

/// <summary>
/// <c>token --party TJ --role investigator --name "Dilnoza Karimova" [--id ID] [--hours 12]</c>: prints a
/// bearer token signed with the party's newest development key (its key ID in the token's header), one of
/// the keys a server with no configured keys checks tokens with.
/// </summary>
public static class TokenCommand
{
    public static int Run(string[] args)
    {
        var options = CommandOptions.Parse(args);
        if (options is null || !options.ContainsKey("party") || !options.ContainsKey("role") || !options.ContainsKey("name"))
        {
            Console.Error.WriteLine(
                "usage: token --party RU|TJ --role investigator|supervisor|co-chair|ministry-system|auditor --name NAME [--id ID] [--hours HOURS] [--data-dir DIR]");
            return 1;
        }
        var keys = TokenKeys.Load(new AuthOptions(), CommandOptions.Storage(options));
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
        // On stderr, so that $(token ...) keeps only the token: which keys signed it, as a server on another
        // folder would refuse it.
        Console.Error.WriteLine($"signed with the development key '{keys.DevelopmentSigningKey(party)!.KeyId}' in "
            + $"{DevelopmentKeyFolder.PathUnder(CommandOptions.Storage(options))}; a server accepts it only if it uses that data folder");
        return 0;
    }

    internal static string Slug(string name) =>
        string.Concat(name.Trim().ToLowerInvariant().Select(ch => char.IsLetterOrDigit(ch) ? ch : '.')).Trim('.');
}
