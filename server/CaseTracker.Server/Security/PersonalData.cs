using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;

namespace CaseTracker.Server.Security;

/// <summary>
/// The kinds of personal data the record holds about a subject. Fields carrying one are marked with its
/// attribute, so that logging redacts them (<c>Hosting/LoggingExtensions</c>) wherever they are logged: as a
/// classified <c>[LoggerMessage]</c> parameter, as the properties of a logged object, or through the
/// object's <c>ToString</c>.
/// </summary>
public static class PersonalData
{
    public const string Taxonomy = "CaseTracker.PersonalData";

    private static readonly ConcurrentDictionary<Type, (PropertyInfo Property, bool Classified)[]> Members = new();

    public static DataClassification PassportNumber { get; } = new(Taxonomy, nameof(PassportNumber));

    /// <summary>Phone, e-mail and address.</summary>
    public static DataClassification ContactDetails { get; } = new(Taxonomy, nameof(ContactDetails));

    /// <summary>A person's name in any script.</summary>
    public static DataClassification PersonName { get; } = new(Taxonomy, nameof(PersonName));

    public static DataClassification DateOfBirth { get; } = new(Taxonomy, nameof(DateOfBirth));

    /// <summary>Every kind: all are redacted alike.</summary>
    public static DataClassificationSet All { get; } = new(PassportNumber, ContactDetails, PersonName, DateOfBirth);

    /// <summary>
    /// The members of <paramref name="value"/> as a record prints them, with every classified member redacted:
    /// a record holding personal data calls this from its <c>PrintMembers</c>, so that logging it by mistake
    /// (<c>{Subject}</c>) shows no personal data.
    /// </summary>
    public static bool PrintMembers<T>(T value, StringBuilder builder)
        where T : notnull
    {
        var first = true;
        foreach (var (property, classified) in Members.GetOrAdd(typeof(T), Describe))
        {
            builder.Append(first ? string.Empty : ", ").Append(property.Name).Append(" = ")
                .Append(classified ? PersonalDataRedactor.Text : property.GetValue(value));
            first = false;
        }
        return true;
    }

    private static (PropertyInfo, bool)[] Describe(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0)
            .Select(p => (p, p.IsDefined(typeof(DataClassificationAttribute), inherit: true)))];
}

/// <summary>Marks a passport number.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class PassportNumberDataAttribute() : DataClassificationAttribute(PersonalData.PassportNumber);

/// <summary>Marks a phone number, an e-mail address or a postal address.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class ContactDataAttribute() : DataClassificationAttribute(PersonalData.ContactDetails);

/// <summary>Marks a person's name, or text made of names.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class PersonNameDataAttribute() : DataClassificationAttribute(PersonalData.PersonName);

/// <summary>Marks a date of birth.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class DateOfBirthDataAttribute() : DataClassificationAttribute(PersonalData.DateOfBirth);

/// <summary>Replaces personal data with one fixed marker, so a reader sees that something was there, and nothing of it.</summary>
public sealed class PersonalDataRedactor : Redactor
{
    public const string Text = "[redacted]";

    public override int GetRedactedLength(ReadOnlySpan<char> input) => Text.Length;

    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        Text.CopyTo(destination);
        return Text.Length;
    }
}
