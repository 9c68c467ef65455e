using CaseTracker.Server.Disclosures;
using CaseTracker.Server.Grpc;

namespace CaseTracker.Server.Cases;

/// <summary>
/// Explicit mapping between the contract and the domain, in one place. The enums share numeric values, so
/// an enum maps by a cast that <see cref="RequestValidator"/> has already checked.
/// </summary>
public static class CaseMapper
{
    /// <summary>The case as <paramref name="viewer"/> may see it: personal data withheld as <see cref="DisclosureRule"/> says.</summary>
    public static V1.Case ToProto(Case c, Actor viewer)
    {
        var proto = ToProto(c);
        DisclosureRule.Apply(proto, viewer);
        return proto;
    }

    private static V1.Case ToProto(Case c)
    {
        var proto = new V1.Case
        {
            Name = CaseNames.Format(c.Id),
            Reference = c.Reference,
            FilingParty = (V1.Party)c.FilingParty,
            IntakeChannel = (V1.IntakeChannel)c.IntakeChannel,
            Priority = (V1.Priority)c.Priority,
            UrgencyReasons = { c.UrgencyReasons.Select(r => (V1.UrgencyReason)r) },
            Stage = (V1.Stage)c.Stage,
            Subject = ToProto(c.Subject),
            Allegations = { c.Allegations.Select(a => (V1.AllegationCode)a) },
            AllegationDetails = c.AllegationDetails,
            LeadInvestigators =
            {
                c.LeadInvestigators.Select(l => new V1.LeadInvestigator
                {
                    Party = (V1.Party)l.Party, InvestigatorId = l.InvestigatorId, AssignTime = ProtoTime.Of(l.AssignTime),
                }),
            },
            Outcome = c.Outcome is { } outcome ? (V1.Outcome)outcome : V1.Outcome.Unspecified,
            CloseReason = c.CloseReason,
            CreateTime = ProtoTime.Of(c.CreateTime),
            UpdateTime = ProtoTime.Of(c.UpdateTime),
            CloseTime = ProtoTime.Of(c.CloseTime),
            Etag = c.Etag,
            Links =
            {
                c.Links.Select(l => new V1.CaseLink
                {
                    Case = CaseNames.Format(l.CaseId), Kind = (V1.LinkKind)l.Kind, LinkedBy = l.LinkedBy,
                    LinkedByParty = (V1.Party)l.LinkedByParty, Reason = l.Reason, LinkTime = ProtoTime.Of(l.LinkTime),
                }),
            },
        };
        if (c.AwaitingResponse is { } awaiting)
        {
            proto.AwaitingResponse = new V1.AwaitingResponse
            {
                Party = (V1.Party)awaiting.Party, Awaited = awaiting.Awaited, Since = ProtoTime.Of(awaiting.Since),
            };
        }
        if (c.EnforcementAction is { } action)
        {
            proto.EnforcementAction = ToProto(action);
        }
        if (c.Consent is { } consent)
        {
            proto.Consent = ToProto(consent);
        }
        if (c.Resolution is { } resolution)
        {
            proto.Resolution = ToProto(resolution);
        }
        if (c.Registry is { } registry)
        {
            proto.Registry = ToProto(registry);
        }
        if (c.LegalHold is { } hold)
        {
            proto.LegalHold = ToProto(hold);
        }
        proto.SubjectEraseTime = ProtoTime.Of(c.SubjectEraseTime);
        return proto;
    }

    private static V1.RegistryStanding ToProto(RegistryStanding registry) => new()
    {
        Listed = registry.Listed,
        Since = ProtoTime.Of(registry.Since),
        Ground = registry.Ground is { } ground ? (V1.RegistryGround)ground : V1.RegistryGround.Unspecified,
        Snapshot = registry.Snapshot,
        Record = registry.Record,
        RemedyConfirmTime = ProtoTime.Of(registry.RemedyConfirmTime),
    };

    /// <summary>The case as the record holds it, nothing withheld: for the subject-access export to the party that holds the data.</summary>
    public static V1.Case AsHeld(Case c) => ToProto(c);

    private static V1.LegalHold ToProto(LegalHold hold) => new()
    {
        Stands = hold.Stands,
        Reason = hold.Reason,
        PlacedBy = { hold.PlacedBy.Select(ToProto) },
        PlaceTime = ProtoTime.Of(hold.PlaceTime),
        ReleaseRequestedBy = { hold.ReleaseRequestedBy.Select(ToProto) },
    };

    private static V1.LegalHoldDecision ToProto(LegalHoldDecision decision) => new()
    {
        Party = (V1.Party)decision.Party, CoChair = decision.CoChair, DecideTime = ProtoTime.Of(decision.DecideTime), Reason = decision.Reason,
    };

    private static V1.Consent ToProto(Consent consent) => new()
    {
        ShareWithOtherParty = consent.ShareWithOtherParty,
        IncludeInStatistics = consent.IncludeInStatistics,
        RecordedBy = consent.RecordedBy,
        RecordedByParty = (V1.Party)consent.RecordedByParty,
        RecordTime = ProtoTime.Of(consent.RecordTime),
        WithdrawnBy = consent.WithdrawnBy ?? string.Empty,
        WithdrawTime = ProtoTime.Of(consent.WithdrawTime),
        WithdrawReason = consent.WithdrawReason ?? string.Empty,
    };

    private static V1.Resolution ToProto(Resolution resolution) => new()
    {
        Findings = resolution.Findings,
        ProposedOutcome = (V1.Outcome)resolution.ProposedOutcome,
        Remedy = resolution.Remedy is { } remedy ? (V1.Remedy)remedy : V1.Remedy.Unspecified,
        RemedyDetails = resolution.RemedyDetails,
        ProposedBy = resolution.ProposedBy,
        ProposeTime = ProtoTime.Of(resolution.ProposeTime),
        SignOffs =
        {
            resolution.SignOffs.Select(s => new V1.SignOff
            {
                Signer = s.Signer, Party = (V1.Party)s.Party, Role = (V1.Role)s.Role, SignTime = ProtoTime.Of(s.SignTime),
            }),
        },
    };

    public static V1.Subject ToProto(Subject s) => new()
    {
        NameRussian = s.NameRussian,
        NameTajik = s.NameTajik,
        NameLatin = s.NameLatin,
        DateOfBirth = ProtoTime.DateOf(s.DateOfBirth),
        Citizenship = s.Citizenship,
        PassportNumber = s.PassportNumber,
        Contact = new V1.ContactDetails { Phone = s.Phone, Email = s.Email, Address = s.Address },
    };

    public static V1.EnforcementAction ToProto(EnforcementAction a) => new()
    {
        Type = (V1.EnforcementActionType)a.Type,
        RegistryGround = a.RegistryGround is { } ground ? (V1.RegistryGround)ground : V1.RegistryGround.Unspecified,
        DecidingAuthority = a.DecidingAuthority,
        Region = a.Region,
        DecisionDate = ProtoTime.DateOf(a.DecisionDate),
        DecisionReference = a.DecisionReference,
    };

    /// <summary>The fields a caller may set, as proto: the starting point of an update with a field mask.</summary>
    public static V1.Case DetailsToProto(CaseDetails d)
    {
        var proto = new V1.Case
        {
            IntakeChannel = (V1.IntakeChannel)d.IntakeChannel,
            Priority = (V1.Priority)d.Priority,
            UrgencyReasons = { d.UrgencyReasons.Select(r => (V1.UrgencyReason)r) },
            Subject = ToProto(d.Subject),
            Allegations = { d.Allegations.Select(a => (V1.AllegationCode)a) },
            AllegationDetails = d.AllegationDetails,
        };
        if (d.EnforcementAction is { } action)
        {
            proto.EnforcementAction = ToProto(action);
        }
        return proto;
    }

    /// <summary>Maps validated input; call only after <see cref="RequestValidator.Details"/> passed.</summary>
    public static CaseDetails ToDetails(V1.Case c) => new(
        (IntakeChannel)c.IntakeChannel,
        (Priority)c.Priority,
        c.UrgencyReasons.Select(r => (UrgencyReason)r).Distinct().Order().ToList(),
        new Subject(
            Composed(c.Subject.NameRussian),
            Composed(c.Subject.NameTajik),
            Composed(c.Subject.NameLatin),
            ProtoTime.ToDateOnly(c.Subject.DateOfBirth),
            c.Subject.Citizenship.Trim().ToUpperInvariant(),
            c.Subject.PassportNumber.Trim(),
            c.Subject.Contact?.Phone.Trim() ?? string.Empty,
            c.Subject.Contact?.Email.Trim() ?? string.Empty,
            c.Subject.Contact?.Address.Trim() ?? string.Empty),
        c.EnforcementAction is { } a
            ? new EnforcementAction(
                (EnforcementActionType)a.Type,
                a.RegistryGround == V1.RegistryGround.Unspecified ? null : (RegistryGround)a.RegistryGround,
                a.DecidingAuthority.Trim(),
                a.Region.Trim(),
                ProtoTime.ToDateOnly(a.DecisionDate),
                a.DecisionReference.Trim())
            : null,
        c.Allegations.Select(x => (AllegationCode)x).Distinct().Order().ToList(),
        c.AllegationDetails.Trim());

    public static V1.Note ToProto(Note n) => new()
    {
        Name = CaseNames.FormatNote(n.CaseId, n.Number),
        Text = n.Text,
        Author = n.Author,
        AuthorParty = (V1.Party)n.AuthorParty,
        CreateTime = ProtoTime.Of(n.CreateTime),
    };

    /// <summary>Names are kept in composed form (NFC), so "й" typed as и + breve matches "й".</summary>
    private static string Composed(string name) => name.Trim().Normalize(System.Text.NormalizationForm.FormC);
}
