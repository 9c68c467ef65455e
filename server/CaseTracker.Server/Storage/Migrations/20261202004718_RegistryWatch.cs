using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseTracker.Server.Storage.Migrations
{
    /// <inheritdoc />
    public partial class RegistryWatch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Compared",
                table: "PersonLists",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "PreviousSnapshot",
                table: "PersonLists",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "Ground",
                table: "PersonListRows",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PersonKey",
                table: "PersonListRows",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "Registry_Ground",
                table: "Cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Registry_Listed",
                table: "Cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Registry_Record",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "Registry_RemedyConfirmTime",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "Registry_Since",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Registry_Snapshot",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RegistryChanges",
                columns: table => new
                {
                    List = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Line = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordList = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    PreviousLine = table.Column<long>(type: "INTEGER", nullable: true),
                    Ground = table.Column<int>(type: "INTEGER", nullable: true),
                    PreviousGround = table.Column<int>(type: "INTEGER", nullable: true),
                    Proposal = table.Column<int>(type: "INTEGER", nullable: false),
                    CaseName = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RegistryChanges", x => new { x.List, x.Kind, x.Line });
                    table.ForeignKey(
                        name: "FK_RegistryChanges_PersonLists_List",
                        column: x => x.List,
                        principalTable: "PersonLists",
                        principalColumn: "Name",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PersonListRows_List_PersonKey",
                table: "PersonListRows",
                columns: new[] { "List", "PersonKey" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RegistryChanges");

            migrationBuilder.DropIndex(
                name: "IX_PersonListRows_List_PersonKey",
                table: "PersonListRows");

            migrationBuilder.DropColumn(
                name: "Compared",
                table: "PersonLists");

            migrationBuilder.DropColumn(
                name: "PreviousSnapshot",
                table: "PersonLists");

            migrationBuilder.DropColumn(
                name: "Ground",
                table: "PersonListRows");

            migrationBuilder.DropColumn(
                name: "PersonKey",
                table: "PersonListRows");

            migrationBuilder.DropColumn(
                name: "Registry_Ground",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "Registry_Listed",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "Registry_Record",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "Registry_RemedyConfirmTime",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "Registry_Since",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "Registry_Snapshot",
                table: "Cases");
        }
    }
}
