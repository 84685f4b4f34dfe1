using System.ComponentModel.DataAnnotations;

namespace Cellgate.Server.Hosting;

/// <summary>Where and how Cellgate keeps its data. Section <c>Cellgate:Storage</c>.</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Cellgate:Storage";
    public const string Sqlite = "sqlite";
    public const string PostgreSql = "postgresql";

    /// <summary><c>sqlite</c> (embedded, the default) or <c>postgresql</c> (several nodes on one database; docs/postgresql.md).</summary>
    [Required, AllowedValues(Sqlite, PostgreSql)]
    public string Provider { get; set; } = Sqlite;

    /// <summary>The SQLite database file; its folder is created.</summary>
    [Required]
    public string SqlitePath { get; set; } = "data/cellgate.db";

    /// <summary>A full connection string: SQLite's (wins over <see cref="SqlitePath"/>) or, required with
    /// <c>postgresql</c>, Npgsql's (<c>Host=…;Database=…;Username=…;Password=…</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Applies pending migrations when the server starts (the default). Off: the server refuses to start on a
    /// schema that is behind, and an operator runs <c>admin migrate</c> first.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>
    /// SQLite: the WAL size, in pages (4 KiB), at which the SMS engine's committing connection finishes the checkpoint
    /// that a background loop keeps running (<c>SqliteWalCheckpointer</c>; docs/benchmarks.md). 0: SQLite's own
    /// auto-checkpoint on every connection instead (1,000 pages, run by whichever connection commits).
    /// </summary>
    [Range(0, 1_000_000)]
    public int SqliteWalBoundPages { get; set; } = 16_384;

    public bool IsPostgreSql => string.Equals(Provider, PostgreSql, StringComparison.Ordinal);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IsPostgreSql && string.IsNullOrWhiteSpace(ConnectionString))
            yield return new ValidationResult("Cellgate:Storage:ConnectionString is required when Cellgate:Storage:Provider is postgresql.", [nameof(ConnectionString)]);
        if (SqliteWalBoundPages is > 0 and < 64)
            yield return new ValidationResult("Cellgate:Storage:SqliteWalBoundPages must be 0 (SQLite's auto-checkpoint) or at least 64.", [nameof(SqliteWalBoundPages)]);
    }
}

/// <summary>What the first start on an empty database creates. Section <c>Cellgate:Bootstrap</c>.</summary>
public sealed class BootstrapOptions
{
    public const string Section = "Cellgate:Bootstrap";

    [Required, StringLength(200, MinimumLength = 1)]
    public string Organisation { get; set; } = "Cellgate Operator";

    [Required, EmailAddress]
    public string Username { get; set; } = "admin@cellgate.local";

    /// <summary>The plain password; generated and printed once when not given.</summary>
    public string? Password { get; set; }

    /// <summary>The exact application token secret to accept; generated and printed once when not given.</summary>
    public string? ApplicationToken { get; set; }

    /// <summary>The system_id of the operator (demo) organisation's SMPP account made on the first start.</summary>
    [StringLength(15, MinimumLength = 1)]
    public string SmppSystemId { get; set; } = "cellgate";

    /// <summary>Its password (1 to 8 printable characters, SMPP's limit); generated and printed once when not given.</summary>
    [StringLength(8, MinimumLength = 1)]
    public string? SmppPassword { get; set; }
}

/// <summary>Token lifetimes, signing key and brute-force limits. Section <c>Cellgate:Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Cellgate:Auth";

    [Range(1, 60 * 24 * 30)]
    public int AuthTokenMinutes { get; set; } = 240;

    [Range(1, 3650)]
    public int RefreshTokenDays { get; set; } = 30;

    public string Issuer { get; set; } = "cellgate";

    public string Audience { get; set; } = "/api/v1/authentication";

    /// <summary>Base64 HMAC key (at least 48 bytes) to sign with instead of the generated, persisted one.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The key id of <see cref="SigningKey"/>.</summary>
    public string SigningKeyId { get; set; } = "configured";

    /// <summary>Failed password checks from one client address that lock that address out of one username.</summary>
    [Range(1, 100)]
    public int MaxFailedLogins { get; set; } = 3;

    [Range(1, 24 * 60)]
    public int LockoutMinutes { get; set; } = 5;

    /// <summary>Authenticate requests one client IP may make per window.</summary>
    [Range(1, int.MaxValue)]
    public int RateLimitPermits { get; set; } = 100;

    [Range(1, 24 * 60)]
    public int RateLimitWindowMinutes { get; set; } = 5;

    /// <summary>How long a node may go on trusting a token, user or organisation after it was revoked or suspended elsewhere.</summary>
    [Range(0, 300)]
    public int RevocationCacheSeconds { get; set; } = 5;

    /// <summary>
    /// How long a node remembers that an auth token's signature, issuer, audience and lifetime checked out, and the identity
    /// built from it (never past its expiry; 0: check every time). Revocation, suspension, the address range and the
    /// caller's role do not depend on it: they are checked on every request.
    /// </summary>
    [Range(0, 3600)]
    public int ValidatedTokenCacheSeconds { get; set; } = 60;

    /// <summary>PBKDF2-HMAC-SHA512 iterations for new password hashes (OWASP 2023: 210,000).</summary>
    [Range(1_000, 10_000_000)]
    public int PasswordIterations { get; set; } = 210_000;

    /// <summary>Password hashes computed at once, server-wide; 0 means half the processor count (at least 1).</summary>
    [Range(0, 1024)]
    public int PasswordHashConcurrency { get; set; }

    /// <summary>Password checks that may wait for a hashing slot; beyond that the answer is 429 with Retry-After.</summary>
    [Range(0, 100_000)]
    public int PasswordHashQueue { get; set; } = 64;
}
