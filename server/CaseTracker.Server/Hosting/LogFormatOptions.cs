using System.ComponentModel.DataAnnotations;

namespace CaseTracker.Server.Hosting;

/// <summary>How console log lines look. Bound from the <c>Logging</c> section (its <c>Format</c> key).</summary>
public sealed class LogFormatOptions : IValidatableObject
{
    public const string Section = "Logging";

    /// <summary><c>simple</c>: one line a person reads; <c>json</c>: one JSON object a line, for a log collector.</summary>
    public string Format { get; set; } = "simple";

    public bool IsJson => string.Equals(Format, "json", StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsJson && !string.Equals(Format, "simple", StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"'{Format}' is not one of simple, json.", [nameof(Format)]);
        }
    }
}
