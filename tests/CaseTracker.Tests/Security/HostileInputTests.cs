using System.Buffers.Binary;
using System.Text;
using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Storage;
using CaseTracker.Tests.Support;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Security;

/// <summary>
/// Malformed, oversized and malicious requests get a precise status — never UNKNOWN or INTERNAL — the server
/// stays up, and the database stays intact.
/// </summary>
public sealed class HostileInputTests(CaseTrackerHost host) : IClassFixture<CaseTrackerHost>
{
    private readonly CaseTrackerClient _investigator = host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");

    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);

    /// <summary>Sends bytes as the request of a method, bypassing the client's serializer.</summary>
    private async Task<RpcException> SendRawAsync(string method, byte[] body)
    {
        var call = new Method<byte[], byte[]>(MethodType.Unary, "casetracker.v1.CaseService", method, Raw, Raw);
        var token = host.TokenFor(Party.TJ, Role.Investigator, "tj.karimova");
        var headers = new Metadata { { "authorization", "Bearer " + token } };
        return await Assert.ThrowsAnyAsync<RpcException>(() =>
            _investigator.Channel.CreateCallInvoker().AsyncUnaryCall(call, null, new CallOptions(headers), body).ResponseAsync);
    }

    public static TheoryData<string, byte[]> MalformedBodies => new()
    {
        { "truncated varint", [0x0A, 0xFF] },
        { "length past the end", [0x0A, 0x7F, 0x41] },
        { "group wire type", [0x0B, 0x0C] },
        { "field number zero", [0x00, 0x01] },
        { "random bytes", Encoding.ASCII.GetBytes("\u0001\u00ff garbage \u0000\u00fe") },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task MalformedProtobuf_IsInvalidArgument(string what, byte[] body)
    {
        var error = await SendRawAsync("GetCase", body);

        Assert.True(error.StatusCode == StatusCode.InvalidArgument, $"{what}: got {error.Status}");
        await AssertServerHealthyAsync();
    }

    [Fact]
    public async Task WrongWireTypeForAField_IsInvalidArgument()
    {
        // Field 1 (name, a string) sent as a varint.
        var error = await SendRawAsync("GetCase", [0x08, 0x2A]);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task MessageLargerThanTheLimit_IsResourceExhaustedNamingTheLimit()
    {
        var draft = NewCase();
        draft.AllegationDetails = new string('x', 5 * 1024 * 1024);

        var error = await RefusedAsync(() => _investigator.Cases.CreateCaseAsync(new V1.CreateCaseRequest { Case = draft }).ResponseAsync);

        AssertStatus(error, StatusCode.ResourceExhausted, "MESSAGE_TOO_LARGE");
        Assert.Contains("at most 4194304", error.Status.Detail, StringComparison.Ordinal);
        await AssertServerHealthyAsync();
    }

    [Fact]
    public async Task CompressedMessageLargerThanTheLimitOnceInflated_IsResourceExhaustedWithItsReason()
    {
        var draft = NewCase();
        draft.AllegationDetails = new string('x', 5 * 1024 * 1024); // a few kilobytes once gzipped
        var gzip = new Metadata { { "grpc-internal-encoding-request", "gzip" } };

        var error = await RefusedAsync(() => _investigator.Cases.CreateCaseAsync(new V1.CreateCaseRequest { Case = draft }, gzip).ResponseAsync);

        AssertStatus(error, StatusCode.ResourceExhausted, "MESSAGE_TOO_LARGE");
        Assert.Contains("4194304", error.Status.Detail, StringComparison.Ordinal);
        await AssertServerHealthyAsync();
    }

    [Fact]
    public async Task LaterMessageOfAClientStreamLargerThanTheLimit_IsResourceExhausted()
    {
        var ministry = host.ClientFor(Party.RU, Role.MinistrySystem, "ru.mvd");
        using var call = ministry.Reconciliations.ImportPersonList();
        await call.RequestStream.WriteAsync(new V1.ImportPersonListRequest
        {
            Header = PersonLists.Header("hostile-large-second-message"),
            Records = { PersonLists.Person(1, "SAIDOV", "ANVAR", "1991-01-01") },
        });
        var oversized = new V1.ImportPersonListRequest { Records = { PersonLists.Person(2, new string('X', 5 * 1024 * 1024), "ANVAR", "1991-01-01") } };

        var error = await RefusedAsync(async () =>
        {
            try
            {
                await call.RequestStream.WriteAsync(oversized);
                await call.RequestStream.CompleteAsync();
            }
            catch (Exception sending) when (sending is RpcException or InvalidOperationException or IOException)
            {
                // The server may refuse the frame and end the call while the message is still being sent: its
                // answer is then the call's status, read below.
            }
            return await call.ResponseAsync;
        });

        AssertStatus(error, StatusCode.ResourceExhausted, "MESSAGE_TOO_LARGE");
    }

    [Theory]
    [InlineData(0x8000_0000u)]
    [InlineData(0xFFFF_FFFFu)]
    public async Task LengthPrefixOfTwoToThe31OrMore_IsResourceExhausted_ForCaseTrackerAndHealthAlike(uint length)
    {
        using var hostile = CaseTrackerClient.Create(host.Server.BaseAddress,
            () => host.TokenFor(Party.TJ, Role.Investigator, "tj.karimova"), new LengthPrefixRewriter(length, host.Server.CreateHandler()));

        var getCase = await RefusedAsync(() => hostile.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = "cases/TJ-2026-000001" }).ResponseAsync);
        var health = await RefusedAsync(() => new Health.HealthClient(hostile.Channel).CheckAsync(new HealthCheckRequest()).ResponseAsync);

        AssertStatus(getCase, StatusCode.ResourceExhausted, "MESSAGE_TOO_LARGE");
        AssertStatus(health, StatusCode.ResourceExhausted, "MESSAGE_TOO_LARGE");
        await AssertServerHealthyAsync();
    }

    [Fact]
    public async Task FieldLongerThanItsLimit_IsInvalidArgumentNamingTheField()
    {
        var draft = NewCase();
        draft.AllegationDetails = new string('x', 10_001);
        draft.Subject.NameLatin = new string('A', 201);

        var error = await RefusedAsync(() => _investigator.Cases.CreateCaseAsync(new V1.CreateCaseRequest { Case = draft }).ResponseAsync);

        AssertStatus(error, StatusCode.InvalidArgument, "INVALID_REQUEST");
        Assert.Equal(["case.allegation_details", "case.subject.name_latin"], error.FieldViolations().Select(v => v.Field).Order());
    }

    [Fact]
    public async Task UnknownEnumNumbers_AreInvalidArgument()
    {
        var draft = NewCase();
        draft.IntakeChannel = (V1.IntakeChannel)99;
        draft.Allegations.Add((V1.AllegationCode)1234);

        var error = await RefusedAsync(() => _investigator.Cases.CreateCaseAsync(new V1.CreateCaseRequest { Case = draft }).ResponseAsync);

        AssertStatus(error, StatusCode.InvalidArgument, "INVALID_REQUEST");
        Assert.Equal(["case.allegations[1]", "case.intake_channel"], error.FieldViolations().Select(v => v.Field).Order());
    }

    [Theory]
    [InlineData("RAKHMONOV\u202EVONOMHKAR")]   // right-to-left override
    [InlineData("Рахмонов\u200BФаррух")]        // zero-width space
    [InlineData("Рахмонов\u200FФаррух")]        // right-to-left mark
    [InlineData("Rakhmonov\u0000Farrukh")]      // NUL
    public async Task NameWithInvisibleOrDirectionControls_IsInvalidArgument(string name)
    {
        var error = await RefusedAsync(() => _investigator.CreateAsync(NewCase(latinName: name)));

        AssertStatus(error, StatusCode.InvalidArgument, "INVALID_REQUEST");
        Assert.Contains(error.FieldViolations(), v => v.Field == "case.subject.name_latin");
    }

    [Fact]
    public async Task NameWithCombiningCharacters_IsAcceptedAndStoredComposed()
    {
        // "й" written as и + combining breve.
        var created = await _investigator.CreateAsync(NewCase(russianName: "Раджабова Зарина Баи\u0306евна"));

        Assert.Equal("Раджабова Зарина Байевна", created.Subject.NameRussian);
    }

    [Theory]
    [InlineData("stage = INTAKE; DROP TABLE Cases")]
    [InlineData("stage = INTAKE OR 1=1")]
    [InlineData("subject.name : \"x\" --")]
    [InlineData("\"Cases\" = 1")]
    public async Task FilterWithInjection_IsInvalidArgument(string filter)
    {
        var error = await RefusedAsync(() => _investigator.Cases.ListCasesAsync(new V1.ListCasesRequest { Filter = filter }).ResponseAsync);

        AssertStatus(error, StatusCode.InvalidArgument, "INVALID_FILTER");
    }

    [Fact]
    public async Task InjectionInsideAQuotedValue_IsOnlyText()
    {
        await _investigator.CreateAsync();

        var listed = await _investigator.Cases.ListCasesAsync(new V1.ListCasesRequest { Filter = "subject.name : \"x' OR '1'='1\"" });

        Assert.Empty(listed.Cases);
        await AssertServerHealthyAsync();
    }

    public static TheoryData<string> MalformedTimes => ["WatchCaseEvents", "WatchNotifications", "WaitOperation", "ImportPersonList"];

    /// <summary>A duration or timestamp the protobuf rules do not allow (nanos past a second, signs that disagree) is bad input, not a server error.</summary>
    [Theory]
    [MemberData(nameof(MalformedTimes))]
    public async Task ADurationOrTimestampOutsideTheProtobufRules_IsInvalidArgument_NamingTheField(string method)
    {
        var nanosPastASecond = new Google.Protobuf.WellKnownTypes.Duration { Seconds = 5, Nanos = 2_000_000_000 };
        var signsDisagree = new Google.Protobuf.WellKnownTypes.Duration { Seconds = 5, Nanos = -1 };
        var ministry = host.ClientFor(Party.RU, Role.MinistrySystem, "ru.mvd");
        var (field, call) = method switch
        {
            "WatchCaseEvents" => ("heartbeat_interval", (Func<Task>)(async () =>
            {
                using var watch = _investigator.Cases.WatchCaseEvents(new V1.WatchCaseEventsRequest { HeartbeatInterval = nanosPastASecond });
                await watch.ResponseStream.MoveNext();
            })),
            "WatchNotifications" => ("heartbeat_interval", async () =>
            {
                using var watch = _investigator.Notifications.WatchNotifications(new V1.WatchNotificationsRequest { HeartbeatInterval = signsDisagree });
                await watch.ResponseStream.MoveNext();
            }),
            "WaitOperation" => ("timeout", async () =>
                await _investigator.Operations.WaitOperationAsync(new V1.WaitOperationRequest { Name = "operations/any", Timeout = nanosPastASecond })),
            _ => ("header.as_of_time", async () =>
            {
                var header = PersonLists.Header("bad-time");
                header.AsOfTime = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = 1_800_000_000, Nanos = 1_000_000_000 };
                await ministry.ImportPersonListAsync(header, [PersonLists.Person(1, "SAIDOV", "ANVAR", "1991-01-01")]);
            }),
        };

        var error = await Assert.ThrowsAsync<CaseTrackerException>(call);

        Assert.Equal((StatusCode.InvalidArgument, "INVALID_REQUEST"), (error.StatusCode, error.Reason));
        Assert.Contains(error.FieldViolations, v => v.Field == field && v.Description.StartsWith("not a valid", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnsignedToken_IsUnauthenticated()
    {
        // alg "none": a header and payload without a signature.
        static string Encode(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var unsigned = Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." +
            Encode($"{{\"iss\":\"casetracker-tj\",\"aud\":\"casetracker\",\"sub\":\"x\",\"role\":\"co-chair\",\"exp\":{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}}}") + ".";

        var error = await RefusedAsync(() => host.ClientWithToken(unsigned).Cases.ListCasesAsync(new V1.ListCasesRequest()).ResponseAsync);

        AssertStatus(error, StatusCode.Unauthenticated, "CREDENTIALS_INVALID");
    }

    [SqliteOnlyFact("PRAGMA integrity_check reads SQLite's own file format")]
    public async Task AfterEverything_TheDatabasePassesItsIntegrityCheck()
    {
        await SendRawAsync("CreateCase", [0x0A, 0xFF, 0xFF]);
        await _investigator.CreateAsync();

        await using var db = await host.Services.GetRequiredService<IDbContextFactory<CaseTrackerDbContext>>().CreateDbContextAsync();
        var integrity = await db.Database.SqlQueryRaw<string>("SELECT integrity_check AS Value FROM pragma_integrity_check").ToListAsync();

        Assert.Equal(["ok"], integrity);
    }

    /// <summary>Writes another length into the request's gRPC frame header, as a hostile client could.</summary>
    private sealed class LengthPrefixRewriter(uint length, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(1, 4), length);
            var rewritten = new ByteArrayContent(body);
            foreach (var (name, values) in request.Content.Headers.NonValidated)
            {
                rewritten.Headers.TryAddWithoutValidation(name, values);
            }
            request.Content = rewritten;
            return await base.SendAsync(request, cancellationToken);
        }
    }

    private async Task AssertServerHealthyAsync()
    {
        var listed = await _investigator.Cases.ListCasesAsync(new V1.ListCasesRequest { PageSize = 1 });
        Assert.NotNull(listed);
    }
}
