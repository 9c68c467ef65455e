using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseTracker.Server.Storage.Migrations
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
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    DiscloseTime = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CallerParty = table.Column<int>(type: "INTEGER", nullable: false),
                    Caller = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CallerRole = table.Column<int>(type: "INTEGER", nullable: false),
                    CaseId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Record = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Fields = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Method = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PreviousHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
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
