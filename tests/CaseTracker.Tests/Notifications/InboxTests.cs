using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Grpc.Core;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Notifications;

/// <summary>One member's inbox through the contract: the order, the pages, the filters, the feed and marking read.</summary>
public sealed class InboxTests : IDisposable
{
    private readonly TaskForce _force = new();

    public void Dispose() => _force.Dispose();

    private CaseTrackerClient Petrov => _force.Member("ru.petrov");

    /// <summary>Assigns a new Tajik case to Russia's investigator: one CASE_ASSIGNED notification in his inbox.</summary>
    private async Task<V1.Case> AssignAsync()
    {
        var c = await _force.Supervisor(Party.TJ).CreateAsync();
        await _force.Supervisor(Party.RU).Cases.AssignInvestigatorAsync(new V1.AssignInvestigatorRequest { Name = c.Name, InvestigatorId = "ru.petrov" });
        return c;
    }

    private static async Task<V1.Notification> NextNotificationAsync(AsyncServerStreamingCall<V1.WatchNotificationsResponse> call)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await call.ResponseStream.MoveNext(timeout.Token))
        {
            if (call.ResponseStream.Current.Notification is { } n)
            {
                return n;
            }
        }
        throw new InvalidOperationException("The feed ended.");
    }

    [Fact]
    public async Task ListNotifications_ShowsUnreadFirstThenNewestFirst_PagedAndFiltered()
    {
        var cases = new List<V1.Case>();
        for (var i = 0; i < 4; i++)
        {
            cases.Add(await AssignAsync());
        }
        var inbox = await _force.InboxAsync("ru.petrov");
        await Petrov.Notifications.MarkNotificationsReadAsync(new V1.MarkNotificationsReadRequest { Names = { inbox.Single(n => n.Case == cases[3].Name).Name } });

        var first = await Petrov.Notifications.ListNotificationsAsync(new V1.ListNotificationsRequest { PageSize = 3 });
        var rest = await Petrov.Notifications.ListNotificationsAsync(new V1.ListNotificationsRequest { PageSize = 3, PageToken = first.NextPageToken });
        var oneCase = await Petrov.Notifications.ListNotificationsAsync(new V1.ListNotificationsRequest { Filter = $"case = \"{cases[1].Name}\" AND kind = CASE_ASSIGNED" });
        var read = await Petrov.Notifications.ListNotificationsAsync(new V1.ListNotificationsRequest { Filter = "read = true" });
        var bad = await RefusedAsync(() => Petrov.Notifications.ListNotificationsAsync(new V1.ListNotificationsRequest { Filter = "kind = SOMETHING" }).ResponseAsync);

        Assert.Equal([cases[2].Name, cases[1].Name, cases[0].Name], first.Notifications.Select(n => n.Case));
        Assert.Equal([cases[3].Name], rest.Notifications.Select(n => n.Case));
        Assert.Equal("", rest.NextPageToken);
        Assert.Equal(3, first.UnreadCount);
        Assert.Equal([cases[1].Name], oneCase.Notifications.Select(n => n.Case));
        Assert.Equal([cases[3].Name], read.Notifications.Select(n => n.Case));
        Assert.Equal((StatusCode.InvalidArgument, "INVALID_FILTER"), (bad.StatusCode, bad.Reason()));
    }

    [Fact]
    public async Task TheInbox_IsTheCallersOwn_AndAnotherPersonsNotificationCannotBeMarked()
    {
        await AssignAsync();
        var petrovs = Assert.Single(await _force.InboxAsync("ru.petrov"));

        var asOther = await RefusedAsync(() => _force.Member("ru.ivanova").Notifications.MarkNotificationsReadAsync(new V1.MarkNotificationsReadRequest { Names = { petrovs.Name } }).ResponseAsync);
        var samePersonOtherParty = await _force.InboxAsyncOf(Party.TJ, Role.Investigator, "ru.petrov");

        Assert.Empty(await _force.InboxAsync("ru.ivanova"));
        Assert.Empty(samePersonOtherParty);
        Assert.Equal((StatusCode.NotFound, "NOTIFICATION_NOT_FOUND"), (asOther.StatusCode, asOther.Reason()));
        Assert.False(Assert.Single(await _force.InboxAsync("ru.petrov")).Read);
    }

    [Fact]
    public async Task MarkNotificationsRead_KeepsTheFirstReadTime_AndMarkingAgainChangesNothing()
    {
        await AssignAsync();
        var notice = Assert.Single(await _force.InboxAsync("ru.petrov"));

        var marked = (await Petrov.Notifications.MarkNotificationsReadAsync(new V1.MarkNotificationsReadRequest { Names = { notice.Name } })).Notifications.Single();
        _force.Clock.Advance(TimeSpan.FromHours(1));
        var again = (await Petrov.Notifications.MarkNotificationsReadAsync(new V1.MarkNotificationsReadRequest { Names = { notice.Name } })).Notifications.Single();

        Assert.True(marked.Read);
        Assert.Equal(marked.ReadTime, again.ReadTime);
        Assert.Equal(0, (await Petrov.Notifications.ListNotificationsAsync(new V1.ListNotificationsRequest())).UnreadCount);
    }

    [Fact]
    public async Task WatchNotifications_SendsTheBacklogThenEachNewOne_AndResumesAfterTheLastSequenceReceived()
    {
        var first = await AssignAsync();
        var second = await AssignAsync();

        long last;
        V1.Case third;
        using (var watch = Petrov.Notifications.WatchNotifications(new V1.WatchNotificationsRequest()))
        {
            Assert.Equal(first.Name, (await NextNotificationAsync(watch)).Case);
            var atSecond = await NextNotificationAsync(watch);
            Assert.Equal(second.Name, atSecond.Case);
            last = atSecond.Sequence;
            third = await AssignAsync();
            Assert.Equal(third.Name, (await NextNotificationAsync(watch)).Case);
        }
        var fourth = await AssignAsync();
        using var resumed = Petrov.Notifications.WatchNotifications(new V1.WatchNotificationsRequest { AfterSequence = last });

        Assert.Equal(third.Name, (await NextNotificationAsync(resumed)).Case);
        Assert.Equal(fourth.Name, (await NextNotificationAsync(resumed)).Case);
    }

    [Fact]
    public async Task WatchNotifications_FromTheHead_SendsOnlyNewOnes_AndOnlyTheCallers()
    {
        await AssignAsync();
        using var watch = Petrov.Notifications.WatchNotifications(new V1.WatchNotificationsRequest { FromHead = true });
        await Task.Delay(300);

        var other = await _force.Member("tj.karimova").CreateAsync();
        await _force.Member("tj.karimova").Cases.RequestResponseAsync(new V1.RequestResponseRequest { Name = other.Name, Party = V1.Party.Ru, Awaited = "The file" });
        var newOne = await AssignAsync();

        Assert.Equal(newOne.Name, (await NextNotificationAsync(watch)).Case);
    }
}
