using CaseTracker.Server.Cases;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Support;

/// <summary>
/// A day of casework on one subject whose personal data is seeded, failures included: what the personal-data scans
/// (of log lines, of exported telemetry) run before they look for <see cref="Secrets"/>.
/// </summary>
public static class PersonalDataScenario
{
    public static readonly string[] Secrets =
    [
        "ZAFAROVA", "Зафарова", "Зафарова Ҷамила", "AB7712345", "+992 90 555 0199", "jamila.family@example.tj", "Rudaki 15, apt 7",
        "+992 91 444 0000",
    ];

    /// <summary>Files the case and works it through gRPC: updates, reads by the other party, searches by name, refusals.</summary>
    public static async Task<V1.Case> RunAsync(CaseTrackerHost host)
    {
        var tj = host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");
        var ru = host.ClientFor(Party.RU, Role.Supervisor, "ru.petrova");
        var draft = NewCase(latinName: "ZAFAROVA JAMILA", russianName: "Зафарова Джамиля", tajikName: "Зафарова Ҷамила");
        draft.Subject.PassportNumber = "AB7712345";
        draft.Subject.Contact = new V1.ContactDetails { Phone = "+992 90 555 0199", Email = "jamila.family@example.tj", Address = "Rudaki 15, apt 7" };

        var c = await tj.CreateAsync(draft);
        await tj.Cases.UpdateCaseAsync(new V1.UpdateCaseRequest
        {
            Case = new V1.Case { Name = c.Name, Subject = new V1.Subject { Contact = new V1.ContactDetails { Phone = "+992 91 444 0000" } } },
            UpdateMask = FieldMask.FromString("subject.contact.phone"),
        });
        await ru.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = c.Name });
        await ru.Cases.ListCasesAsync(new V1.ListCasesRequest { Filter = "subject.name : \"зафарова\"" });
        await tj.Cases.RequestResponseAsync(new V1.RequestResponseRequest { Name = c.Name, Party = V1.Party.Ru, Awaited = "Entry stamps" });
        await tj.Cases.CreateNoteAsync(new V1.CreateNoteRequest { Parent = c.Name, Note = new V1.Note { Text = "Family reached by phone." } });
        await Assert.ThrowsAnyAsync<RpcException>(() => tj.Cases.UpdateCaseAsync(new V1.UpdateCaseRequest
        {
            Case = new V1.Case { Name = c.Name, Etag = "1", Subject = new V1.Subject { PassportNumber = "AB7712345" } },
            UpdateMask = FieldMask.FromString("subject.passport_number"),
        }).ResponseAsync);
        var bad = NewCase(latinName: "ZAFAROVA JAMILA");
        bad.Subject.PassportNumber = "AB7712345";
        bad.Subject.Citizenship = "Зафарова";
        await Assert.ThrowsAnyAsync<RpcException>(() => tj.Cases.CreateCaseAsync(new V1.CreateCaseRequest { Case = bad }).ResponseAsync);
        await Assert.ThrowsAnyAsync<RpcException>(() => ru.Cases.ListCasesAsync(new V1.ListCasesRequest { Filter = "subject.name = \"ZAFAROVA\"" }).ResponseAsync);
        // A filter refused with the caller's own words quoted back to it: the caller reads them, no log line may.
        await Assert.ThrowsAnyAsync<RpcException>(() => ru.Cases.ListCasesAsync(new V1.ListCasesRequest { Filter = "subject.name \"Зафарова\"" }).ResponseAsync);
        return c;
    }
}
