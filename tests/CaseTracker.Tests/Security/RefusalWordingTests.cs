using CaseTracker.Server.Cases;
using CaseTracker.Server.Security;
using CaseTracker.Tests.Support;
using Google.Rpc;
using Grpc.Core;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Security;

/// <summary>A refusal says what the caller tried in the words people use, who may do it, and names roles as the contract does.</summary>
public sealed class RefusalWordingTests(CaseTrackerHost host) : IClassFixture<CaseTrackerHost>
{
    [Fact]
    public async Task AnInvestigatorSigningOffFindings_IsToldOnlyASupervisorOrCoChairCan()
    {
        var investigator = host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");
        var filed = await investigator.CreateAsync();

        var error = await RefusedAsync(() => investigator.Cases.SignOffResolutionAsync(new V1.SignOffResolutionRequest { Name = filed.Name }).ResponseAsync);

        AssertStatus(error, StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED");
        Assert.Equal("Only a supervisor or co-chair can sign off findings (SignOffResolution); you are signed in as an investigator of TJ.", error.Status.Detail);
        var info = error.GetRpcStatus()!.GetDetail<ErrorInfo>();
        Assert.Equal("investigator", info.Metadata["role"]);
    }

    [Fact]
    public async Task AnInvestigatorChangingACaseTheyDoNotLead_IsToldWhichCasesTheyCanChange()
    {
        var filed = await host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova").CreateAsync();
        var other = host.ClientFor(Party.RU, Role.Investigator, "ru.ivanov");

        var error = await RefusedAsync(() => other.Cases.StartInvestigationAsync(new V1.StartInvestigationRequest { Name = filed.Name }).ResponseAsync);

        AssertStatus(error, StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED");
        Assert.Equal("As an investigator of RU you can start the investigation (StartInvestigation) only on cases you lead.", error.Status.Detail);
    }

    [Fact]
    public void EveryMethodOfThePermissionTable_HasItsActionInWords()
    {
        var unnamed = Permissions.Table.Keys.Where(method => ActionNames.Of(method) == method).ToList();

        Assert.True(unnamed.Count == 0, "Say what these do in ActionNames: " + string.Join(", ", unnamed));
    }
}
