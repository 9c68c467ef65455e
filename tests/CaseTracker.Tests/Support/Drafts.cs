using CaseTracker.Client;
using Grpc.Core;

namespace CaseTracker.Tests.Support;

/// <summary>Valid requests to start from, and the steps of walking a case through its lifecycle.</summary>
public static class Drafts
{
    public static V1.Case NewCase(
        string latinName = "RAKHMONOV FARRUKH",
        string russianName = "Рахмонов Фаррух",
        string tajikName = "Раҳмонов Фарруҳ",
        V1.EnforcementActionType action = V1.EnforcementActionType.ExpulsionOrder,
        V1.RegistryGround ground = V1.RegistryGround.Unspecified,
        string region = "Moscow",
        V1.Priority priority = V1.Priority.Normal)
    {
        var draft = new V1.Case
        {
            IntakeChannel = V1.IntakeChannel.Hotline,
            Priority = priority,
            Subject = new V1.Subject
            {
                NameRussian = russianName,
                NameTajik = tajikName,
                NameLatin = latinName,
                DateOfBirth = new Google.Type.Date { Year = 1990, Month = 4, Day = 12 },
                Citizenship = "TJK",
                PassportNumber = "400123456",
                Contact = new V1.ContactDetails { Phone = "+992 93 123 4567" },
            },
            EnforcementAction = new V1.EnforcementAction
            {
                Type = action,
                RegistryGround = ground,
                DecidingAuthority = "ГУ МВД России по г. Москве",
                Region = region,
                DecisionDate = new Google.Type.Date { Year = 2026, Month = 2, Day = 1 },
                DecisionReference = "77-123",
            },
            Allegations = { V1.AllegationCode.WrongfulListingAlreadyLeft },
            AllegationDetails = "Returned to Dushanbe in 2024; listed in 2026.",
        };
        if (priority == V1.Priority.Urgent)
        {
            draft.UrgencyReasons.Add(V1.UrgencyReason.Detained);
        }
        return draft;
    }

    public static async Task<V1.Case> CreateAsync(this CaseTrackerClient client, V1.Case? draft = null) =>
        await client.Cases.CreateCaseAsync(new V1.CreateCaseRequest { Case = draft ?? NewCase() });

    /// <summary>Files <paramref name="count"/> cases, 25 at a time, their subjects named <paramref name="surname"/> CASE0, CASE1, ….</summary>
    public static async Task FileManyAsync(this CaseTrackerClient client, int count, string surname = "NEWEROV")
    {
        for (var done = 0; done < count; done += 25)
        {
            await Task.WhenAll(Enumerable.Range(done, Math.Min(25, count - done))
                .Select(i => client.CreateAsync(NewCase(latinName: $"{surname} CASE{i}", russianName: "", tajikName: ""))));
        }
    }

    public static async Task<V1.Case> InInvestigationAsync(this CaseTrackerClient client, V1.Case? draft = null)
    {
        var created = await client.CreateAsync(draft);
        return await client.Cases.StartInvestigationAsync(new V1.StartInvestigationRequest { Name = created.Name, Etag = created.Etag });
    }

    public static async Task<V1.Case> InResolutionAsync(this CaseTrackerClient client, V1.Case? draft = null)
    {
        var investigating = await client.InInvestigationAsync(draft);
        return await client.Cases.ProposeResolutionAsync(new V1.ProposeResolutionRequest
        {
            Name = investigating.Name,
            Etag = investigating.Etag,
            Findings = "The subject left Russia in 2024, before the order.",
            Outcome = V1.Outcome.AlreadyReturnedHome,
        });
    }

    public static async Task<RpcException> RefusedAsync<T>(Func<Task<T>> call) =>
        await Assert.ThrowsAnyAsync<RpcException>(call);

    public static void AssertStatus(RpcException error, StatusCode code, string reason)
    {
        Assert.Equal(code, error.StatusCode);
        Assert.Equal(reason, error.Reason());
    }
}
