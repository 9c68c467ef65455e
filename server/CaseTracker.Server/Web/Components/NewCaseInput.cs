using System.Globalization;
using CaseTracker.Server.Web.Components.Shared;
using CaseTracker.V1;

namespace CaseTracker.Server.Web.Components;

/// <summary>What the new case form posts, and the draft <c>casetracker.v1.Case</c> it makes; the API checks every field.</summary>
public sealed class NewCaseInput
{
    public string? RequestId { get; set; }
    public bool Confirmed { get; set; }
    public string? Channel { get; set; }
    public string? Priority { get; set; }
    public Dictionary<string, string>? Urgency { get; set; }
    public string? NameRussian { get; set; }
    public string? NameTajik { get; set; }
    public string? NameLatin { get; set; }
    public string? DateOfBirth { get; set; }
    public string? Citizenship { get; set; }
    public string? Passport { get; set; }
    public string? Phone { get; set; }
    public string? ActionType { get; set; }
    public string? Ground { get; set; }
    public string? Region { get; set; }
    public string? DecisionDate { get; set; }
    public Dictionary<string, string>? Allegations { get; set; }
    public string? Details { get; set; }

    public Case ToCase()
    {
        var draft = new Case
        {
            IntakeChannel = EnumSelect<IntakeChannel>.Parse(Channel),
            Priority = EnumSelect<Priority>.Parse(Priority),
            Subject = new Subject
            {
                NameRussian = Text(NameRussian),
                NameTajik = Text(NameTajik),
                NameLatin = Text(NameLatin),
                DateOfBirth = DateOf(DateOfBirth),
                Citizenship = Text(Citizenship).ToUpperInvariant(),
                PassportNumber = Text(Passport),
            },
            AllegationDetails = Text(Details),
        };
        if (Text(Phone).Length > 0)
        {
            draft.Subject.Contact = new ContactDetails { Phone = Text(Phone) };
        }
        draft.UrgencyReasons.AddRange((Urgency?.Keys.AsEnumerable() ?? []).Select(EnumSelect<UrgencyReason>.Parse).Where(r => r != UrgencyReason.Unspecified));
        draft.Allegations.AddRange((Allegations?.Keys.AsEnumerable() ?? []).Select(EnumSelect<AllegationCode>.Parse).Where(a => a != AllegationCode.Unspecified));
        if (!string.IsNullOrEmpty(ActionType))
        {
            draft.EnforcementAction = new EnforcementAction
            {
                Type = EnumSelect<EnforcementActionType>.Parse(ActionType),
                RegistryGround = EnumSelect<RegistryGround>.Parse(Ground),
                Region = Text(Region),
                DecisionDate = DateOf(DecisionDate),
            };
        }
        return draft;
    }

    private static string Text(string? value) => value?.Trim() ?? string.Empty;

    private static Google.Type.Date? DateOf(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? new Google.Type.Date { Year = date.Year, Month = date.Month, Day = date.Day }
            : null;
}
