using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseTracker.Server.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CaseLeads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CaseLeads",
                columns: table => new
                {
                    CaseId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Party = table.Column<int>(type: "integer", nullable: false),
                    InvestigatorId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseLeads", x => new { x.CaseId, x.Party });
                    table.ForeignKey(
                        name: "FK_CaseLeads_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CaseLeads_Party_InvestigatorId_CaseId",
                table: "CaseLeads",
                columns: new[] { "Party", "InvestigatorId", "CaseId" });

            // The leads of the cases filed before: the rows the writer keeps from now on, made from each case's leads.
            migrationBuilder.Sql("""
                INSERT INTO "CaseLeads" ("CaseId", "Party", "InvestigatorId")
                SELECT c."Id", (l ->> 'Party')::integer, l ->> 'InvestigatorId'
                FROM "Cases" AS c, jsonb_array_elements(c."LeadInvestigators"::jsonb) AS l
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CaseLeads");
        }
    }
}
