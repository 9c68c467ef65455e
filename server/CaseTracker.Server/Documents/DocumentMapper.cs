using System.Text.Json;
using CaseTracker.Client;
using CaseTracker.Server.Audit;
using CaseTracker.Server.Grpc;

namespace CaseTracker.Server.Documents;

/// <summary>Documents as the contract carries them, and the header of an upload as the domain reads it.</summary>
public static class DocumentMapper
{
    public static V1.Document ToProto(Document d, IEnumerable<CaseEventRecord>? custody = null)
    {
        var proto = new V1.Document
        {
            Name = d.Name,
            Title = d.Title,
            Kind = (V1.DocumentKind)d.Kind,
            Language = d.Language,
            MediaType = d.MediaType,
            SizeBytes = d.SizeBytes,
            Sha256 = d.Sha256,
            FilingParty = (V1.Party)d.FilingParty,
            Filer = d.Filer,
            CreateTime = ProtoTime.Of(d.CreateTime),
            Sensitivity = d.Sealed ? V1.DocumentSensitivity.Sealed
                : d.PersonalData ? V1.DocumentSensitivity.PersonalData : V1.DocumentSensitivity.Normal,
            Shared = d.Shared,
            State = (V1.Document.Types.State)d.State,
            WithdrawReason = d.WithdrawReason,
        };
        proto.PurgeApprovals.AddRange(d.PurgeApprovedBy.Select(p => (V1.Party)p));
        foreach (var e in custody ?? [])
        {
            proto.Custody.Add(new V1.DocumentCustodyEntry
            {
                Event = $"caseEvents/{e.Sequence}",
                Type = ContractNames.TryParse<V1.CaseEventType>(e.Type, out var type) ? type : V1.CaseEventType.Unspecified,
                Actor = e.Actor,
                ActorParty = ContractNames.TryParse<V1.Party>(e.ActorParty, out var party) ? party : V1.Party.Unspecified,
                ActorRole = ContractNames.TryParse<V1.Role>(e.ActorRole, out var role) ? role : V1.Role.Unspecified,
                EventTime = ProtoTime.Of(e.EventTime),
            });
        }
        return proto;
    }

    /// <summary>The document an event's payload names, or null for an event that names none.</summary>
    public static string? DocumentOf(CaseEventRecord e)
    {
        if (!e.Type.StartsWith(DocumentEventPrefix, StringComparison.Ordinal))
        {
            return null;
        }
        using var payload = JsonDocument.Parse(e.Payload);
        return payload.RootElement.TryGetProperty("document", out var name) ? name.GetString() : null;
    }

    public const string DocumentEventPrefix = "CASE_EVENT_TYPE_DOCUMENT_";

    /// <summary>The header's document as the domain files it; the service has checked every field.</summary>
    public static DocumentUploadHeader ToHeader(V1.UploadDocumentHeader header) => new(
        header.Document.Title.Trim(),
        (DocumentKind)header.Document.Kind,
        header.Document.Language,
        header.Document.Sensitivity == V1.DocumentSensitivity.PersonalData,
        header.SizeBytes,
        header.Sha256.ToLowerInvariant());
}
