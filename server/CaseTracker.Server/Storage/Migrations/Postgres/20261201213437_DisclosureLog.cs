using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseTracker.Server.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DisclosureLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Disclosures",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    DiscloseTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CallerParty = table.Column<int>(type: "integer", nullable: false),
                    Caller = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CallerRole = table.Column<int>(type: "integer", nullable: false),
                    CaseId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Record = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Fields = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Method = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    PreviousHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Disclosures", x => x.Sequence);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Disclosures_Caller_Sequence",
                table: "Disclosures",
                columns: new[] { "Caller", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_Disclosures_CaseId_Sequence",
                table: "Disclosures",
                columns: new[] { "CaseId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_Disclosures_DiscloseTime",
                table: "Disclosures",
                column: "DiscloseTime");

            migrationBuilder.CreateIndex(
                name: "IX_Disclosures_Hash",
                table: "Disclosures",
                column: "Hash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Disclosures");
        }
    }
}
