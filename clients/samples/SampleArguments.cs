// Shared by both ministry samples (linked into each project): the command-line arguments they take.
internal sealed record Arguments(string Address, string Token, int Seconds)
{
    public static Arguments Parse(string[] args)
    {
        string Value(string name, string? fallback) =>
            Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1]
            : fallback ?? throw new ArgumentException($"{name} is required (a token minted with --role ministry-system).");
        return new Arguments(
            Value("--address", "http://localhost:5080"),
            Value("--token", Environment.GetEnvironmentVariable("CASETRACKER_TOKEN")),
            int.Parse(Value("--seconds", "10"), System.Globalization.CultureInfo.InvariantCulture));
    }
}
