using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CaseTracker.Server.Storage.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Member = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Change = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Paths = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ActorParty = table.Column<int>(type: "integer", nullable: false),
                    ActorRole = table.Column<int>(type: "integer", nullable: false),
                    ChangeTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MemberChanges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Members",
                columns: table => new
                {
                    Party = table.Column<int>(type: "integer", nullable: false),
                    UserId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Role = table.Column<int>(type: "integer", nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    Language = table.Column<int>(type: "integer", nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    EmailDelivery = table.Column<int>(type: "integer", nullable: false),
                    CreateTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdateTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Members", x => new { x.Party, x.UserId });
                });

            migrationBuilder.CreateTable(
                name: "Notifications",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    RecipientParty = table.Column<int>(type: "integer", nullable: false),
                    Recipient = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    SourceKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CaseId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    CaseReference = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    EventSequence = table.Column<long>(type: "bigint", nullable: true),
                    EventType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    DueTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Details = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Language = table.Column<int>(type: "integer", nullable: false),
                    CreateTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReadTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EmailState = table.Column<int>(type: "integer", nullable: false),
                    EmailDigest = table.Column<bool>(type: "boolean", nullable: false),
                    EmailNotBefore = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EmailAttempts = table.Column<int>(type: "integer", nullable: false),
                    EmailError = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    EmailLeaseUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EmailLeaseId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    EmailSentTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
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
