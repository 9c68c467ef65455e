using System.CommandLine;
using CaseTracker.V1;
using Grpc.Core;
using static CaseTracker.Cli.Commands.CaseArguments;

namespace CaseTracker.Cli.Commands;

/// <summary>
/// The moves of a case through its stages (<c>cases start-investigation</c>, <c>propose</c>, <c>sign-off</c> ...):
/// each builds its request, with the case's name and <c>--etag</c>, and prints the moved case's headline.
/// </summary>
public sealed class CaseLifecycleCommands(CliSession session)
{
    private delegate AsyncUnaryCall<Case> Move<in TRequest>(CaseService.CaseServiceClient cases, TRequest request);

    public IEnumerable<Command> Commands()
    {
        yield return Change("start-investigation", "INTAKE -> INVESTIGATION.",
            (name, etag, _) => new StartInvestigationRequest { Name = name, Etag = etag }, (c, r) => c.StartInvestigationAsync(r));
        var party = new Option<string>("--party") { Description = "The party asked: RU or TJ.", Required = true };
        var awaited = new Option<string>("--awaited") { Description = "What is awaited.", Required = true };
        yield return Change("request-response", "Wait for a party's response.",
            (name, etag, r) => new RequestResponseRequest { Name = name, Etag = etag, Party = EnumText.Parse<Party>(r.GetValue(party)!), Awaited = session.FreeText(r, awaited) },
            (c, r) => c.RequestResponseAsync(r), party, awaited);
        var summary = new Option<string>("--summary") { Description = "What was received.", Required = true };
        yield return Change("record-response", "Record the awaited response.",
            (name, etag, r) => new RecordResponseRequest { Name = name, Etag = etag, Summary = session.FreeText(r, summary) }, (c, r) => c.RecordResponseAsync(r), summary);
        yield return Propose();
        yield return Change("send-back", "Send the findings back to investigation.",
            (name, etag, r) => new ReturnToInvestigationRequest { Name = name, Etag = etag, Reason = session.FreeText(r, Reason) }, (c, r) => c.ReturnToInvestigationAsync(r), Reason);
        yield return Change("sign-off", "Sign off the findings for your party.",
            (name, etag, _) => new SignOffResolutionRequest { Name = name, Etag = etag }, (c, r) => c.SignOffResolutionAsync(r));
        yield return Change("reopen", "Reopen a closed case.",
            (name, etag, r) => new ReopenCaseRequest { Name = name, Etag = etag, Reason = session.FreeText(r, Reason) }, (c, r) => c.ReopenCaseAsync(r), Reason);
        yield return Change("inadmissible", "Close at intake as inadmissible.",
            (name, etag, r) => new DeclareInadmissibleRequest { Name = name, Etag = etag, Reason = session.FreeText(r, Reason) }, (c, r) => c.DeclareInadmissibleAsync(r), Reason);
        yield return Change("withdraw", "Close at intake as withdrawn.",
            (name, etag, r) => new WithdrawCaseRequest { Name = name, Etag = etag, Reason = session.FreeText(r, Reason) }, (c, r) => c.WithdrawCaseAsync(r), Reason);
        var investigator = new Option<string>("--investigator") { Description = "The user ID of your party's new lead investigator.", Required = true };
        yield return Change("assign", "Make someone your party's lead investigator.",
            (name, etag, r) => new AssignInvestigatorRequest { Name = name, Etag = etag, InvestigatorId = r.GetValue(investigator)! },
            (c, r) => c.AssignInvestigatorAsync(r), investigator);
    }

    private Command Propose()
    {
        var findings = new Option<string>("--findings") { Description = "What the investigation found.", Required = true };
        var outcome = new Option<string>("--outcome") { Description = "violation-confirmed, no-violation-found, already-returned-home, status-regularised, referred-elsewhere.", Required = true };
        var remedy = new Option<string?>("--remedy") { Description = "order-revoked, delisted, status-regularised, compensation, other (with violation-confirmed)." };
        return Change("propose", "Propose findings (INVESTIGATION -> RESOLUTION).", (name, etag, r) => new ProposeResolutionRequest
        {
            Name = name,
            Etag = etag,
            Findings = session.FreeText(r, findings),
            Outcome = EnumText.Parse<Outcome>(r.GetValue(outcome)!),
            Remedy = r.GetValue(remedy) is { } value ? EnumText.Parse<Remedy>(value) : Remedy.Unspecified,
        }, (c, r) => c.ProposeResolutionAsync(r), findings, outcome, remedy);
    }

    /// <summary>A move: <paramref name="request"/> gets the case's name and the etag given (or empty) and reads its own options.</summary>
    private Command Change<TRequest>(string name, string description, Func<string, string, ParseResult, TRequest> request, Move<TRequest> move, params Option[] options)
    {
        var command = new Command(name, description) { CaseArgument, Etag };
        foreach (var option in options)
        {
            command.Options.Add(option);
        }
        return session.WithConnectedAction(command, async (result, client) =>
        {
            var moved = await move(client.Cases, request(CaseName(result), EtagOf(result), result));
            await session.Printer.CaseAsync(result, moved, brief: true);
            return ExitCodes.Success;
        });
    }
}
