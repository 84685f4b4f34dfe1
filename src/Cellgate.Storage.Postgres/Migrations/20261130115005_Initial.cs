using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Cellgate.Storage.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "breakout_regions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    IpAddress = table.Column<string>(type: "character varying(45)", maxLength: 45, nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_breakout_regions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "countries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    CountryCode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false, collation: "C"),
                    Mcc = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false, collation: "C"),
                    IsoCode = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false, collation: "C"),
                    Geographic = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_countries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "currencies",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false),
                    Code = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false, collation: "C"),
                    Symbol = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_currencies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "data_sessions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DeviceId = table.Column<long>(type: "bigint", nullable: false),
                    OrganisationId = table.Column<long>(type: "bigint", nullable: false),
                    SimId = table.Column<long>(type: "bigint", nullable: true),
                    OperatorId = table.Column<long>(type: "bigint", nullable: false),
                    RatTypeId = table.Column<int>(type: "integer", nullable: false),
                    Apn = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    IpAddress = table.Column<string>(type: "character varying(45)", maxLength: 45, nullable: true, collation: "C"),
                    Started = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Ended = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    BytesUp = table.Column<long>(type: "bigint", nullable: false),
                    BytesDown = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_sessions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "data_stream_queue",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StreamId = table.Column<long>(type: "bigint", nullable: false),
                    EventId = table.Column<long>(type: "bigint", nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_stream_queue", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "demo_webhook_receipts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Received = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Method = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false, collation: "C"),
                    WebhookId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    Signed = table.Column<bool>(type: "boolean", nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_demo_webhook_receipts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "lookup_values",
                columns: table => new
                {
                    List = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    Description = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lookup_values", x => new { x.List, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "organisations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    ParentId = table.Column<long>(type: "bigint", nullable: true),
                    Type = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CountryId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_organisations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_organisations_organisations_ParentId",
                        column: x => x.ParentId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "signing_keys",
                columns: table => new
                {
                    Kid = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Key = table.Column<byte[]>(type: "bytea", nullable: false),
                    Created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_signing_keys", x => x.Kid);
                });

            migrationBuilder.CreateTable(
                name: "simulated_devices",
                columns: table => new
                {
                    DeviceId = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrganisationId = table.Column<long>(type: "bigint", nullable: false),
                    Attached = table.Column<bool>(type: "boolean", nullable: false),
                    Fault = table.Column<int>(type: "integer", nullable: false),
                    Echo = table.Column<bool>(type: "boolean", nullable: false),
                    ToggleSeconds = table.Column<int>(type: "integer", nullable: true),
                    NextToggle = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastChange = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    OperatorId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_simulated_devices", x => x.DeviceId);
                });

            migrationBuilder.CreateTable(
                name: "simulator_inbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DeviceId = table.Column<long>(type: "bigint", nullable: false),
                    SmsId = table.Column<long>(type: "bigint", nullable: false),
                    Payload = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false, collation: "C"),
                    Udh = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Dcs = table.Column<int>(type: "integer", nullable: false),
                    SourceAddress = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Received = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Duplicates = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_simulator_inbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sms",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrganisationId = table.Column<long>(type: "bigint", nullable: false),
                    DeviceId = table.Column<long>(type: "bigint", nullable: false),
                    Type = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    SimId = table.Column<long>(type: "bigint", nullable: true),
                    Iccid = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    Msisdn = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    Imsi = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    SourceAddress = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    SourceAddressType = table.Column<int>(type: "integer", nullable: false),
                    DestAddress = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C"),
                    Payload = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false, collation: "C"),
                    Dcs = table.Column<int>(type: "integer", nullable: false),
                    Pid = table.Column<int>(type: "integer", nullable: false),
                    Udh = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false, collation: "C"),
                    MessageId = table.Column<long>(type: "bigint", nullable: true),
                    PartNumber = table.Column<int>(type: "integer", nullable: false),
                    PartCount = table.Column<int>(type: "integer", nullable: false),
                    RegisteredDelivery = table.Column<int>(type: "integer", nullable: false),
                    EsmeInterfaceType = table.Column<int>(type: "integer", nullable: false),
                    P2pExt = table.Column<int>(type: "integer", nullable: false),
                    SubmitDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiryDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RetryDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DeliveryDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FinalDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastDeliveryAttempt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RetryCount = table.Column<int>(type: "integer", nullable: false),
                    GsmMapError = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true, collation: "C"),
                    FaultCount = table.Column<int>(type: "integer", nullable: false),
                    Alerted = table.Column<bool>(type: "boolean", nullable: false),
                    LeaseOwner = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    LeaseUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Transport = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C"),
                    UpstreamId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    ReceiptDue = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SmppForward = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sms", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sms_quotas",
                columns: table => new
                {
                    DeviceId = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrganisationId = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Volume = table.Column<long>(type: "bigint", nullable: false),
                    ExpiryDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ThresholdPercentage = table.Column<int>(type: "integer", nullable: false),
                    ThresholdVolume = table.Column<long>(type: "bigint", nullable: false),
                    LastVolumeAdded = table.Column<long>(type: "bigint", nullable: false),
                    LastStatusChangeDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AutoRefill = table.Column<int>(type: "integer", nullable: false),
                    ActionOnExhaustion = table.Column<int>(type: "integer", nullable: false),
                    ThresholdReported = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sms_quotas", x => x.DeviceId);
                });

            migrationBuilder.CreateTable(
                name: "usage_records",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrganisationId = table.Column<long>(type: "bigint", nullable: false),
                    DeviceId = table.Column<long>(type: "bigint", nullable: false),
                    SimId = table.Column<long>(type: "bigint", nullable: true),
                    SessionId = table.Column<long>(type: "bigint", nullable: true),
                    OperatorId = table.Column<long>(type: "bigint", nullable: true),
                    RatTypeId = table.Column<int>(type: "integer", nullable: true),
                    Time = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    BytesUp = table.Column<long>(type: "bigint", nullable: false),
                    BytesDown = table.Column<long>(type: "bigint", nullable: false),
                    SmsMo = table.Column<int>(type: "integer", nullable: false),
                    SmsMt = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_usage_records", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "usage_rollups",
                columns: table => new
                {
                    Period = table.Column<int>(type: "integer", nullable: false),
                    DeviceId = table.Column<long>(type: "bigint", nullable: false),
                    SimId = table.Column<long>(type: "bigint", nullable: false),
                    Start = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    OrganisationId = table.Column<long>(type: "bigint", nullable: false),
                    BytesUp = table.Column<long>(type: "bigint", nullable: false),
                    BytesDown = table.Column<long>(type: "bigint", nullable: false),
                    SmsMo = table.Column<long>(type: "bigint", nullable: false),
                    SmsMt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_usage_rollups", x => new { x.Period, x.DeviceId, x.SimId, x.Start });
                });

            migrationBuilder.CreateTable(
                name: "webhook_attempts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    WebhookId = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    StatusCode = table.Column<int>(type: "integer", nullable: true),
                    Error = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true, collation: "C"),
                    DurationMs = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhook_attempts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "webhook_keys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Key = table.Column<byte[]>(type: "bytea", nullable: false),
                    Created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhook_keys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "webhook_outbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrganisationId = table.Column<long>(type: "bigint", nullable: false),
                    DestinationKind = table.Column<int>(type: "integer", nullable: false),
                    DestinationId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false, collation: "C"),
                    Method = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false, collation: "C"),
                    Headers = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Body = table.Column<byte[]>(type: "bytea", nullable: true),
                    SmsId = table.Column<long>(type: "bigint", nullable: true),
                    OrderingKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true, collation: "C"),
                    SecretId = table.Column<long>(type: "bigint", nullable: true),
                    State = table.Column<int>(type: "integer", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    Created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    NextAttempt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastAttempt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastStatusCode = table.Column<int>(type: "integer", nullable: true),
                    LastError = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true, collation: "C"),
                    FinalDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LeaseOwner = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    LeaseUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhook_outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "operators",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    CountryId = table.Column<long>(type: "bigint", nullable: false),
                    TapcodeId = table.Column<long>(type: "bigint", nullable: false),
                    Tapcode = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false, collation: "C"),
                    MncId = table.Column<long>(type: "bigint", nullable: false),
                    Mnc = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_operators", x => x.Id);
                    table.ForeignKey(
                        name: "FK_operators_countries_CountryId",
                        column: x => x.CountryId,
                        principalTable: "countries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "api_callbacks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrganisationId = table.Column<long>(type: "bigint", nullable: false),
                    Url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false, collation: "C"),
                    Purpose = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true, collation: "C"),
                    Created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_api_callbacks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_api_callbacks_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "api_secrets",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrganisationId = table.Column<long>(type: "bigint", nullable: false),
                    Purpose = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true, collation: "C"),
                    KeyId = table.Column<int>(type: "integer", nullable: false),
                    Protected = table.Column<byte[]>(type: "bytea", nullable: false),
                    Created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_api_secrets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_api_secrets_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "data_streams",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrganisationId = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true, collation: "C"),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    DataStreamType = table.Column<int>(type: "integer", nullable: false),
                    RelationResolution = table.Column<bool>(type: "boolean", nullable: false),
                    Url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false, collation: "C"),
                    Method = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false, collation: "C"),
                    Headers = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: false, collation: "C"),
                    Size = table.Column<int>(type: "integer", nullable: false),
                    EventTypeIds = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true, collation: "C"),
                    Alert = table.Column<bool>(type: "boolean", nullable: true),
                    StatusReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true, collation: "C"),
                    OutboxWebhookId = table.Column<long>(type: "bigint", nullable: true),
                    Created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastUpdated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_streams", x => x.Id);
                    table.ForeignKey(
                        name: "FK_data_streams_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "device_counters",
                columns: table => new
                {
                    OrganisationId = table.Column<long>(type: "bigint", nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_device_counters", x => x.OrganisationId);
                    table.ForeignKey(
                        name: "FK_device_counters_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false),
                    OrganisationId = table.Column<long>(type: "bigint", nullable: false),
                    Timestamp = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    EventType = table.Column<int>(type: "integer", nullable: false),
                    EventSource = table.Column<int>(type: "integer", nullable: false),
                    EventSeverity = table.Column<int>(type: "integer", nullable: false),
                    Alert = table.Column<bool>(type: "boolean", nullable: false),
                    Description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false, collation: "C"),
                    EndpointId = table.Column<long>(type: "bigint", nullable: true),
                    EndpointName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true, collation: "C"),
                    EndpointIpAddress = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    EndpointImei = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    EndpointTags = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true, collation: "C"),
                    SimId = table.Column<long>(type: "bigint", nullable: true),
                    SimIccid = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    SimProductionDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Imsi = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ImsiImportDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    UserId = table.Column<long>(type: "bigint", nullable: true),
                    UserName = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    UserUsername = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Detail = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_events_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ip_address_spaces",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrganisationId = table.Column<long>(type: "bigint", nullable: false),
                    Cidr = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false, collation: "C"),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    PrefixLength = table.Column<int>(type: "integer", nullable: false),
                    FirstAddress = table.Column<long>(type: "bigint", nullable: false),
                    LastAddress = table.Column<long>(type: "bigint", nullable: false),
                    Created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ip_address_spaces", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ip_address_spaces_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "service_profiles",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrganisationId = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    Description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true, collation: "C"),
                    Allowed3g = table.Column<bool>(type: "boolean", nullable: false),
                    Allowed4g = table.Column<bool>(type: "boolean", nullable: false),
                    AllowedNbIot = table.Column<bool>(type: "boolean", nullable: false),
                    AllowedNbIotGeo = table.Column<bool>(type: "boolean", nullable: false),
                    ApplyDataQuota = table.Column<bool>(type: "boolean", nullable: false),
                    ApplySmsQuota = table.Column<bool>(type: "boolean", nullable: false),
                    Retail = table.Column<bool>(type: "boolean", nullable: false),
                    SmsP2pInt = table.Column<bool>(type: "boolean", nullable: false),
                    SmsP2pExt = table.Column<bool>(type: "boolean", nullable: false),
                    Prepaid = table.Column<bool>(type: "boolean", nullable: false),
                    Nipdp = table.Column<bool>(type: "boolean", nullable: false),
                    AllowData = table.Column<bool>(type: "boolean", nullable: false),
                    AllowSmsMt = table.Column<bool>(type: "boolean", nullable: false),
                    AllowSmsMo = table.Column<bool>(type: "boolean", nullable: false),
                    EsmeInterfaceType = table.Column<int>(type: "integer", nullable: true),
                    ApiCallbackId = table.Column<long>(type: "bigint", nullable: true),
                    ApiSecretId = table.Column<long>(type: "bigint", nullable: true),
                    Created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_service_profiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_service_profiles_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sim_batches",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Bic = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    IssuerOrganisationId = table.Column<long>(type: "bigint", nullable: false),
                    CustomerOrganisationId = table.Column<long>(type: "bigint", nullable: true),
                    Quantity = table.Column<int>(type: "integer", nullable: false),
                    Created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Registered = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sim_batches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sim_batches_organisations_CustomerOrganisationId",
                        column: x => x.CustomerOrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_sim_batches_organisations_IssuerOrganisationId",
                        column: x => x.IssuerOrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "smpp_accounts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrganisationId = table.Column<long>(type: "bigint", nullable: false),
                    SystemId = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false, collation: "C"),
                    PasswordHash = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    Description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true, collation: "C"),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_smpp_accounts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_smpp_accounts_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tags",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrganisationId = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    ColorId = table.Column<int>(type: "integer", nullable: false),
                    Created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tags", x => x.Id);
                    table.ForeignKey(
                        name: "FK_tags_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tariff_profiles",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrganisationId = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    Description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true, collation: "C"),
                    TariffId = table.Column<long>(type: "bigint", nullable: true),
                    Created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tariff_profiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_tariff_profiles_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrganisationId = table.Column<long>(type: "bigint", nullable: false),
                    Username = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Role = table.Column<int>(type: "integer", nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FailedLogins = table.Column<int>(type: "integer", nullable: false),
                    LockedUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_users", x => x.Id);
                    table.ForeignKey(
                        name: "FK_users_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "traffic_limits",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrganisationId = table.Column<long>(type: "bigint", nullable: false),
                    ServiceProfileId = table.Column<long>(type: "bigint", nullable: false),
                    ServiceId = table.Column<int>(type: "integer", nullable: false),
                    Volume = table.Column<long>(type: "bigint", nullable: false),
                    Period = table.Column<int>(type: "integer", nullable: false),
                    WarningPercent = table.Column<int>(type: "integer", nullable: true),
                    SatelliteOnly = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_traffic_limits", x => x.Id);
                    table.ForeignKey(
                        name: "FK_traffic_limits_service_profiles_ServiceProfileId",
                        column: x => x.ServiceProfileId,
                        principalTable: "service_profiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sims",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Iccid = table.Column<string>(type: "character varying(19)", maxLength: 19, nullable: false, collation: "C"),
                    IccidWithLuhn = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    Imsi = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false, collation: "C"),
                    Msisdn = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true, collation: "C"),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    ProductionDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ActivationDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    IssuerOrganisationId = table.Column<long>(type: "bigint", nullable: false),
                    CustomerOrganisationId = table.Column<long>(type: "bigint", nullable: true),
                    SimBatchId = table.Column<long>(type: "bigint", nullable: true),
                    ModelId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sims_organisations_CustomerOrganisationId",
                        column: x => x.CustomerOrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_sims_organisations_IssuerOrganisationId",
                        column: x => x.IssuerOrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_sims_sim_batches_SimBatchId",
                        column: x => x.SimBatchId,
                        principalTable: "sim_batches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "application_tokens",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrganisationId = table.Column<long>(type: "bigint", nullable: false),
                    Description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true, collation: "C"),
                    Created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiryDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    CreatorId = table.Column<long>(type: "bigint", nullable: true),
                    Ip = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    Role = table.Column<int>(type: "integer", nullable: false),
                    SecretHash = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_application_tokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_application_tokens_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_application_tokens_users_CreatorId",
                        column: x => x.CreatorId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "refresh_tokens",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<long>(type: "bigint", nullable: false),
                    TokenHash = table.Column<byte[]>(type: "bytea", nullable: false),
                    Created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Expires = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_refresh_tokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_refresh_tokens_users_UserId",
                        column: x => x.UserId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "devices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrganisationId = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    Tags = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true, collation: "C"),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    ServiceProfileId = table.Column<long>(type: "bigint", nullable: false),
                    TariffProfileId = table.Column<long>(type: "bigint", nullable: false),
                    SimId = table.Column<long>(type: "bigint", nullable: true),
                    Imei = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true, collation: "C"),
                    ImeiLock = table.Column<bool>(type: "boolean", nullable: false),
                    IpAddressSpaceId = table.Column<long>(type: "bigint", nullable: true),
                    IpAddress = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true, collation: "C"),
                    IpAddressValue = table.Column<long>(type: "bigint", nullable: true),
                    Created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastUpdated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_devices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_devices_ip_address_spaces_IpAddressSpaceId",
                        column: x => x.IpAddressSpaceId,
                        principalTable: "ip_address_spaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_devices_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_devices_service_profiles_ServiceProfileId",
                        column: x => x.ServiceProfileId,
                        principalTable: "service_profiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_devices_sims_SimId",
                        column: x => x.SimId,
                        principalTable: "sims",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_devices_tariff_profiles_TariffProfileId",
                        column: x => x.TariffProfileId,
                        principalTable: "tariff_profiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "data_quotas",
                columns: table => new
                {
                    DeviceId = table.Column<long>(type: "bigint", nullable: false),
                    OrganisationId = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Volume = table.Column<double>(type: "double precision", nullable: false),
                    ExpiryDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ThresholdPercentage = table.Column<double>(type: "double precision", nullable: false),
                    ThresholdVolume = table.Column<double>(type: "double precision", nullable: false),
                    ThresholdReported = table.Column<bool>(type: "boolean", nullable: false),
                    LastVolumeAdded = table.Column<double>(type: "double precision", nullable: false),
                    LastStatusChangeDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AutoRefill = table.Column<int>(type: "integer", nullable: false),
                    ActionOnExhaustion = table.Column<int>(type: "integer", nullable: false),
                    PeakThroughput = table.Column<long>(type: "bigint", nullable: true),
                    LastRefill = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_quotas", x => x.DeviceId);
                    table.ForeignKey(
                        name: "FK_data_quotas_devices_DeviceId",
                        column: x => x.DeviceId,
                        principalTable: "devices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "device_tags",
                columns: table => new
                {
                    DeviceId = table.Column<long>(type: "bigint", nullable: false),
                    TagId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_device_tags", x => new { x.DeviceId, x.TagId });
                    table.ForeignKey(
                        name: "FK_device_tags_devices_DeviceId",
                        column: x => x.DeviceId,
                        principalTable: "devices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_device_tags_tags_TagId",
                        column: x => x.TagId,
                        principalTable: "tags",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "operator_blacklist",
                columns: table => new
                {
                    DeviceId = table.Column<long>(type: "bigint", nullable: false),
                    OperatorId = table.Column<long>(type: "bigint", nullable: false),
                    Created = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_operator_blacklist", x => new { x.DeviceId, x.OperatorId });
                    table.ForeignKey(
                        name: "FK_operator_blacklist_devices_DeviceId",
                        column: x => x.DeviceId,
                        principalTable: "devices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_operator_blacklist_operators_OperatorId",
                        column: x => x.OperatorId,
                        principalTable: "operators",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "simulated_radio",
                columns: table => new
                {
                    DeviceId = table.Column<long>(type: "bigint", nullable: false),
                    RatTypeId = table.Column<int>(type: "integer", nullable: false),
                    Lac = table.Column<int>(type: "integer", nullable: false),
                    CellId = table.Column<int>(type: "integer", nullable: false),
                    UpBytesPerMinute = table.Column<long>(type: "bigint", nullable: false),
                    DownBytesPerMinute = table.Column<long>(type: "bigint", nullable: false),
                    MeteredUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_simulated_radio", x => x.DeviceId);
                    table.ForeignKey(
                        name: "FK_simulated_radio_devices_DeviceId",
                        column: x => x.DeviceId,
                        principalTable: "devices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "traffic_limit_extensions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrganisationId = table.Column<long>(type: "bigint", nullable: false),
                    DeviceId = table.Column<long>(type: "bigint", nullable: false),
                    TrafficLimitId = table.Column<long>(type: "bigint", nullable: false),
                    Volume = table.Column<double>(type: "double precision", nullable: false),
                    ExpirationDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_traffic_limit_extensions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_traffic_limit_extensions_devices_DeviceId",
                        column: x => x.DeviceId,
                        principalTable: "devices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_traffic_limit_extensions_traffic_limits_TrafficLimitId",
                        column: x => x.TrafficLimitId,
                        principalTable: "traffic_limits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "breakout_regions",
                columns: new[] { "Id", "IpAddress", "Name" },
                values: new object[,]
                {
                    { 1L, "192.0.2.10", "eu-west-1" },
                    { 2L, "192.0.2.20", "eu-central-1" },
                    { 3L, "198.51.100.10", "us-east-1" },
                    { 4L, "203.0.113.10", "ap-southeast-1" }
                });

            migrationBuilder.InsertData(
                table: "countries",
                columns: new[] { "Id", "CountryCode", "Geographic", "IsoCode", "Mcc", "Name" },
                values: new object[,]
                {
                    { 3L, "93", true, "af", "412", "Afghanistan" },
                    { 4L, "355", true, "al", "276", "Albania" },
                    { 5L, "213", true, "dz", "603", "Algeria" },
                    { 6L, "376", true, "ad", "213", "Andorra" },
                    { 7L, "244", true, "ao", "631", "Angola" },
                    { 8L, "54", true, "ar", "722", "Argentina" },
                    { 9L, "374", true, "am", "283", "Armenia" },
                    { 10L, "61", true, "au", "505", "Australia" },
                    { 11L, "43", true, "at", "232", "Austria" },
                    { 12L, "994", true, "az", "400", "Azerbaijan" },
                    { 13L, "973", true, "bh", "426", "Bahrain" },
                    { 14L, "880", true, "bd", "470", "Bangladesh" },
                    { 15L, "375", true, "by", "257", "Belarus" },
                    { 16L, "32", true, "be", "206", "Belgium" },
                    { 17L, "591", true, "bo", "736", "Bolivia" },
                    { 18L, "387", true, "ba", "218", "Bosnia and Herzegovina" },
                    { 19L, "55", true, "br", "724", "Brazil" },
                    { 20L, "359", true, "bg", "284", "Bulgaria" },
                    { 21L, "855", true, "kh", "456", "Cambodia" },
                    { 22L, "237", true, "cm", "624", "Cameroon" },
                    { 23L, "1", true, "ca", "302", "Canada" },
                    { 24L, "56", true, "cl", "730", "Chile" },
                    { 25L, "86", true, "cn", "460", "China" },
                    { 26L, "57", true, "co", "732", "Colombia" },
                    { 27L, "506", true, "cr", "712", "Costa Rica" },
                    { 28L, "385", true, "hr", "219", "Croatia" },
                    { 29L, "357", true, "cy", "280", "Cyprus" },
                    { 30L, "420", true, "cz", "230", "Czech Republic" },
                    { 31L, "45", true, "dk", "238", "Denmark" },
                    { 32L, "593", true, "ec", "740", "Ecuador" },
                    { 33L, "20", true, "eg", "602", "Egypt" },
                    { 34L, "372", true, "ee", "248", "Estonia" },
                    { 35L, "358", true, "fi", "244", "Finland" },
                    { 36L, "33", true, "fr", "208", "France" },
                    { 37L, "995", true, "ge", "282", "Georgia" },
                    { 38L, "49", true, "de", "262", "Germany" },
                    { 39L, "233", true, "gh", "620", "Ghana" },
                    { 40L, "30", true, "gr", "202", "Greece" },
                    { 41L, "852", true, "hk", "454", "Hong Kong" },
                    { 42L, "36", true, "hu", "216", "Hungary" },
                    { 43L, "354", true, "is", "274", "Iceland" },
                    { 44L, "91", true, "in", "404", "India" },
                    { 45L, "62", true, "id", "510", "Indonesia" },
                    { 46L, "353", true, "ie", "272", "Ireland" },
                    { 47L, "972", true, "il", "425", "Israel" },
                    { 48L, "39", true, "it", "222", "Italy" },
                    { 49L, "81", true, "jp", "440", "Japan" },
                    { 50L, "962", true, "jo", "416", "Jordan" },
                    { 51L, "7", true, "kz", "401", "Kazakhstan" },
                    { 52L, "254", true, "ke", "639", "Kenya" },
                    { 53L, "965", true, "kw", "419", "Kuwait" },
                    { 54L, "371", true, "lv", "247", "Latvia" },
                    { 55L, "961", true, "lb", "415", "Lebanon" },
                    { 56L, "423", true, "li", "295", "Liechtenstein" },
                    { 57L, "370", true, "lt", "246", "Lithuania" },
                    { 58L, "352", true, "lu", "270", "Luxembourg" },
                    { 59L, "60", true, "my", "502", "Malaysia" },
                    { 60L, "356", true, "mt", "278", "Malta" },
                    { 61L, "52", true, "mx", "334", "Mexico" },
                    { 62L, "373", true, "md", "259", "Moldova" },
                    { 63L, "377", true, "mc", "212", "Monaco" },
                    { 64L, "382", true, "me", "297", "Montenegro" },
                    { 65L, "212", true, "ma", "604", "Morocco" },
                    { 66L, "31", true, "nl", "204", "Netherlands" },
                    { 67L, "64", true, "nz", "530", "New Zealand" },
                    { 68L, "234", true, "ng", "621", "Nigeria" },
                    { 69L, "389", true, "mk", "294", "North Macedonia" },
                    { 70L, "47", true, "no", "242", "Norway" },
                    { 71L, "968", true, "om", "422", "Oman" },
                    { 72L, "92", true, "pk", "410", "Pakistan" },
                    { 73L, "507", true, "pa", "714", "Panama" },
                    { 74L, "51", true, "pe", "716", "Peru" },
                    { 75L, "63", true, "ph", "515", "Philippines" },
                    { 76L, "48", true, "pl", "260", "Poland" },
                    { 77L, "351", true, "pt", "268", "Portugal" },
                    { 78L, "974", true, "qa", "427", "Qatar" },
                    { 79L, "40", true, "ro", "226", "Romania" },
                    { 80L, "7", true, "ru", "250", "Russian Federation" },
                    { 81L, "966", true, "sa", "420", "Saudi Arabia" },
                    { 82L, "381", true, "rs", "220", "Serbia" },
                    { 83L, "65", true, "sg", "525", "Singapore" },
                    { 84L, "421", true, "sk", "231", "Slovakia" },
                    { 85L, "386", true, "si", "293", "Slovenia" },
                    { 86L, "27", true, "za", "655", "South Africa" },
                    { 87L, "82", true, "kr", "450", "South Korea" },
                    { 88L, "34", true, "es", "214", "Spain" },
                    { 89L, "94", true, "lk", "413", "Sri Lanka" },
                    { 90L, "46", true, "se", "240", "Sweden" },
                    { 91L, "41", true, "ch", "228", "Switzerland" },
                    { 92L, "886", true, "tw", "466", "Taiwan" },
                    { 93L, "66", true, "th", "520", "Thailand" },
                    { 94L, "216", true, "tn", "605", "Tunisia" },
                    { 95L, "90", true, "tr", "286", "Turkey" },
                    { 96L, "971", true, "ae", "424", "United Arab Emirates" },
                    { 97L, "44", true, "gb", "234", "United Kingdom" },
                    { 98L, "1", true, "us", "310", "United States" },
                    { 99L, "598", true, "uy", "748", "Uruguay" },
                    { 100L, "998", true, "uz", "434", "Uzbekistan" },
                    { 101L, "84", true, "vn", "452", "Vietnam" },
                    { 206L, "380", true, "ua", "255", "Ukraine" },
                    { 219L, "883", false, "xs", "901", "NonTerrestrial 883" }
                });

            migrationBuilder.InsertData(
                table: "currencies",
                columns: new[] { "Id", "Code", "Symbol" },
                values: new object[,]
                {
                    { 1L, "EUR", "€" },
                    { 2L, "USD", "$" },
                    { 3L, "GBP", "£" }
                });

            migrationBuilder.InsertData(
                table: "lookup_values",
                columns: new[] { "Id", "List", "Description", "Name" },
                values: new object[,]
                {
                    { 1, "data_blocksize", null, "1024" },
                    { 2, "data_blocksize", null, "10240" },
                    { 3, "data_blocksize", null, "102400" },
                    { 4, "data_blocksize", null, "1048576" },
                    { 1, "data_throttle", null, "8000" },
                    { 2, "data_throttle", null, "16000" },
                    { 3, "data_throttle", null, "32000" },
                    { 4, "data_throttle", null, "64000" },
                    { 5, "data_throttle", null, "128000" },
                    { 0, "endpoint_status", null, "Enabled" },
                    { 1, "endpoint_status", null, "Disabled" },
                    { 2, "endpoint_status", null, "Deleted" },
                    { 1, "organisation_status", null, "Active" },
                    { 2, "organisation_status", null, "Suspended" },
                    { 1, "rat_type", null, "3G" },
                    { 2, "rat_type", null, "2G" },
                    { 6, "rat_type", null, "4G" },
                    { 8, "rat_type", null, "NB-IoT" },
                    { 9, "rat_type", null, "LTE-M" },
                    { 10, "rat_type", null, "5G" },
                    { 1, "service_level", null, "Standard" },
                    { 2, "service_level", null, "Premium" },
                    { 0, "sim_status", null, "Issued" },
                    { 1, "sim_status", null, "Activated" },
                    { 2, "sim_status", null, "Suspended" },
                    { 3, "sim_status", null, "Deleted" },
                    { 4, "sim_status", null, "Factory Test" },
                    { 1, "user_role", "Reads and changes everything of the organisation", "Administrator" },
                    { 2, "user_role", "Reads everything of the organisation, changes nothing", "Observer" },
                    { 0, "user_status", null, "Activation Pending" },
                    { 1, "user_status", null, "Active" },
                    { 2, "user_status", null, "Suspended" }
                });

            migrationBuilder.InsertData(
                table: "operators",
                columns: new[] { "Id", "CountryId", "Mnc", "MncId", "Name", "Tapcode", "TapcodeId" },
                values: new object[,]
                {
                    { 24L, 4L, "02", 17L, "Vodafone", "ALBVF", 16L },
                    { 550L, 38L, "01", 20550L, "Telekom Deutschland", "DEUD1", 10550L },
                    { 551L, 38L, "02", 20551L, "Vodafone", "DEUD2", 10551L },
                    { 552L, 38L, "07", 20552L, "Telefonica O2", "DEUE2", 10552L },
                    { 553L, 97L, "30", 20553L, "EE", "GBRME", 10553L },
                    { 554L, 97L, "15", 20554L, "Vodafone", "GBRVF", 10554L },
                    { 555L, 97L, "10", 20555L, "O2", "GBRCN", 10555L },
                    { 556L, 97L, "20", 20556L, "Three", "GBRHU", 10556L },
                    { 557L, 36L, "01", 20557L, "Orange", "FRAF1", 10557L },
                    { 558L, 36L, "10", 20558L, "SFR", "FRAF2", 10558L },
                    { 559L, 36L, "20", 20559L, "Bouygues Telecom", "FRAF3", 10559L },
                    { 560L, 48L, "01", 20560L, "TIM", "ITASI", 10560L },
                    { 561L, 48L, "10", 20561L, "Vodafone", "ITAOM", 10561L },
                    { 562L, 88L, "07", 20562L, "Movistar", "ESPTE", 10562L },
                    { 563L, 88L, "01", 20563L, "Vodafone", "ESPAT", 10563L },
                    { 564L, 66L, "08", 20564L, "KPN", "NLDPT", 10564L },
                    { 565L, 91L, "01", 20565L, "Swisscom", "CHEC1", 10565L },
                    { 566L, 90L, "01", 20566L, "Telia", "SWETR", 10566L },
                    { 567L, 11L, "01", 20567L, "A1", "AUTPT", 10567L },
                    { 568L, 98L, "410", 20568L, "AT&T", "USACG", 10568L },
                    { 569L, 98L, "260", 20569L, "T-Mobile", "USAW6", 10569L },
                    { 570L, 206L, "03", 20570L, "Kyivstar", "UKRKS", 10570L },
                    { 942L, 3L, "40", 628L, "MTN", "AFGAR", 605L }
                });

            migrationBuilder.CreateIndex(
                name: "IX_api_callbacks_OrganisationId",
                table: "api_callbacks",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_api_secrets_OrganisationId",
                table: "api_secrets",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_application_tokens_CreatorId",
                table: "application_tokens",
                column: "CreatorId");

            migrationBuilder.CreateIndex(
                name: "IX_application_tokens_OrganisationId",
                table: "application_tokens",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_application_tokens_SecretHash",
                table: "application_tokens",
                column: "SecretHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_data_sessions_DeviceId_Id",
                table: "data_sessions",
                columns: new[] { "DeviceId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_data_sessions_open",
                table: "data_sessions",
                column: "DeviceId",
                unique: true,
                filter: "\"Ended\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_data_stream_queue_Created",
                table: "data_stream_queue",
                column: "Created");

            migrationBuilder.CreateIndex(
                name: "IX_data_stream_queue_StreamId_Id",
                table: "data_stream_queue",
                columns: new[] { "StreamId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_data_streams_OrganisationId_Status",
                table: "data_streams",
                columns: new[] { "OrganisationId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_device_tags_TagId",
                table: "device_tags",
                column: "TagId");

            migrationBuilder.CreateIndex(
                name: "IX_devices_IpAddressSpaceId_IpAddressValue",
                table: "devices",
                columns: new[] { "IpAddressSpaceId", "IpAddressValue" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_devices_OrganisationId_Created",
                table: "devices",
                columns: new[] { "OrganisationId", "Created" });

            migrationBuilder.CreateIndex(
                name: "IX_devices_OrganisationId_Id",
                table: "devices",
                columns: new[] { "OrganisationId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_devices_OrganisationId_Imei",
                table: "devices",
                columns: new[] { "OrganisationId", "Imei" });

            migrationBuilder.CreateIndex(
                name: "IX_devices_OrganisationId_IpAddress",
                table: "devices",
                columns: new[] { "OrganisationId", "IpAddress" });

            migrationBuilder.CreateIndex(
                name: "IX_devices_OrganisationId_LastUpdated",
                table: "devices",
                columns: new[] { "OrganisationId", "LastUpdated" });

            migrationBuilder.CreateIndex(
                name: "IX_devices_OrganisationId_Name",
                table: "devices",
                columns: new[] { "OrganisationId", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_devices_ServiceProfileId",
                table: "devices",
                column: "ServiceProfileId");

            migrationBuilder.CreateIndex(
                name: "IX_devices_SimId",
                table: "devices",
                column: "SimId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_devices_TariffProfileId",
                table: "devices",
                column: "TariffProfileId");

            migrationBuilder.CreateIndex(
                name: "IX_events_OrganisationId_EndpointId_Id",
                table: "events",
                columns: new[] { "OrganisationId", "EndpointId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_events_OrganisationId_Id",
                table: "events",
                columns: new[] { "OrganisationId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_events_OrganisationId_SimId_Id",
                table: "events",
                columns: new[] { "OrganisationId", "SimId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_events_OrganisationId_Timestamp",
                table: "events",
                columns: new[] { "OrganisationId", "Timestamp" });

            migrationBuilder.CreateIndex(
                name: "IX_events_OrganisationId_UserId_Id",
                table: "events",
                columns: new[] { "OrganisationId", "UserId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ip_address_spaces_FirstAddress_LastAddress",
                table: "ip_address_spaces",
                columns: new[] { "FirstAddress", "LastAddress" });

            migrationBuilder.CreateIndex(
                name: "IX_ip_address_spaces_OrganisationId",
                table: "ip_address_spaces",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_operator_blacklist_OperatorId",
                table: "operator_blacklist",
                column: "OperatorId");

            migrationBuilder.CreateIndex(
                name: "IX_operators_CountryId",
                table: "operators",
                column: "CountryId");

            migrationBuilder.CreateIndex(
                name: "IX_organisations_ParentId",
                table: "organisations",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_refresh_tokens_TokenHash",
                table: "refresh_tokens",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_refresh_tokens_UserId",
                table: "refresh_tokens",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_service_profiles_OrganisationId",
                table: "service_profiles",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_sim_batches_Bic",
                table: "sim_batches",
                column: "Bic",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sim_batches_CustomerOrganisationId",
                table: "sim_batches",
                column: "CustomerOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_sim_batches_IssuerOrganisationId",
                table: "sim_batches",
                column: "IssuerOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_sims_CustomerOrganisationId_Id",
                table: "sims",
                columns: new[] { "CustomerOrganisationId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_sims_CustomerOrganisationId_Status",
                table: "sims",
                columns: new[] { "CustomerOrganisationId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_sims_Iccid",
                table: "sims",
                column: "Iccid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sims_IccidWithLuhn",
                table: "sims",
                column: "IccidWithLuhn",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sims_Imsi",
                table: "sims",
                column: "Imsi",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sims_IssuerOrganisationId",
                table: "sims",
                column: "IssuerOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_sims_Msisdn",
                table: "sims",
                column: "Msisdn",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sims_SimBatchId",
                table: "sims",
                column: "SimBatchId");

            migrationBuilder.CreateIndex(
                name: "IX_simulated_devices_NextToggle",
                table: "simulated_devices",
                column: "NextToggle",
                filter: "\"NextToggle\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_simulated_radio_MeteredUntil",
                table: "simulated_radio",
                column: "MeteredUntil",
                filter: "\"MeteredUntil\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_simulator_inbox_DeviceId_Id",
                table: "simulator_inbox",
                columns: new[] { "DeviceId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_simulator_inbox_SmsId",
                table: "simulator_inbox",
                column: "SmsId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_smpp_accounts_OrganisationId",
                table: "smpp_accounts",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_smpp_accounts_SystemId",
                table: "smpp_accounts",
                column: "SystemId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sms_MessageId",
                table: "sms",
                column: "MessageId");

            migrationBuilder.CreateIndex(
                name: "ix_sms_due",
                table: "sms",
                columns: new[] { "RetryDate", "Id" },
                filter: "\"Status\" IN (1, 2, 3) AND \"Type\" = 1");

            migrationBuilder.CreateIndex(
                name: "ix_sms_pending_by_device",
                table: "sms",
                columns: new[] { "DeviceId", "Id" },
                filter: "\"Status\" IN (1, 2, 3) AND \"Type\" = 1");

            migrationBuilder.CreateIndex(
                name: "ix_sms_pending_expiry",
                table: "sms",
                column: "ExpiryDate",
                filter: "\"Status\" IN (1, 2, 3) AND \"Type\" = 1");

            migrationBuilder.CreateIndex(
                name: "ix_sms_receipt_due",
                table: "sms",
                column: "ReceiptDue",
                filter: "\"ReceiptDue\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_sms_smpp_forward",
                table: "sms",
                columns: new[] { "OrganisationId", "Id" },
                filter: "\"SmppForward\" = 1");

            migrationBuilder.CreateIndex(
                name: "ix_sms_upstream",
                table: "sms",
                columns: new[] { "UpstreamId", "Transport" },
                filter: "\"UpstreamId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_tags_OrganisationId_Name",
                table: "tags",
                columns: new[] { "OrganisationId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_tariff_profiles_OrganisationId",
                table: "tariff_profiles",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_traffic_limit_extensions_DeviceId_TrafficLimitId",
                table: "traffic_limit_extensions",
                columns: new[] { "DeviceId", "TrafficLimitId" });

            migrationBuilder.CreateIndex(
                name: "IX_traffic_limit_extensions_TrafficLimitId",
                table: "traffic_limit_extensions",
                column: "TrafficLimitId");

            migrationBuilder.CreateIndex(
                name: "IX_traffic_limits_ServiceProfileId_ServiceId_Period",
                table: "traffic_limits",
                columns: new[] { "ServiceProfileId", "ServiceId", "Period" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_usage_records_DeviceId_Time",
                table: "usage_records",
                columns: new[] { "DeviceId", "Time" });

            migrationBuilder.CreateIndex(
                name: "IX_usage_rollups_Period_OrganisationId_Start",
                table: "usage_rollups",
                columns: new[] { "Period", "OrganisationId", "Start" });

            migrationBuilder.CreateIndex(
                name: "IX_usage_rollups_Period_SimId_Start",
                table: "usage_rollups",
                columns: new[] { "Period", "SimId", "Start" });

            migrationBuilder.CreateIndex(
                name: "IX_users_OrganisationId",
                table: "users",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_users_Username",
                table: "users",
                column: "Username",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_webhook_attempts_WebhookId_Id",
                table: "webhook_attempts",
                columns: new[] { "WebhookId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_webhook_outbox_OrganisationId_Id",
                table: "webhook_outbox",
                columns: new[] { "OrganisationId", "Id" });

            migrationBuilder.CreateIndex(
                name: "ix_webhook_due",
                table: "webhook_outbox",
                columns: new[] { "NextAttempt", "Id" },
                filter: "\"State\" IN (1, 2)");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_pending_by_key",
                table: "webhook_outbox",
                columns: new[] { "OrderingKey", "Id" },
                filter: "\"State\" IN (1, 2) AND \"OrderingKey\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_pending_expiry",
                table: "webhook_outbox",
                column: "ExpiresAt",
                filter: "\"State\" IN (1, 2)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "api_callbacks");

            migrationBuilder.DropTable(
                name: "api_secrets");

            migrationBuilder.DropTable(
                name: "application_tokens");

            migrationBuilder.DropTable(
                name: "breakout_regions");

            migrationBuilder.DropTable(
                name: "currencies");

            migrationBuilder.DropTable(
                name: "data_quotas");

            migrationBuilder.DropTable(
                name: "data_sessions");

            migrationBuilder.DropTable(
                name: "data_stream_queue");

            migrationBuilder.DropTable(
                name: "data_streams");

            migrationBuilder.DropTable(
                name: "demo_webhook_receipts");

            migrationBuilder.DropTable(
                name: "device_counters");

            migrationBuilder.DropTable(
                name: "device_tags");

            migrationBuilder.DropTable(
                name: "events");

            migrationBuilder.DropTable(
                name: "lookup_values");

            migrationBuilder.DropTable(
                name: "operator_blacklist");

            migrationBuilder.DropTable(
                name: "refresh_tokens");

            migrationBuilder.DropTable(
                name: "signing_keys");

            migrationBuilder.DropTable(
                name: "simulated_devices");

            migrationBuilder.DropTable(
                name: "simulated_radio");

            migrationBuilder.DropTable(
                name: "simulator_inbox");

            migrationBuilder.DropTable(
                name: "smpp_accounts");

            migrationBuilder.DropTable(
                name: "sms");

            migrationBuilder.DropTable(
                name: "sms_quotas");

            migrationBuilder.DropTable(
                name: "traffic_limit_extensions");

            migrationBuilder.DropTable(
                name: "usage_records");

            migrationBuilder.DropTable(
                name: "usage_rollups");

            migrationBuilder.DropTable(
                name: "webhook_attempts");

            migrationBuilder.DropTable(
                name: "webhook_keys");

            migrationBuilder.DropTable(
                name: "webhook_outbox");

            migrationBuilder.DropTable(
                name: "tags");

            migrationBuilder.DropTable(
                name: "operators");

            migrationBuilder.DropTable(
                name: "users");

            migrationBuilder.DropTable(
                name: "devices");

            migrationBuilder.DropTable(
                name: "traffic_limits");

            migrationBuilder.DropTable(
                name: "countries");

            migrationBuilder.DropTable(
                name: "ip_address_spaces");

            migrationBuilder.DropTable(
                name: "sims");

            migrationBuilder.DropTable(
                name: "tariff_profiles");

            migrationBuilder.DropTable(
                name: "service_profiles");

            migrationBuilder.DropTable(
                name: "sim_batches");

            migrationBuilder.DropTable(
                name: "organisations");
        }
    }
}
