using CaseTracker.Server.Grpc;
using Google.Protobuf.WellKnownTypes;

namespace CaseTracker.Server.Cases;

/// <summary>The field paths <c>UpdateCase</c> accepts: the filed details, never stage, resolution or outcome.</summary>
public static class CaseUpdateMask
{
    private static readonly HashSet<string> Allowed =
    [
        "intake_channel", "priority", "urgency_reasons", "allegations", "allegation_details",
        "subject", "subject.name_russian", "subject.name_tajik", "subject.name_latin", "subject.date_of_birth",
        "subject.citizenship", "subject.passport_number", "subject.contact", "subject.contact.phone",
        "subject.contact.email", "subject.contact.address",
        "enforcement_action", "enforcement_action.type", "enforcement_action.registry_ground",
        "enforcement_action.deciding_authority", "enforcement_action.region", "enforcement_action.decision_date",
        "enforcement_action.decision_reference",
    ];

    /// <summary>Named fields are replaced whole, so a mask can also clear a field or a list.</summary>
    public static readonly FieldMask.MergeOptions MergeOptions = new()
    {
        ReplaceMessageFields = true,
        ReplaceRepeatedFields = true,
        ReplacePrimitiveFields = true,
    };

    /// <summary>Whether a path writes the subject's passport number or contact details.</summary>
    public static bool TouchesPersonalData(string path) =>
        path is "subject" or "subject.passport_number" || path.StartsWith("subject.contact", StringComparison.Ordinal);

    public static void Validate(RequestValidator validator, IReadOnlyList<string> paths)
    {
        if (paths.Count == 0)
        {
            validator.Add("update_mask", "name the fields to change; an empty mask changes nothing");
        }
        foreach (var path in paths.Where(p => !Allowed.Contains(p)))
        {
            validator.Add("update_mask", $"'{path}' cannot be changed by UpdateCase; allowed: {string.Join(", ", Allowed)}");
        }
    }
}
