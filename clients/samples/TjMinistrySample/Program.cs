using CaseTracker.Client;
using CaseTracker.V1;

// The Tajik Ministry of Labour, Migration and Employment's system: files a complaint for a worker who had
// already gone home when Russia listed him, then follows the change feed filtered to that case. Usage:
//   dotnet run --project clients/samples/TjMinistrySample -- --token TOKEN [--address http://localhost:5080] [--seconds 10]
var options = Arguments.Parse(args);
using var client = new CaseTrackerClient(new CaseTrackerClientOptions
{
    Address = new Uri(options.Address),
    TokenProvider = _ => ValueTask.FromResult(options.Token),
});

var created = await client.Cases.CreateCaseAsync(new CreateCaseRequest
{
    Case = new Case
    {
        IntakeChannel = IntakeChannel.MinistrySystem,
        Priority = Priority.Normal,
        Subject = new Subject { NameTajik = "Раҳмонов Фарруҳ", NameLatin = "RAHMONOV FARRUKH", Citizenship = "TJK" },
        EnforcementAction = new EnforcementAction
        {
            Type = EnforcementActionType.ExpulsionOrder,
            Region = "Moscow",
            DecidingAuthority = "ГУ МВД России по г. Москве",
        },
        Allegations = { AllegationCode.WrongfulListingAlreadyLeft },
        AllegationDetails = "Returned to Dushanbe in 2024; named on the 2025 expulsion list.",
    },
});
Console.WriteLine($"created {created.Reference} ({created.Name}) in {created.Stage}, filed by {created.FilingParty}");

using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(options.Seconds));
try
{
    await foreach (var e in client.WatchAsync(afterSequence: 0, stop.Token, new WatchCaseEventsRequest { Case = created.Name }))
    {
        Console.WriteLine($"event {e.Sequence}: {e.Type} on {e.Case} by {e.Actor} ({e.ActorParty})");
    }
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.WriteLine($"watched for {options.Seconds} s");
}
