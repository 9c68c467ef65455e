using System.Text.RegularExpressions;

namespace CaseTracker.Server.Grpc;

/// <summary>
/// Checks request fields and reports every bad one at once, as <c>BadRequest</c> field violations. Field
/// paths are the request's own (<c>case.subject.date_of_birth</c>).
/// </summary>
public sealed partial class RequestValidator(TimeProvider clock)
{
    public const int MaxNameLength = 200;
    public const int MaxShortText = 200;
    public const int MaxReasonLength = 2_000;
    public const int MaxDetailsLength = 10_000;
    public const int MaxFindingsLength = 20_000;
    public const int MaxRequestIdLength = 64;

    private readonly List<FieldViolation> _violations = [];

    public RequestValidator Add(string field, string description)
    {
        _violations.Add(new FieldViolation(field, description));
        return this;
    }

    /// <summary>Throws INVALID_ARGUMENT with every violation found so far, if any.</summary>
    public void ThrowIfInvalid()
    {
        if (_violations.Count > 0)
        {
            throw ApiException.InvalidRequest(_violations);
        }
    }

    public RequestValidator RequestId(string requestId) =>
        MaxLength("request_id", requestId, MaxRequestIdLength);

    public RequestValidator CaseName(string field, string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return Add(field, "required: a case name such as cases/tf-2026-000123");
        }
        return Cases.CaseNames.TryParse(name) is null
            ? Add(field, "must be a case name such as cases/tf-2026-000123 or cases/TF-2026-000123")
            : this;
    }

    public RequestValidator RequiredText(string field, string value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Add(field, "required");
        }
        return MaxLength(field, value, maxLength);
    }

    /// <summary>
    /// At most <paramref name="maxLength"/> characters, and none that hides or reorders text: control characters
    /// (line breaks and tabs only where <paramref name="lineBreaks"/>), invisible formatting characters such as
    /// zero-width spaces and text-direction marks and overrides, and broken surrogate pairs.
    /// </summary>
    public RequestValidator MaxLength(string field, string value, int maxLength, bool lineBreaks = true)
    {
        if (value.Length > maxLength)
        {
            return Add(field, $"at most {maxLength} characters (got {value.Length})");
        }
        return HasHiddenCharacters(value, lineBreaks)
            ? Add(field, "must not contain control, invisible or text-direction characters")
            : this;
    }

    /// <summary>Whether <paramref name="value"/> holds a character <see cref="MaxLength"/> refuses.</summary>
    internal static bool HasHiddenCharacters(string value, bool lineBreaks) => WithoutHiddenCharacters(value, lineBreaks).Length != value.Length;

    /// <summary><paramref name="value"/> without the characters <see cref="MaxLength"/> refuses: what is kept of a bad value that must still be stored.</summary>
    internal static string WithoutHiddenCharacters(string value, bool lineBreaks)
    {
        System.Text.StringBuilder? kept = null;
        for (var i = 0; i < value.Length; i++)
        {
            var ch = value[i];
            if (char.IsHighSurrogate(ch) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                kept?.Append(ch).Append(value[i + 1]);
                i++;
                continue;
            }
            var category = char.GetUnicodeCategory(ch);
            var hidden = category is System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.Surrogate
                || (category == System.Globalization.UnicodeCategory.Control && !(lineBreaks && ch is '\n' or '\r' or '\t'));
            if (hidden)
            {
                kept ??= new System.Text.StringBuilder(value, 0, i, value.Length);
            }
            else
            {
                kept?.Append(ch);
            }
        }
        return kept?.ToString() ?? value;
    }

    /// <summary>
    /// A duration as the protobuf rules define one (seconds and nanos of the same sign, nanos within a second, at most
    /// 10,000 years): anything else cannot be read as a time span. Absent is fine.
    /// </summary>
    public RequestValidator Normalized(string field, Google.Protobuf.WellKnownTypes.Duration? value) =>
        value is null || IsNormalized(value)
            ? this
            : Add(field, "not a valid duration: seconds and nanos of the same sign, nanos between -999,999,999 and 999,999,999");

    /// <summary>Whether <paramref name="value"/> can be read as a time span (see <see cref="Normalized(string, Google.Protobuf.WellKnownTypes.Duration?)"/>).</summary>
    public static bool IsNormalized(Google.Protobuf.WellKnownTypes.Duration value) =>
        Math.Abs(value.Seconds) <= Google.Protobuf.WellKnownTypes.Duration.MaxSeconds
        && Math.Abs(value.Nanos) < Google.Protobuf.WellKnownTypes.Duration.NanosecondsPerSecond
        && (value.Seconds == 0 || value.Nanos == 0 || (value.Seconds < 0) == (value.Nanos < 0));

    /// <summary>A timestamp as the protobuf rules define one (nanos within a second, from 0001-01-01 to 9999-12-31). Absent is fine.</summary>
    public RequestValidator Normalized(string field, Google.Protobuf.WellKnownTypes.Timestamp? value) =>
        value is null || (value.Nanos is >= 0 and < 1_000_000_000 && value.Seconds is >= -62_135_596_800 and <= 253_402_300_799)
            ? this
            : Add(field, "not a valid timestamp: nanos between 0 and 999,999,999, a time from 0001-01-01 to 9999-12-31");

    public RequestValidator DefinedEnum<TEnum>(string field, TEnum value, bool required = true)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            return Add(field, $"unknown value {Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)}");
        }
        if (required && Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return Add(field, "required");
        }
        return this;
    }

    /// <summary>The fields of a case a caller may set: on create, and on the merged result of an update.</summary>
    public RequestValidator Details(string prefix, V1.Case c)
    {
        DefinedEnum($"{prefix}.intake_channel", c.IntakeChannel);
        DefinedEnum($"{prefix}.priority", c.Priority);
        for (var i = 0; i < c.UrgencyReasons.Count; i++)
        {
            DefinedEnum($"{prefix}.urgency_reasons[{i}]", c.UrgencyReasons[i]);
        }
        if (c.Priority == V1.Priority.Urgent && c.UrgencyReasons.Count == 0)
        {
            Add($"{prefix}.urgency_reasons", "at least one reason is required when the priority is URGENT");
        }
        if (c.Priority == V1.Priority.Normal && c.UrgencyReasons.Count > 0)
        {
            Add($"{prefix}.urgency_reasons", "must be empty when the priority is NORMAL");
        }
        if (c.UrgencyReasons.Distinct().Count() != c.UrgencyReasons.Count)
        {
            Add($"{prefix}.urgency_reasons", "must not repeat a reason");
        }
        Subject($"{prefix}.subject", c.Subject);
        if (c.EnforcementAction is { } action)
        {
            EnforcementAction($"{prefix}.enforcement_action", action);
        }
        for (var i = 0; i < c.Allegations.Count; i++)
        {
            DefinedEnum($"{prefix}.allegations[{i}]", c.Allegations[i]);
        }
        if (c.Allegations.Distinct().Count() != c.Allegations.Count)
        {
            Add($"{prefix}.allegations", "must not repeat a code");
        }
        return MaxLength($"{prefix}.allegation_details", c.AllegationDetails, MaxDetailsLength);
    }

    private void Subject(string prefix, V1.Subject? subject)
    {
        if (subject is null)
        {
            Add(prefix, "required");
            return;
        }
        if (string.IsNullOrWhiteSpace(subject.NameRussian) && string.IsNullOrWhiteSpace(subject.NameTajik)
            && string.IsNullOrWhiteSpace(subject.NameLatin))
        {
            Add($"{prefix}.name_latin", "at least one of name_russian, name_tajik and name_latin is required");
        }
        MaxLength($"{prefix}.name_russian", subject.NameRussian, MaxNameLength, lineBreaks: false);
        MaxLength($"{prefix}.name_tajik", subject.NameTajik, MaxNameLength, lineBreaks: false);
        MaxLength($"{prefix}.name_latin", subject.NameLatin, MaxNameLength, lineBreaks: false);
        PastDate($"{prefix}.date_of_birth", subject.DateOfBirth);
        if (subject.Citizenship.Length > 0 && !CountryCode().IsMatch(subject.Citizenship.Trim()))
        {
            Add($"{prefix}.citizenship", "must be an ISO 3166-1 alpha-3 code such as TJK");
        }
        MaxLength($"{prefix}.passport_number", subject.PassportNumber, 32, lineBreaks: false);
        if (subject.Contact is { } contact)
        {
            MaxLength($"{prefix}.contact.phone", contact.Phone, 32, lineBreaks: false);
            MaxLength($"{prefix}.contact.email", contact.Email, 254, lineBreaks: false);
            if (contact.Email.Length > 0 && !contact.Email.Contains('@', StringComparison.Ordinal))
            {
                Add($"{prefix}.contact.email", "must be an e-mail address");
            }
            MaxLength($"{prefix}.contact.address", contact.Address, 1_000);
        }
    }

    private void EnforcementAction(string prefix, V1.EnforcementAction action)
    {
        DefinedEnum($"{prefix}.type", action.Type);
        DefinedEnum($"{prefix}.registry_ground", action.RegistryGround, required: false);
        if (action.Type == V1.EnforcementActionType.RegistryPlacement && action.RegistryGround == V1.RegistryGround.Unspecified)
        {
            Add($"{prefix}.registry_ground", "required when the type is REGISTRY_PLACEMENT");
        }
        if (action.Type != V1.EnforcementActionType.RegistryPlacement && action.RegistryGround != V1.RegistryGround.Unspecified)
        {
            Add($"{prefix}.registry_ground", "only a REGISTRY_PLACEMENT has a registry ground");
        }
        MaxLength($"{prefix}.deciding_authority", action.DecidingAuthority, MaxShortText);
        MaxLength($"{prefix}.region", action.Region, MaxShortText);
        PastDate($"{prefix}.decision_date", action.DecisionDate);
        MaxLength($"{prefix}.decision_reference", action.DecisionReference, MaxShortText);
    }

    private void PastDate(string field, Google.Type.Date? date)
    {
        if (date is null || (date.Year == 0 && date.Month == 0 && date.Day == 0))
        {
            return;
        }
        if (date.Year is < 1900 or > 9999 || date.Month is < 1 or > 12 || date.Day < 1
            || date.Day > DateTime.DaysInMonth(date.Year, date.Month))
        {
            Add(field, "must be a complete, real date from 1900 on");
            return;
        }
        var today = Storage.StoredTime.LatestDateAnywhere(clock.GetUtcNow().UtcDateTime);
        if (new DateOnly(date.Year, date.Month, date.Day) > today)
        {
            Add(field, "must not be in the future");
        }
    }

    [GeneratedRegex("^[A-Za-z]{3}$")]
    private static partial Regex CountryCode();
}
