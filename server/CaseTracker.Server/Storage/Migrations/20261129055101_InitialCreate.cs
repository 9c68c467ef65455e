using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseTracker.Server.Storage.Migrations
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
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    CaseId = table.Column<string>(type: "TEXT", nullable: false),
                    Type = table.Column<string>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", nullable: false),
                    ActorParty = table.Column<string>(type: "TEXT", nullable: false),
                    ActorRole = table.Column<string>(type: "TEXT", nullable: false),
                    EventTime = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    PreviousHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseEvents", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "Cases",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ReferenceYear = table.Column<int>(type: "INTEGER", nullable: false),
                    ReferenceNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    FilingParty = table.Column<int>(type: "INTEGER", nullable: false),
                    IntakeChannel = table.Column<int>(type: "INTEGER", nullable: false),
                    Priority = table.Column<int>(type: "INTEGER", nullable: false),
                    UrgencyReasons = table.Column<string>(type: "TEXT", nullable: false),
                    Stage = table.Column<int>(type: "INTEGER", nullable: false),
                    SubjectNameSearch = table.Column<string>(type: "TEXT", nullable: false),
                    Allegations = table.Column<string>(type: "TEXT", nullable: false),
                    AllegationDetails = table.Column<string>(type: "TEXT", nullable: false),
                    LeadInvestigators = table.Column<string>(type: "TEXT", nullable: false),
                    Resolution = table.Column<string>(type: "TEXT", nullable: true),
                    Outcome = table.Column<int>(type: "INTEGER", nullable: true),
                    CloseReason = table.Column<string>(type: "TEXT", nullable: false),
                    CreateTime = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdateTime = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CloseTime = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClockCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    AwaitingResponse_Awaited = table.Column<string>(type: "TEXT", nullable: true),
                    AwaitingResponse_Party = table.Column<int>(type: "INTEGER", nullable: true),
                    AwaitingResponse_Since = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Consent_IncludeInStatistics = table.Column<bool>(type: "INTEGER", nullable: true),
                    Consent_RecordTime = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Consent_RecordedBy = table.Column<string>(type: "TEXT", nullable: true),
                    Consent_RecordedByParty = table.Column<int>(type: "INTEGER", nullable: true),
                    Consent_ShareWithOtherParty = table.Column<bool>(type: "INTEGER", nullable: true),
                    Consent_WithdrawReason = table.Column<string>(type: "TEXT", nullable: true),
                    Consent_WithdrawTime = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Consent_WithdrawnBy = table.Column<string>(type: "TEXT", nullable: true),
                    EnforcementAction_DecidingAuthority = table.Column<string>(type: "TEXT", nullable: true),
                    EnforcementAction_DecisionDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    EnforcementAction_DecisionReference = table.Column<string>(type: "TEXT", nullable: true),
                    EnforcementAction_Region = table.Column<string>(type: "TEXT", nullable: true),
                    EnforcementAction_RegistryGround = table.Column<int>(type: "INTEGER", nullable: true),
                    EnforcementAction_Type = table.Column<int>(type: "INTEGER", nullable: true),
                    Subject_Address = table.Column<string>(type: "TEXT", nullable: false),
                    Subject_Citizenship = table.Column<string>(type: "TEXT", nullable: false),
                    Subject_DateOfBirth = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Subject_Email = table.Column<string>(type: "TEXT", nullable: false),
                    Subject_NameLatin = table.Column<string>(type: "TEXT", nullable: false),
                    Subject_NameRussian = table.Column<string>(type: "TEXT", nullable: false),
                    Subject_NameTajik = table.Column<string>(type: "TEXT", nullable: false),
                    Subject_PassportNumber = table.Column<string>(type: "TEXT", nullable: false),
                    Subject_Phone = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Cases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Requests",
                columns: table => new
                {
                    CallerKey = table.Column<string>(type: "TEXT", maxLength: 240, nullable: false),
                    RequestId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Method = table.Column<string>(type: "TEXT", nullable: false),
                    RequestHash = table.Column<string>(type: "TEXT", nullable: false),
                    Response = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreateTime = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Requests", x => new { x.CallerKey, x.RequestId });
                });

            migrationBuilder.CreateTable(
                name: "CheckpointSignatures",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Party = table.Column<int>(type: "INTEGER", nullable: false),
                    Signature = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Signer = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SignTime = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                    CaseId = table.Column<string>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Stage = table.Column<int>(type: "INTEGER", nullable: false),
                    OwingParty = table.Column<int>(type: "INTEGER", nullable: false),
                    Priority = table.Column<int>(type: "INTEGER", nullable: false),
                    StartTime = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DueTime = table.Column<DateTime>(type: "TEXT", nullable: false),
                    WarnTime = table.Column<DateTime>(type: "TEXT", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    StateBeforePause = table.Column<int>(type: "INTEGER", nullable: false),
                    PausedSince = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PausedFor = table.Column<int>(type: "INTEGER", nullable: true),
                    PausedTicks = table.Column<long>(type: "INTEGER", nullable: false),
                    WarnedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    BreachedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    NextActionTime = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CalendarVersion = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
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
                    CaseId = table.Column<string>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    Author = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AuthorParty = table.Column<int>(type: "INTEGER", nullable: false),
                    CreateTime = table.Column<DateTime>(type: "TEXT", nullable: false)
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

            migrationBuilder.CreateIndex(
                name: "IX_CaseEvents_CaseId_Sequence",
                table: "CaseEvents",
                columns: new[] { "CaseId", "Sequence" });

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
                name: "Requests");

            migrationBuilder.DropTable(
                name: "CaseEvents");

            migrationBuilder.DropTable(
                name: "Cases");
        }
    }
}
