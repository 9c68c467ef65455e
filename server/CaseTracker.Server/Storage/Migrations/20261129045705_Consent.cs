using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseTracker.Server.Storage.Migrations
{
    /// <inheritdoc />
    public partial class Consent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Consent_IncludeInStatistics",
                table: "Cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "Consent_RecordTime",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Consent_RecordedBy",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Consent_RecordedByParty",
                table: "Cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Consent_ShareWithOtherParty",
                table: "Cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Consent_WithdrawReason",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "Consent_WithdrawTime",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Consent_WithdrawnBy",
                table: "Cases",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Consent_IncludeInStatistics",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "Consent_RecordTime",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "Consent_RecordedBy",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "Consent_RecordedByParty",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "Consent_ShareWithOtherParty",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "Consent_WithdrawReason",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "Consent_WithdrawTime",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "Consent_WithdrawnBy",
                table: "Cases");
        }
    }
}
