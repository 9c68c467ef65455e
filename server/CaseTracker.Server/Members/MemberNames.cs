using System.Text.RegularExpressions;
using CaseTracker.Server.Cases;

namespace CaseTracker.Server.Members;

/// <summary>Members' resource names: <c>parties/{RU|TJ}/members/{user_id}</c>; a party is <c>parties/{RU|TJ}</c>, both <c>parties/-</c>.</summary>
public static partial class MemberNames
{
    public const int MaxUserIdLength = 64;

    public static string Format(Party party, string userId) => $"parties/{party}/members/{userId}";

    public static (Party Party, string UserId)? TryParse(string name) =>
        name.Split('/') is ["parties", var party, "members", var id] && TryParty(party) is { } p && IsUserId(id) ? (p, id) : null;

    /// <summary>The party a parent names; null for <c>parties/-</c>; throws nothing, returns false when it is neither.</summary>
    public static bool TryParseParent(string parent, bool allowBoth, out Party? party)
    {
        party = null;
        if (parent.Split('/') is not ["parties", var value])
        {
            return false;
        }
        if (value == "-")
        {
            return allowBoth;
        }
        party = TryParty(value);
        return party is not null;
    }

    public static bool IsUserId(string id) => id.Length is > 0 and <= MaxUserIdLength && UserIdPattern().IsMatch(id);

    private static Party? TryParty(string value) => value switch
    {
        "RU" => Party.RU,
        "TJ" => Party.TJ,
        _ => null,
    };

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex UserIdPattern();
}
