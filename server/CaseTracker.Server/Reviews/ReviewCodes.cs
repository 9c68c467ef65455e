using System.Collections.Concurrent;
using CaseTracker.Client;

namespace CaseTracker.Server.Reviews;

/// <summary>
/// The codes the review files use: the contract's enum value names without the enum's prefix
/// (<c>INVESTIGATION</c>, <c>EXPULSION_ORDER</c>). The event payload holds the domain's names
/// (<c>Investigation</c>), which share the contract's numbers.
/// </summary>
public static class ReviewCodes
{
    private static readonly ConcurrentDictionary<(Type, string), string> Cache = new();

    public static string Stage(string domainName) => Code<Cases.Stage, V1.Stage>(domainName);

    public static string Outcome(string domainName) => Code<Cases.Outcome, V1.Outcome>(domainName);

    public static string Party(string domainName) => Code<Cases.Party, V1.Party>(domainName);

    public static string Channel(string domainName) => Code<Cases.IntakeChannel, V1.IntakeChannel>(domainName);

    public static string Priority(string domainName) => Code<Cases.Priority, V1.Priority>(domainName);

    public static string EnforcementAction(string domainName) => Code<Cases.EnforcementActionType, V1.EnforcementActionType>(domainName);

    public static string RegistryGround(string domainName) => Code<Cases.RegistryGround, V1.RegistryGround>(domainName);

    /// <summary>A document kind as an event carries it (<c>DOCUMENT_KIND_TRAVEL_PROOF</c>), as a code (<c>TRAVEL_PROOF</c>).</summary>
    public static string DocumentKind(string contractName) => Short<V1.DocumentKind>(contractName);

    /// <summary>A comma-separated list of allegation names, as codes separated by <c>;</c>.</summary>
    public static string Allegations(string domainNames) => List<Cases.AllegationCode, V1.AllegationCode>(domainNames);

    public static string UrgencyReasons(string domainNames) => List<Cases.UrgencyReason, V1.UrgencyReason>(domainNames);

    /// <summary>The code lists' version: the contract package and a digest of every code the review can use.</summary>
    public static string CodeListVersion { get; } = "casetracker.v1/" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
        System.Text.Encoding.UTF8.GetBytes(string.Join('\n',
            ContractNames.Specified<V1.Stage>()
                .Concat(ContractNames.Specified<V1.Outcome>())
                .Concat(ContractNames.Specified<V1.Party>())
                .Concat(ContractNames.Specified<V1.IntakeChannel>())
                .Concat(ContractNames.Specified<V1.Priority>())
                .Concat(ContractNames.Specified<V1.UrgencyReason>())
                .Concat(ContractNames.Specified<V1.EnforcementActionType>())
                .Concat(ContractNames.Specified<V1.RegistryGround>())
                .Concat(ContractNames.Specified<V1.AllegationCode>())
                .Concat(ContractNames.Specified<V1.DocumentKind>())))))[..12];

    /// <summary>Every code of a contract enum other than its zero, in the contract's order.</summary>
    public static IEnumerable<string> All<TContract>()
        where TContract : struct, Enum =>
        ContractNames.Specified<TContract>().Select(Short<TContract>);

    /// <summary>A contract name without its enum's prefix: <c>STAGE_INVESTIGATION</c> → <c>INVESTIGATION</c>.</summary>
    private static string Short<TContract>(string name)
        where TContract : struct, Enum
    {
        var unspecified = ContractNames.Of(default(TContract));
        var prefix = unspecified[..(unspecified.Length - "UNSPECIFIED".Length)];
        return name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name;
    }

    private static string List<TDomain, TContract>(string domainNames)
        where TDomain : struct, Enum
        where TContract : struct, Enum =>
        domainNames.Length == 0
            ? string.Empty
            : string.Join(';', domainNames.Split(',').Select(Code<TDomain, TContract>));

    private static string Code<TDomain, TContract>(string domainName)
        where TDomain : struct, Enum
        where TContract : struct, Enum =>
        domainName.Length == 0 ? string.Empty : Cache.GetOrAdd((typeof(TDomain), domainName), key =>
        {
            if (!Enum.TryParse<TDomain>(key.Item2, out var value))
            {
                return key.Item2;
            }
            return Short<TContract>(ContractNames.Of((TContract)(object)Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)));
        });
}
