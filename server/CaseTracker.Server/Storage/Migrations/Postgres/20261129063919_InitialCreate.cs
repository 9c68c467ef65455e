using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseTracker.Server.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CaseEvents",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    CaseId = table.Column<string>(type: "text", nullable: false),
                    Type = table.Column<string>(type: "text", nullable: false),
                    Actor = table.Column<string>(type: "text", nullable: false),
                    ActorParty = table.Column<string>(type: "text", nullable: false),
                    ActorRole = table.Column<string>(type: "text", nullable: false),
                    EventTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    PreviousHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseEvents", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "Cases",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Reference = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ReferenceYear = table.Column<int>(type: "integer", nullable: false),
                    ReferenceNumber = table.Column<int>(type: "integer", nullable: false),
                    FilingParty = table.Column<int>(type: "integer", nullable: false),
                    IntakeChannel = table.Column<int>(type: "integer", nullable: false),
                    Priority = table.Column<int>(type: "integer", nullable: false),
                    UrgencyReasons = table.Column<string>(type: "text", nullable: false),
                    Stage = table.Column<int>(type: "integer", nullable: false),
                    SubjectNameSearch = table.Column<string>(type: "text", nullable: false),
                    Allegations = table.Column<string>(type: "text", nullable: false),
                    AllegationDetails = table.Column<string>(type: "text", nullable: false),
                    LeadInvestigators = table.Column<string>(type: "text", nullable: false),
                    Resolution = table.Column<string>(type: "text", nullable: true),
                    Outcome = table.Column<int>(type: "integer", nullable: true),
                    CloseReason = table.Column<string>(type: "text", nullable: false),
                    CreateTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdateTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CloseTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClockCount = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    AwaitingResponse_Awaited = table.Column<string>(type: "text", nullable: true),
                    AwaitingResponse_Party = table.Column<int>(type: "integer", nullable: true),
                    AwaitingResponse_Since = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Consent_IncludeInStatistics = table.Column<bool>(type: "boolean", nullable: true),
                    Consent_RecordTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Consent_RecordedBy = table.Column<string>(type: "text", nullable: true),
                    Consent_RecordedByParty = table.Column<int>(type: "integer", nullable: true),
                    Consent_ShareWithOtherParty = table.Column<bool>(type: "boolean", nullable: true),
                    Consent_WithdrawReason = table.Column<string>(type: "text", nullable: true),
                    Consent_WithdrawTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Consent_WithdrawnBy = table.Column<string>(type: "text", nullable: true),
                    EnforcementAction_DecidingAuthority = table.Column<string>(type: "text", nullable: true),
                    EnforcementAction_DecisionDate = table.Column<DateOnly>(type: "date", nullable: true),
                    EnforcementAction_DecisionReference = table.Column<string>(type: "text", nullable: true),
                    EnforcementAction_Region = table.Column<string>(type: "text", nullable: true),
                    EnforcementAction_RegistryGround = table.Column<int>(type: "integer", nullable: true),
                    EnforcementAction_Type = table.Column<int>(type: "integer", nullable: true),
                    Subject_Address = table.Column<string>(type: "text", nullable: false),
                    Subject_Citizenship = table.Column<string>(type: "text", nullable: false),
                    Subject_DateOfBirth = table.Column<DateOnly>(type: "date", nullable: true),
                    Subject_Email = table.Column<string>(type: "text", nullable: false),
                    Subject_NameLatin = table.Column<string>(type: "text", nullable: false),
                    Subject_NameRussian = table.Column<string>(type: "text", nullable: false),
                    Subject_NameTajik = table.Column<string>(type: "text", nullable: false),
                    Subject_PassportNumber = table.Column<string>(type: "text", nullable: false),
                    Subject_Phone = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Cases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MonthlyReviews",
                columns: table => new
                {
                    Month = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    Attempt = table.Column<int>(type: "integer", nullable: false),
                    OperationName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PeriodStart = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    PeriodEnd = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AsOfSequence = table.Column<long>(type: "bigint", nullable: false),
                    AsOfHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ManifestSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedBy = table.Column<string>(type: "text", nullable: false),
                    CreateTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReadyTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonthlyReviews", x => x.Month);
                });

            migrationBuilder.CreateTable(
                name: "Operations",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Target = table.Column<string>(type: "text", nullable: false),
                    Metadata = table.Column<byte[]>(type: "bytea", nullable: false),
                    Done = table.Column<bool>(type: "boolean", nullable: false),
                    ErrorCode = table.Column<int>(type: "integer", nullable: true),
                    ErrorReason = table.Column<string>(type: "text", nullable: false),
                    ErrorMessage = table.Column<string>(type: "text", nullable: false),
                    CreateTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdateTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Operations", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "Requests",
                columns: table => new
                {
                    CallerKey = table.Column<string>(type: "character varying(240)", maxLength: 240, nullable: false),
                    RequestId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Method = table.Column<string>(type: "text", nullable: false),
                    RequestHash = table.Column<string>(type: "text", nullable: false),
                    Response = table.Column<byte[]>(type: "bytea", nullable: false),
                    CreateTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Requests", x => new { x.CallerKey, x.RequestId });
                });

            migrationBuilder.CreateTable(
                name: "ReviewFileChunks",
                columns: table => new
                {
                    Month = table.Column<string>(type: "text", nullable: false),
                    FileName = table.Column<string>(type: "text", nullable: false),
                    Index = table.Column<int>(type: "integer", nullable: false),
                    Data = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewFileChunks", x => new { x.Month, x.FileName, x.Index });
                });

            migrationBuilder.CreateTable(
                name: "CheckpointSignatures",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Party = table.Column<int>(type: "integer", nullable: false),
                    Signature = table.Column<byte[]>(type: "bytea", nullable: false),
                    Signer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SignTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CheckpointSignatures", x => new { x.Sequence, x.Party });
                    table.ForeignKey(
                        name: "FK_CheckpointSignatures_CaseEvents_Sequence",
                        column: x => x.Sequence,
                        principalTable: "CaseEvents",
                        principalColumn: "Sequence",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Deadlines",
                columns: table => new
                {
                    CaseId = table.Column<string>(type: "character varying(32)", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Stage = table.Column<int>(type: "integer", nullable: false),
                    OwingParty = table.Column<int>(type: "integer", nullable: false),
                    Priority = table.Column<int>(type: "integer", nullable: false),
                    StartTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DueTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    WarnTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    StateBeforePause = table.Column<int>(type: "integer", nullable: false),
                    PausedSince = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PausedFor = table.Column<int>(type: "integer", nullable: true),
                    PausedTicks = table.Column<long>(type: "bigint", nullable: false),
                    WarnedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    BreachedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    NextActionTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CalendarVersion = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Deadlines", x => new { x.CaseId, x.Number });
                    table.ForeignKey(
                        name: "FK_Deadlines_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Notes",
                columns: table => new
                {
                    CaseId = table.Column<string>(type: "character varying(32)", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "text", nullable: false),
                    Author = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AuthorParty = table.Column<int>(type: "integer", nullable: false),
                    CreateTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notes", x => new { x.CaseId, x.Number });
                    table.ForeignKey(
                        name: "FK_Notes_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ReviewFiles",
                columns: table => new
                {
                    Month = table.Column<string>(type: "character varying(7)", nullable: false),
                    FileName = table.Column<string>(type: "text", nullable: false),
                    Ordinal = table.Column<int>(type: "integer", nullable: false),
                    MediaType = table.Column<string>(type: "text", nullable: false),
                    SizeBytes = table.Column<long>(type: "bigint", nullable: false),
                    Sha256 = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewFiles", x => new { x.Month, x.FileName });
                    table.ForeignKey(
                        name: "FK_ReviewFiles_MonthlyReviews_Month",
                        column: x => x.Month,
                        principalTable: "MonthlyReviews",
                        principalColumn: "Month",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ReviewSignatures",
                columns: table => new
                {
                    Month = table.Column<string>(type: "character varying(7)", nullable: false),
                    Party = table.Column<int>(type: "integer", nullable: false),
                    Signer = table.Column<string>(type: "text", nullable: false),
                    Role = table.Column<int>(type: "integer", nullable: false),
                    ManifestSha256 = table.Column<string>(type: "text", nullable: false),
                    SignTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewSignatures", x => new { x.Month, x.Party });
                    table.ForeignKey(
                        name: "FK_ReviewSignatures_MonthlyReviews_Month",
                        column: x => x.Month,
                        principalTable: "MonthlyReviews",
                        principalColumn: "Month",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CaseEvents_CaseId_Sequence",
                table: "CaseEvents",
                columns: new[] { "CaseId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseEvents_EventTime",
                table: "CaseEvents",
                column: "EventTime");

            migrationBuilder.CreateIndex(
                name: "IX_CaseEvents_Hash",
                table: "CaseEvents",
                column: "Hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Cases_CreateTime",
                table: "Cases",
                column: "CreateTime");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_Reference",
                table: "Cases",
                column: "Reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Cases_ReferenceYear_ReferenceNumber",
                table: "Cases",
                columns: new[] { "ReferenceYear", "ReferenceNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Cases_Stage",
                table: "Cases",
                column: "Stage");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_UpdateTime",
                table: "Cases",
                column: "UpdateTime");

            migrationBuilder.CreateIndex(
                name: "IX_Deadlines_DueTime",
                table: "Deadlines",
                column: "DueTime");

            migrationBuilder.CreateIndex(
                name: "IX_Deadlines_NextActionTime",
                table: "Deadlines",
                column: "NextActionTime",
                filter: "\"NextActionTime\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Deadlines_OwingParty_State_DueTime",
                table: "Deadlines",
                columns: new[] { "OwingParty", "State", "DueTime" });

            migrationBuilder.CreateIndex(
                name: "IX_Operations_CreateTime",
                table: "Operations",
                column: "CreateTime");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CheckpointSignatures");

            migrationBuilder.DropTable(
                name: "Deadlines");

            migrationBuilder.DropTable(
                name: "Notes");

            migrationBuilder.DropTable(
                name: "Operations");

            migrationBuilder.DropTable(
                name: "Requests");

            migrationBuilder.DropTable(
                name: "ReviewFileChunks");

            migrationBuilder.DropTable(
                name: "ReviewFiles");

            migrationBuilder.DropTable(
                name: "ReviewSignatures");

            migrationBuilder.DropTable(
                name: "CaseEvents");

            migrationBuilder.DropTable(
                name: "Cases");

            migrationBuilder.DropTable(
                name: "MonthlyReviews");
        }
    }
}
