using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseTracker.Server.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PersonLists : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PersonLists",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    ImportId = table.Column<string>(type: "text", nullable: false),
                    SourceParty = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    AsOfTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Title = table.Column<string>(type: "text", nullable: false),
                    OperationName = table.Column<string>(type: "text", nullable: false),
                    Complete = table.Column<bool>(type: "boolean", nullable: false),
                    Records = table.Column<long>(type: "bigint", nullable: false),
                    MatchedOpenCase = table.Column<long>(type: "bigint", nullable: false),
                    MatchedClosedCase = table.Column<long>(type: "bigint", nullable: false),
                    ReturnedHome = table.Column<long>(type: "bigint", nullable: false),
                    NoMatch = table.Column<long>(type: "bigint", nullable: false),
                    Ambiguous = table.Column<long>(type: "bigint", nullable: false),
                    Invalid = table.Column<long>(type: "bigint", nullable: false),
                    CreateTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdateTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonLists", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "PersonListRows",
                columns: table => new
                {
                    List = table.Column<string>(type: "character varying(80)", nullable: false),
                    Line = table.Column<long>(type: "bigint", nullable: false),
                    Surname = table.Column<string>(type: "text", nullable: false),
                    GivenName = table.Column<string>(type: "text", nullable: false),
                    DateOfBirthText = table.Column<string>(type: "text", nullable: false),
                    DateOfBirth = table.Column<DateOnly>(type: "date", nullable: true),
                    PassportNumber = table.Column<string>(type: "text", nullable: false),
                    SourceReference = table.Column<string>(type: "text", nullable: false),
                    Outcome = table.Column<int>(type: "integer", nullable: false),
                    Score = table.Column<double>(type: "double precision", nullable: false),
                    MatchedCase = table.Column<string>(type: "text", nullable: false),
                    MatchedRecord = table.Column<string>(type: "text", nullable: false),
                    Explanation = table.Column<string>(type: "text", nullable: false),
                    InvalidReason = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonListRows", x => new { x.List, x.Line });
                    table.ForeignKey(
                        name: "FK_PersonListRows_PersonLists_List",
                        column: x => x.List,
                        principalTable: "PersonLists",
                        principalColumn: "Name",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MatchDecisions",
                columns: table => new
                {
                    List = table.Column<string>(type: "character varying(80)", nullable: false),
                    Line = table.Column<long>(type: "bigint", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Decision = table.Column<int>(type: "integer", nullable: false),
                    Candidate = table.Column<string>(type: "text", nullable: false),
                    PreviousOutcome = table.Column<int>(type: "integer", nullable: false),
                    Outcome = table.Column<int>(type: "integer", nullable: false),
                    Actor = table.Column<string>(type: "text", nullable: false),
                    ActorParty = table.Column<int>(type: "integer", nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: false),
                    Time = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MatchDecisions", x => new { x.List, x.Line, x.Number });
                    table.ForeignKey(
                        name: "FK_MatchDecisions_PersonListRows_List_Line",
                        columns: x => new { x.List, x.Line },
                        principalTable: "PersonListRows",
                        principalColumns: new[] { "List", "Line" },
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PersonListRows_List_Outcome_Line",
                table: "PersonListRows",
                columns: new[] { "List", "Outcome", "Line" });

            migrationBuilder.CreateIndex(
                name: "IX_PersonLists_Kind_SourceParty",
                table: "PersonLists",
                columns: new[] { "Kind", "SourceParty" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MatchDecisions");

            migrationBuilder.DropTable(
                name: "PersonListRows");

            migrationBuilder.DropTable(
                name: "PersonLists");
        }
    }
}
