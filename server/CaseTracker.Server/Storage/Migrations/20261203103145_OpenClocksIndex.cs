using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseTracker.Server.Storage.Migrations
{
    /// <inheritdoc />
    public partial class OpenClocksIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Deadlines_CaseId_Open",
                table: "Deadlines",
                column: "CaseId",
                filter: "\"State\" <> 6 AND \"State\" <> 7");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deadlines_CaseId_Open",
                table: "Deadlines");
        }
    }
}
