using CaseTracker.Client;
using CaseTracker.V1;

// The Russian interior ministry's system: files a complaint about a registry placement, then follows the
// change feed and prints what happens to its cases. Usage:
//   dotnet run --project clients/samples/RuMinistrySample -- --token TOKEN [--address http://localhost:5080] [--seconds 10]
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
        Subject = new Subject { NameRussian = "Саидов Умед", NameLatin = "SAIDOV UMED", Citizenship = "TJK" },
        EnforcementAction = new EnforcementAction
        {
            Type = EnforcementActionType.RegistryPlacement,
            RegistryGround = RegistryGround.WorkPermitEnded,
            Region = "Sverdlovsk Oblast",
            DecidingAuthority = "ГУ МВД России по Свердловской области",
        },
        Allegations = { AllegationCode.WrongfulListingValidStatus },
        AllegationDetails = "Patent renewed in time; listed on the registry all the same.",
    },
});
Console.WriteLine($"created {created.Reference} ({created.Name}) in {created.Stage}, filed by {created.FilingParty}");

using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(options.Seconds));
try
{
    await foreach (var e in client.WatchAsync(afterSequence: 0, stop.Token))
    {
        Console.WriteLine($"event {e.Sequence}: {e.Type} on {e.Case} by {e.Actor} ({e.ActorParty})");
    }
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.WriteLine($"watched for {options.Seconds} s");
}
