using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CaseTracker.V1;

namespace CaseTracker.Client.Audit;

/// <summary>
/// The canonical encoding of a disclosure, as documented on <c>casetracker.v1.Disclosure</c>: the server chains
/// the disclosure log with it, and an auditor checks a page of <c>ListDisclosures</c> with it.
/// </summary>
public static class DisclosureHashing
{
    /// <summary>The lowercase hex SHA-256 of a disclosure's canonical text.</summary>
    /// <param name="sequence">The disclosure's sequence number.</param>
    /// <param name="discloseTime">When it was made (UTC); only whole microseconds count.</param>
    /// <param name="callerParty">The caller's party enum value name, for example <c>PARTY_RU</c>.</param>
    /// <param name="caller">The caller's user ID.</param>
    /// <param name="callerRole">The caller's role enum value name, for example <c>ROLE_INVESTIGATOR</c>.</param>
    /// <param name="caseName">The case, <c>cases/{case}</c>, or empty.</param>
    /// <param name="record">The list record, <c>reconciliations/{reconciliation}/records/{line}</c>, or empty.</param>
    /// <param name="fields">The fields shown.</param>
    /// <param name="method">The method whose response showed them.</param>
    /// <param name="previousHash">The previous disclosure's hash; <see cref="CaseEventHashing.Genesis"/> for the first.</param>
    public static string Compute(
        long sequence, DateTime discloseTime, string callerParty, string caller, string callerRole,
        string caseName, string record, IEnumerable<string> fields, string method, string previousHash)
    {
        var canonical = new StringBuilder("casetracker.v1 disclosure\n")
            .Append(sequence.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(CaseEventHashing.FormatTime(discloseTime)).Append('\n')
            .Append(callerParty).Append('\n')
            .Append(Escaped(caller)).Append('\n')
            .Append(callerRole).Append('\n')
            .Append(Escaped(caseName)).Append('\n')
            .Append(Escaped(record)).Append('\n')
            .Append(Escaped(string.Join(',', fields))).Append('\n')
            .Append(Escaped(method)).Append('\n')
            .Append(previousHash).Append('\n')
            .ToString();
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))).ToLowerInvariant();
    }

    /// <summary>Recomputes the hash of a disclosure as received from the service.</summary>
    /// <param name="d">The disclosure.</param>
    public static string Compute(Disclosure d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return Compute(d.Sequence, d.DiscloseTime.ToDateTime(), ContractNames.Of(d.CallerParty), d.Caller, ContractNames.Of(d.CallerRole),
            d.Case, d.Record, d.Fields, d.Method, d.PreviousHash);
    }

    /// <summary>Free text kept on one line of the canonical text: backslash and line feed escaped.</summary>
    private static string Escaped(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
