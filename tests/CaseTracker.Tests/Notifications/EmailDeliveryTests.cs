using System.Net.Http.Headers;
using System.Text;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Notifications;

/// <summary>
/// E-mail from the outbox to a real SMTP server on loopback: exactly once per notification whatever the runs, the
/// same Message-ID on a resend, each recipient's language, working hours, digests, failures shown, no personal data.
/// </summary>
public sealed class EmailDeliveryTests : IDisposable
{
    private readonly LoopbackSmtpServer _smtp = new();
    private readonly TaskForce _force;

    public EmailDeliveryTests()
    {
        var settings = _smtp.Settings();
        settings["Notifications:MaxAttempts"] = "2";
        _force = new TaskForce(settings);
    }

    public void Dispose()
    {
        _force.Dispose();
        _smtp.Dispose();
    }

    private Task DeliverAsync() => _force.Delivery().RunAsync(CancellationToken.None);

    private IReadOnlyList<MimeKit.MimeMessage> MailTo(string id) =>
        [.. _smtp.Mailbox.Where(m => m.To.Mailboxes.Any(a => a.Address == TaskForce.EmailOf(id)))];

    /// <summary>Findings proposed on a Tajik case: four supervisors are told, two of each party.</summary>
    private async Task<V1.Case> FindingsProposedAsync()
    {
        var c = await _force.Member("tj.karimova").InInvestigationAsync();
        await _force.Member("tj.karimova").Cases.ProposeResolutionAsync(new V1.ProposeResolutionRequest { Name = c.Name, Findings = "Left in 2024.", Outcome = V1.Outcome.AlreadyReturnedHome });
        return c;
    }

    [Fact]
    public async Task ACaseLeftAlone_MailsTheWarningTheBreachAndTheLevelTwoNotice_EachOnceAndInTheRecipientsLanguage()
    {
        var c = await _force.Member("tj.karimova").CreateAsync();
        await _force.LadderAsync(c.Name);
        // Friday 13 March, 07:00 UTC: within working hours in Moscow (10:00) and Dushanbe (12:00).
        _force.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 13, 7, 0, 0, TimeSpan.Zero));

        await DeliverAsync();
        await DeliverAsync();

        Assert.Equal($"Огоҳӣ дар бораи мӯҳлат: парвандаи {c.Reference}", Assert.Single(MailTo("tj.karimova")).Subject);
        Assert.Equal($"Мӯҳлат вайрон шуд: парвандаи {c.Reference}", Assert.Single(MailTo("tj.nazarov")).Subject);
        Assert.Equal($"Deadline breached: case {c.Reference}", Assert.Single(MailTo("tj.smith")).Subject);
        Assert.Equal($"Ба ҳамраисон супорида шуд: парвандаи {c.Reference}", Assert.Single(MailTo("tj.rahimov")).Subject);
        Assert.Equal($"Передано сопредседателям: дело {c.Reference}", Assert.Single(MailTo("ru.sokolov")).Subject);
        Assert.Equal(5, _smtp.Received.Count);
        Assert.All(await _force.InboxAsync("tj.nazarov"), n => Assert.Equal((V1.EmailState.Sent, 1), (n.EmailState, n.EmailAttempts)));
    }

    [Fact]
    public async Task TheMail_NamesTheCaseTheEventTheLocalDueTimeAndALink_InPlainTextAndHtml()
    {
        var c = await _force.Member("tj.karimova").CreateAsync();
        var clock = (await _force.Supervisor(Party.TJ).Cases.ListDeadlinesAsync(new V1.ListDeadlinesRequest { Parent = c.Name })).Deadlines.Single();
        _force.Past(clock.DueTime);
        await _force.ScanAsync();
        _force.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 6, 7, 0, 0, TimeSpan.Zero)); // Friday, 12:00 in Dushanbe

        await DeliverAsync();

        var english = Assert.Single(MailTo("tj.smith"));
        var notice = Assert.Single(await _force.InboxAsync("tj.smith"));
        Assert.Equal("2026-03-06 00:00 (UTC+05:00)", notice.DueTimeLocal); // Thursday 5 March ends at midnight in Dushanbe
        Assert.Equal($"<notification-{notice.Sequence}@casetracker.local>", english.Headers[MimeKit.HeaderId.MessageId]);
        foreach (var body in new[] { english.TextBody, english.HtmlBody })
        {
            Assert.Contains(c.Reference, body, StringComparison.Ordinal);
            Assert.Contains("DEADLINE_ESCALATED", body, StringComparison.Ordinal);
            Assert.Contains("2026-03-06 00:00 (UTC+05:00)", body, StringComparison.Ordinal);
            Assert.Contains($"http://localhost:5081/{c.Name}", body, StringComparison.Ordinal);
            Assert.Contains("See that the case is acted on now", body, StringComparison.Ordinal);
        }
        Assert.Contains("Таъмин намоед", Assert.Single(MailTo("tj.nazarov")).TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepeatedRuns_SendEachNotificationOnce()
    {
        await FindingsProposedAsync();

        for (var run = 0; run < 3; run++)
        {
            await DeliverAsync();
        }

        Assert.Equal(4, _smtp.Received.Count);
        Assert.Equal(4, _smtp.Received.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task ConcurrentRuns_SendEachNotificationOnce()
    {
        await FindingsProposedAsync();
        await _force.Supervisor(Party.RU).Cases.AssignInvestigatorAsync(new V1.AssignInvestigatorRequest
        {
            Name = (await _force.Supervisor(Party.TJ).CreateAsync()).Name, InvestigatorId = "ru.petrov",
        });

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => _force.Delivery().RunAsync(CancellationToken.None))));

        Assert.Equal(5, _smtp.Received.Count);
        Assert.Equal(5, _smtp.Received.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task ACrashBetweenSendingAndMarking_ResendsOnceWithTheSameMessageId_WhichTheMailSystemDrops()
    {
        await _force.Supervisor(Party.RU).Cases.AssignInvestigatorAsync(new V1.AssignInvestigatorRequest
        {
            Name = (await _force.Supervisor(Party.TJ).CreateAsync()).Name, InvestigatorId = "ru.petrov",
        });

        await _force.Delivery().RunAsync(stopAfterSending: true, CancellationToken.None);
        await DeliverAsync(); // the crashed run's lease still holds: nothing is sent twice at once
        Assert.Single(_smtp.Received);
        _force.Clock.Advance(TimeSpan.FromMinutes(6)); // the lease (5 minutes) runs out
        await DeliverAsync();
        await DeliverAsync();

        Assert.Equal(2, _smtp.Received.Count);
        Assert.Equal(_smtp.Received[0].MessageId, _smtp.Received[1].MessageId);
        Assert.Single(_smtp.Mailbox);
        Assert.Equal(V1.EmailState.Sent, Assert.Single(await _force.InboxAsync("ru.petrov")).EmailState);
    }

    [Fact]
    public async Task OutsideWorkingHours_TheMailWaitsForTheNextWorkingHourOnTheRecipientsCalendar()
    {
        // Saturday 7 March 2026, 10:00 UTC: a weekend in Moscow.
        _force.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 7, 10, 0, 0, TimeSpan.Zero));
        await _force.Supervisor(Party.RU).Cases.AssignInvestigatorAsync(new V1.AssignInvestigatorRequest
        {
            Name = (await _force.Supervisor(Party.TJ).CreateAsync()).Name, InvestigatorId = "ru.petrov",
        });

        await DeliverAsync();
        Assert.Empty(_smtp.Received);
        Assert.Equal(V1.EmailState.Pending, Assert.Single(await _force.InboxAsync("ru.petrov")).EmailState);
        // Monday 9 March is a day off in Russia (8 March fell on a Sunday): still nothing at 08:00 Moscow time on Tuesday...
        _force.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 10, 5, 59, 0, TimeSpan.Zero));
        await DeliverAsync();
        Assert.Empty(_smtp.Received);
        // ...and at 09:00 it goes.
        _force.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 10, 6, 0, 0, TimeSpan.Zero));
        await DeliverAsync();
        Assert.Single(MailTo("ru.petrov"));
    }

    [Fact]
    public async Task ALevelTwoEscalationOfAnUrgentCase_GoesAtOnce_EvenAtNight()
    {
        var c = await _force.Member("tj.karimova").CreateAsync(NewCase(priority: V1.Priority.Urgent));
        var clock = (await _force.Supervisor(Party.TJ).Cases.ListDeadlinesAsync(new V1.ListDeadlinesRequest { Parent = c.Name })).Deadlines.Single();
        _force.Past(clock.DueTime); // 00:01 in Dushanbe: the breach waits for the working day
        await _force.ScanAsync();
        await DeliverAsync();
        Assert.Empty(MailTo("tj.nazarov"));

        // A week later, 00:01 in Dushanbe and 22:01 in Moscow: level 2 goes at once.
        _force.Clock.SetUtcNow(clock.DueTime.ToDateTimeOffset().AddDays(7).AddMinutes(1));
        await _force.ScanAsync();
        await DeliverAsync();

        Assert.Single(MailTo("tj.rahimov"));
        Assert.Single(MailTo("ru.sokolov"));
    }

    [Fact]
    public async Task ADailyDigest_GoesAt0900LocalOnTheNextWorkingDay_AsOneMail()
    {
        await _force.Supervisor(Party.TJ).Members.UpdateMemberAsync(new V1.UpdateMemberRequest
        {
            Member = new V1.Member { Name = "parties/TJ/members/tj.smith", EmailDelivery = V1.EmailDelivery.DailyDigest },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "email_delivery" } },
        });
        await FindingsProposedAsync();
        await FindingsProposedAsync();

        await DeliverAsync();
        Assert.Empty(MailTo("tj.smith"));
        Assert.Equal(2, MailTo("tj.nazarov").Count);
        _force.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 3, 4, 0, 0, TimeSpan.Zero)); // Tuesday, 09:00 in Dushanbe
        await DeliverAsync();

        var digest = Assert.Single(MailTo("tj.smith"));
        Assert.Equal("CaseTracker digest: 2 notifications", digest.Subject);
        Assert.Equal(2, digest.TextBody!.Split("Findings await your party's sign-off").Length - 1);
    }

    [Fact]
    public async Task ADeliveryThatKeepsFailing_ShowsAsFailedInTheInboxAndOnTheDashboard()
    {
        _smtp.Refusing = true;
        await _force.Supervisor(Party.RU).Cases.AssignInvestigatorAsync(new V1.AssignInvestigatorRequest
        {
            Name = (await _force.Supervisor(Party.TJ).CreateAsync()).Name, InvestigatorId = "ru.petrov",
        });

        await DeliverAsync();
        var retried = Assert.Single(await _force.InboxAsync("ru.petrov"));
        Assert.Equal((V1.EmailState.Pending, 1), (retried.EmailState, retried.EmailAttempts));
        await DeliverAsync(); // the retry waits a minute
        _force.Clock.Advance(TimeSpan.FromMinutes(1));
        await DeliverAsync();

        var failed = Assert.Single(await _force.InboxAsync("ru.petrov"));
        Assert.Equal((V1.EmailState.Failed, 2), (failed.EmailState, failed.EmailAttempts));
        Assert.StartsWith("SMTP 554", failed.EmailError, StringComparison.Ordinal);
        using var client = _force.Host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _force.Host.TokenFor(Party.RU, Role.Supervisor, "ru.ivanova"));
        var page = await (await client.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("Failed e-mails", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithSmtpOff_NotificationsAreInboxOnly()
    {
        using var force = new TaskForce();
        await force.Supervisor(Party.RU).Cases.AssignInvestigatorAsync(new V1.AssignInvestigatorRequest
        {
            Name = (await force.Supervisor(Party.TJ).CreateAsync()).Name, InvestigatorId = "ru.petrov",
        });

        await force.Delivery().RunAsync(CancellationToken.None);

        Assert.Equal(V1.EmailState.InboxOnly, Assert.Single(await force.InboxAsync("ru.petrov")).EmailState);
        Assert.Empty(_smtp.Received);
    }

    [Fact]
    public async Task NoNotificationAndNoMail_CarriesTheSubjectsPersonalData()
    {
        var c = await _force.Member("tj.karimova").CreateAsync();
        await _force.Member("tj.karimova").Cases.RequestResponseAsync(new V1.RequestResponseRequest { Name = c.Name, Party = V1.Party.Ru, Awaited = "RAKHMONOV's file" });
        await _force.Member("tj.karimova").Cases.RecordResponseAsync(new V1.RecordResponseRequest { Name = c.Name, Summary = "Received" });
        await _force.LadderAsync(c.Name);
        _force.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 20, 7, 0, 0, TimeSpan.Zero));
        await DeliverAsync();

        Assert.True(_smtp.Raw.Count >= 5, "the ladder and the request should have mailed someone");
        var mailed = _smtp.Received.Select(m => Encoding.UTF8.GetBytes(m.Subject + m.TextBody + m.HtmlBody));
        Assert.Empty(await _force.PersonalDataFoundAsync(TaskForce.SubjectPersonalData, [.. _smtp.Raw, .. mailed]));
    }
}
