using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseTracker.Server.Storage.Migrations
{
    /// <inheritdoc />
    public partial class RosterAndNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MemberChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Member = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Change = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Paths = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ActorParty = table.Column<int>(type: "INTEGER", nullable: false),
                    ActorRole = table.Column<int>(type: "INTEGER", nullable: false),
                    ChangeTime = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MemberChanges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Members",
                columns: table => new
                {
                    Party = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Role = table.Column<int>(type: "INTEGER", nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    Language = table.Column<int>(type: "INTEGER", nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    EmailDelivery = table.Column<int>(type: "INTEGER", nullable: false),
                    CreateTime = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdateTime = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Members", x => new { x.Party, x.UserId });
                });

            migrationBuilder.CreateTable(
                name: "Notifications",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    RecipientParty = table.Column<int>(type: "INTEGER", nullable: false),
                    Recipient = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    SourceKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CaseId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    CaseReference = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    EventSequence = table.Column<long>(type: "INTEGER", nullable: true),
                    EventType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    DueTime = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Details = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Language = table.Column<int>(type: "INTEGER", nullable: false),
                    CreateTime = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReadTime = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EmailState = table.Column<int>(type: "INTEGER", nullable: false),
                    EmailDigest = table.Column<bool>(type: "INTEGER", nullable: false),
                    EmailNotBefore = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EmailAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    EmailError = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    EmailLeaseUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EmailLeaseId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    EmailSentTime = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notifications", x => x.Sequence);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MemberChanges_Member_Id",
                table: "MemberChanges",
                columns: new[] { "Member", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Party_Role_Active",
                table: "Members",
                columns: new[] { "Party", "Role", "Active" });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_EmailState_EmailNotBefore",
                table: "Notifications",
                columns: new[] { "EmailState", "EmailNotBefore" });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_RecipientParty_Recipient_Sequence",
                table: "Notifications",
                columns: new[] { "RecipientParty", "Recipient", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_SourceKey_RecipientParty_Recipient",
                table: "Notifications",
                columns: new[] { "SourceKey", "RecipientParty", "Recipient" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MemberChanges");

            migrationBuilder.DropTable(
                name: "Members");

            migrationBuilder.DropTable(
                name: "Notifications");
        }
    }
}
