using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CaseTracker.Server.Storage.Migrations
{
    /// <inheritdoc />
    public partial class MonthlyReviews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MonthlyReviews",
                columns: table => new
                {
                    Month = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    Attempt = table.Column<int>(type: "INTEGER", nullable: false),
                    OperationName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PeriodStart = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PeriodEnd = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AsOfSequence = table.Column<long>(type: "INTEGER", nullable: false),
                    AsOfHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ManifestSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", nullable: false),
                    CreateTime = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReadyTime = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonthlyReviews", x => x.Month);
                });

            migrationBuilder.CreateTable(
                name: "Operations",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    Target = table.Column<string>(type: "TEXT", nullable: false),
                    Metadata = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Done = table.Column<bool>(type: "INTEGER", nullable: false),
                    ErrorCode = table.Column<int>(type: "INTEGER", nullable: true),
                    ErrorReason = table.Column<string>(type: "TEXT", nullable: false),
                    ErrorMessage = table.Column<string>(type: "TEXT", nullable: false),
                    CreateTime = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdateTime = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Operations", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "ReviewFileChunks",
                columns: table => new
                {
                    Month = table.Column<string>(type: "TEXT", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", nullable: false),
                    Index = table.Column<int>(type: "INTEGER", nullable: false),
                    Data = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewFileChunks", x => new { x.Month, x.FileName, x.Index });
                });

            migrationBuilder.CreateTable(
                name: "ReviewFiles",
                columns: table => new
                {
                    Month = table.Column<string>(type: "TEXT", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", nullable: false),
                    Ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    MediaType = table.Column<string>(type: "TEXT", nullable: false),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewFiles", x => new { x.Month, x.FileName });
                    table.ForeignKey(
                        name: "FK_ReviewFiles_MonthlyReviews_Month",
                        column: x => x.Month,
                        principalTable: "MonthlyReviews",
                        principalColumn: "Month",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ReviewSignatures",
                columns: table => new
                {
                    Month = table.Column<string>(type: "TEXT", nullable: false),
                    Party = table.Column<int>(type: "INTEGER", nullable: false),
                    Signer = table.Column<string>(type: "TEXT", nullable: false),
                    Role = table.Column<int>(type: "INTEGER", nullable: false),
                    ManifestSha256 = table.Column<string>(type: "TEXT", nullable: false),
                    SignTime = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewSignatures", x => new { x.Month, x.Party });
                    table.ForeignKey(
                        name: "FK_ReviewSignatures_MonthlyReviews_Month",
                        column: x => x.Month,
                        principalTable: "MonthlyReviews",
                        principalColumn: "Month",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CaseEvents_EventTime",
                table: "CaseEvents",
                column: "EventTime");

            migrationBuilder.CreateIndex(
                name: "IX_Operations_CreateTime",
                table: "Operations",
                column: "CreateTime");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Operations");

            migrationBuilder.DropTable(
                name: "ReviewFileChunks");

            migrationBuilder.DropTable(
                name: "ReviewFiles");

            migrationBuilder.DropTable(
                name: "ReviewSignatures");

            migrationBuilder.DropTable(
                name: "MonthlyReviews");

            migrationBuilder.DropIndex(
                name: "IX_CaseEvents_EventTime",
                table: "CaseEvents");
        }
    }
}
