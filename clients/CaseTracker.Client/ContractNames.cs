using System.Collections.Frozen;
using Google.Protobuf.Reflection;

namespace CaseTracker.Client;

/// <summary>
/// The contract's own names of enum values (<c>CASE_EVENT_TYPE_CASE_CREATED</c>, <c>PARTY_TJ</c>), as the
/// event log stores and hashes them and as filters take them, read once per enum from the generated code.
/// </summary>
public static class ContractNames
{
    /// <summary>The contract's name of a generated enum value.</summary>
    /// <typeparam name="TEnum">A generated enum.</typeparam>
    /// <param name="value">The value; an undefined number gives the enum's zero (unspecified) name.</param>
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        Names<TEnum>.ByValue.TryGetValue(value, out var name) ? name : Names<TEnum>.ByValue[default];

    /// <summary>The generated enum value with this contract name.</summary>
    /// <typeparam name="TEnum">A generated enum.</typeparam>
    /// <param name="name">The contract name, for example <c>STAGE_INVESTIGATION</c>.</param>
    /// <param name="value">The value, or the enum's zero when the name is unknown.</param>
    public static bool TryParse<TEnum>(string name, out TEnum value)
        where TEnum : struct, Enum =>
        Names<TEnum>.ByName.TryGetValue(name, out value);

    /// <summary>The contract names of an enum's values other than zero (unspecified).</summary>
    /// <typeparam name="TEnum">A generated enum.</typeparam>
    public static IEnumerable<string> Specified<TEnum>()
        where TEnum : struct, Enum =>
        Names<TEnum>.ByValue.Where(pair => !pair.Key.Equals(default(TEnum))).Select(pair => pair.Value);

    private static class Names<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly FrozenDictionary<TEnum, string> ByValue = Enum.GetValues<TEnum>().ToFrozenDictionary(
            value => value,
            value => typeof(TEnum).GetField(value.ToString())!.GetCustomAttributes(typeof(OriginalNameAttribute), false)
                .OfType<OriginalNameAttribute>().Single().Name);

        public static readonly FrozenDictionary<string, TEnum> ByName =
            ByValue.ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);
    }
}
