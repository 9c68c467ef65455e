using System.CommandLine;
using CaseTracker.V1;
using Google.Protobuf;

namespace CaseTracker.Cli.Commands;

/// <summary>The options of <c>cases create</c>: a case from a JSON file, or from flags.</summary>
public sealed class CaseDraftOptions
{
    private readonly Option<FileInfo?> _file = new("--file") { Description = "A JSON file holding the case (casetracker.v1.Case)." };
    private readonly Option<string> _channel = new("--channel") { Description = "investigator, ministry-system, hotline, dushanbe-passport-visa-office, dushanbe-migration-centre, other.", DefaultValueFactory = _ => "investigator" };
    private readonly Option<string> _priority = new("--priority") { Description = "normal or urgent.", DefaultValueFactory = _ => "normal" };
    private readonly Option<string[]> _urgency = new("--urgency") { Description = "removal-imminent, detained, child-affected (with --priority urgent).", AllowMultipleArgumentsPerToken = true };
    private readonly Option<string?> _latin = new("--name-latin") { Description = "The subject's name as in the passport." };
    private readonly Option<string?> _russian = new("--name-russian") { Description = "The subject's name in Russian Cyrillic." };
    private readonly Option<string?> _tajik = new("--name-tajik") { Description = "The subject's name in Tajik Cyrillic." };
    private readonly Option<string?> _birth = new("--date-of-birth", "--born") { Description = "The date of birth, YYYY-MM-DD." };
    private readonly Option<string?> _passport = new("--passport") { Description = "The passport number." };
    private readonly Option<string?> _phone = new("--phone") { Description = "A phone number for the subject or family." };
    private readonly Option<string?> _action = new("--action") { Description = "expulsion-order, deportation, entry-ban, registry-placement, detention-pending-removal, service-denial-*." };
    private readonly Option<string?> _ground = new("--ground") { Description = "The registry ground, with --action registry-placement (for example sojourn-expired)." };
    private readonly Option<string?> _region = new("--region") { Description = "The Russian region of the decision." };
    private readonly Option<string[]> _allegations = new("--allegation") { Description = "What is claimed to be wrong (for example wrongful-listing-already-left); repeatable.", AllowMultipleArgumentsPerToken = true };
    private readonly Option<string?> _details = new("--details") { Description = "The complaint in the complainant's words." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _file, _channel, _priority, _urgency, _latin, _russian, _tajik, _birth, _passport, _phone, _action, _ground, _region, _allegations, _details })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The case to file: the JSON file's with <c>--file</c>, else the one the flags describe.</summary>
    public async Task<Case> ReadAsync(ParseResult result) =>
        result.GetValue(_file) is { } json
            ? JsonParser.Default.Parse<Case>(await File.ReadAllTextAsync(json.FullName))
            : FromFlags(result);

    private Case FromFlags(ParseResult result)
    {
        var draft = new Case
        {
            IntakeChannel = EnumText.Parse<IntakeChannel>(result.GetValue(_channel)!),
            Priority = EnumText.Parse<Priority>(result.GetValue(_priority)!),
            Subject = new Subject
            {
                NameLatin = result.GetValue(_latin) ?? "",
                NameRussian = result.GetValue(_russian) ?? "",
                NameTajik = result.GetValue(_tajik) ?? "",
                PassportNumber = result.GetValue(_passport) ?? "",
                Citizenship = "TJK",
                DateOfBirth = result.GetValue(_birth) is { } dob ? DateText.Parse(dob) : null,
                Contact = result.GetValue(_phone) is { } tel ? new ContactDetails { Phone = tel } : null,
            },
            AllegationDetails = result.GetValue(_details) ?? "",
        };
        draft.UrgencyReasons.AddRange((result.GetValue(_urgency) ?? []).Select(EnumText.Parse<UrgencyReason>));
        draft.Allegations.AddRange((result.GetValue(_allegations) ?? []).Select(EnumText.Parse<AllegationCode>));
        if (result.GetValue(_action) is { } type)
        {
            draft.EnforcementAction = new EnforcementAction
            {
                Type = EnumText.Parse<EnforcementActionType>(type),
                RegistryGround = result.GetValue(_ground) is { } g ? EnumText.Parse<RegistryGround>(g) : RegistryGround.Unspecified,
                Region = result.GetValue(_region) ?? "",
            };
        }
        return draft;
    }
}
