using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseTracker.Server.Storage.Migrations
{
    /// <inheritdoc />
    public partial class Deadlines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
                name: "Deadlines");
        }
    }
}
