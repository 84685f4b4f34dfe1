using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cellgate.Client;

/// <summary>
/// A client of Cellgate's (and EMnify's) REST API. One per set of credentials; safe to use from many threads.
/// The resource areas are properties: <see cref="Devices"/>, <see cref="Sms"/>, <see cref="Sims"/>, ….
/// </summary>
public sealed class CellgateClient
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly TokenCache _tokens;

    /// <summary>Creates a client over <paramref name="http"/> (which it does not dispose).</summary>
    public CellgateClient(HttpClient http, CellgateClientOptions options, ILogger<CellgateClient>? logger = null)
        : this(http, options, logger, new TokenCache())
    {
    }

    internal CellgateClient(HttpClient http, CellgateClientOptions options, ILogger? logger, TokenCache tokens)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.BaseAddress is null && http.BaseAddress is null)
            throw new ArgumentException("Set CellgateClientOptions.BaseAddress or the HttpClient's BaseAddress.", nameof(options));
        _http = http;
        _tokens = tokens;
        Options = options;
        Logger = logger ?? NullLogger.Instance;
        Authentication = new AuthenticationClient(this);
        ApplicationTokens = new ApplicationTokensClient(this);
        Organisations = new OrganisationsClient(this);
        Users = new UsersClient(this);
        Devices = new DevicesClient(this);
        Sims = new SimsClient(this);
        Profiles = new ProfilesClient(this);
        IpAddressSpaces = new IpAddressSpacesClient(this);
        Events = new EventsClient(this);
        Sms = new SmsClient(this);
        SmsQuota = new SmsQuotaClient(this);
        Simulator = new SimulatorClient(this);
    }

    internal CellgateClientOptions Options { get; }
    internal ILogger Logger { get; }

    /// <summary><c>POST /api/v1/authenticate</c> and the cached auth token.</summary>
    public AuthenticationClient Authentication { get; }
    /// <summary><c>/api/v1/application_token</c>.</summary>
    public ApplicationTokensClient ApplicationTokens { get; }
    /// <summary><c>/api/v1/organisation</c>.</summary>
    public OrganisationsClient Organisations { get; }
    /// <summary><c>/api/v1/user</c>.</summary>
    public UsersClient Users { get; }
    /// <summary>Devices: EMnify's endpoints, <c>/api/v1/endpoint</c>.</summary>
    public DevicesClient Devices { get; }
    /// <summary><c>/api/v1/sim</c>, SIM batches and the operator's import.</summary>
    public SimsClient Sims { get; }
    /// <summary>Service and tariff profiles.</summary>
    public ProfilesClient Profiles { get; }
    /// <summary><c>/api/v1/ip_address_space</c>.</summary>
    public IpAddressSpacesClient IpAddressSpaces { get; }
    /// <summary><c>/api/v1/event</c> and a device's events.</summary>
    public EventsClient Events { get; }
    /// <summary>A device's SMS: send, list, cancel, wait for the final status, watch.</summary>
    public SmsClient Sms { get; }
    /// <summary>A device's SMS quota.</summary>
    public SmsQuotaClient SmsQuota { get; }
    /// <summary>Cellgate's network simulator (not part of EMnify's API).</summary>
    public SimulatorClient Simulator { get; }

    internal TokenCache Tokens => _tokens;

    internal static JsonTypeInfo<T> Info<T>() => (JsonTypeInfo<T>)CellgateJsonContext.Default.GetTypeInfo(typeof(T))!;

    internal static byte[] Body<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Info<T>());

    /// <summary>Sends with authentication, renewal on 401, retries of idempotent requests on 429/503; throws <see cref="CellgateApiException"/> otherwise.</summary>
    internal async Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathOrUrl, byte[]? json, CancellationToken ct, bool authenticate = true)
    {
        var idempotent = method == HttpMethod.Get || method == HttpMethod.Put || method == HttpMethod.Delete || method == HttpMethod.Head || method == HttpMethod.Options;
        var reauthenticated = false;
        var retries = 0;
        while (true)
        {
            using var request = new HttpRequestMessage(method, Resolve(pathOrUrl));
            if (json is not null) request.Content = new ByteArrayContent(json) { Headers = { ContentType = JsonMediaType } };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            string? token = null;
            if (authenticate)
            {
                token = await _tokens.GetAsync(this, ct).ConfigureAwait(false);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            if (response.IsSuccessStatusCode) return response;

            var status = (int)response.StatusCode;
            if (authenticate && response.StatusCode == HttpStatusCode.Unauthorized && !reauthenticated && _tokens.CanRenew(Options))
            {
                // Expired early (a server clock ahead of ours), revoked, or the server's key rotated: one more try with a new token.
                Log.Reauthenticating(Logger, method.Method, PathOf(request));
                reauthenticated = true;
                _tokens.Invalidate(token);
                response.Dispose();
                continue;
            }
            if (idempotent && status is 429 or 503 && retries < Options.MaxRetries && RetryDelay(response, retries) is { } delay)
            {
                retries++;
                Log.Retrying(Logger, method.Method, PathOf(request), status, retries, delay);
                response.Dispose();
                await Task.Delay(delay, Options.TimeProvider, ct).ConfigureAwait(false);
                continue;
            }
            using (response)
            {
                var error = await ErrorAsync(response, ct).ConfigureAwait(false);
                Log.Failed(Logger, method.Method, PathOf(request), status, error.ErrorCode, error.ErrorToken);
                throw error;
            }
        }
    }

    private static string PathOf(HttpRequestMessage request) => request.RequestUri is { IsAbsoluteUri: true } u ? u.AbsolutePath : request.RequestUri?.OriginalString.Split('?')[0] ?? "";

    private Uri Resolve(string pathOrUrl)
    {
        if (Uri.TryCreate(pathOrUrl, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal)) return absolute;
        var baseAddress = Options.BaseAddress ?? _http.BaseAddress!;
        var root = baseAddress.AbsoluteUri.TrimEnd('/');
        return new Uri(root + (pathOrUrl.StartsWith('/') ? pathOrUrl : "/" + pathOrUrl));
    }

    /// <summary><c>Retry-After</c> (seconds or a date) when given, else 1, 2, 4 s; null when longer than <see cref="CellgateClientOptions.MaxRetryDelay"/>.</summary>
    private TimeSpan? RetryDelay(HttpResponseMessage response, int retries)
    {
        TimeSpan delay;
        if (response.Headers.RetryAfter is { Delta: { } delta }) delay = delta;
        else if (response.Headers.RetryAfter is { Date: { } date }) delay = date - Options.TimeProvider.GetUtcNow();
        else delay = TimeSpan.FromSeconds(1 << Math.Min(retries, 5));
        if (delay < TimeSpan.Zero) delay = TimeSpan.Zero;
        return delay <= Options.MaxRetryDelay ? delay : null;
    }

    internal static async Task<CellgateApiException> ErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        ErrorWire? wire = null;
        if (text.TrimStart().StartsWith('{'))
        {
            try { wire = JsonSerializer.Deserialize(text, CellgateJsonContext.Default.ErrorWire); }
            catch (JsonException) { }
        }
        var message = wire?.Message;
        if (string.IsNullOrEmpty(message))
            message = text.Length > 0 && wire is null ? Truncate(text) : $"{(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
        var errors = wire?.Errors?.Select(e => new CellgateApiError(e.ErrorCode, e.ErrorToken, e.Message)).ToList() ?? [];
        return new CellgateApiException(response.StatusCode, wire?.ErrorCode, wire?.ErrorToken, message!, errors);
    }

    private static string Truncate(string s) => s.Length <= 300 ? s : s[..300] + "…";

    internal async Task<T> GetAsync<T>(string path, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, ct).ConfigureAwait(false);
        return await ReadAsync<T>(response, ct).ConfigureAwait(false);
    }

    internal static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(stream, Info<T>(), ct).ConfigureAwait(false)
                   ?? throw new JsonException($"{response.RequestMessage?.RequestUri} answered null");
        }
    }

    /// <summary>The body as <typeparamref name="T"/> when it is a JSON object, else null (an empty 201/204, or <c>{}</c>).</summary>
    internal static async Task<T?> ReadObjectOrNullAsync<T>(HttpResponseMessage response, CancellationToken ct) where T : class
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        if (bytes.Length == 0) return null;
        using var doc = JsonDocument.Parse(bytes);
        if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.EnumerateObject().Any()) return null;
        return doc.RootElement.Deserialize(Info<T>());
    }

    internal async Task SendNoContentAsync(HttpMethod method, string path, byte[]? json, CancellationToken ct)
    {
        using var response = await SendAsync(method, path, json, ct).ConfigureAwait(false);
    }

    /// <summary>The id at the end of the <c>Location</c> header of a 201.</summary>
    internal static long IdFromLocation(HttpResponseMessage response)
    {
        var location = response.Headers.Location?.OriginalString ?? throw new InvalidOperationException($"{(int)response.StatusCode} without a Location header");
        var last = location.TrimEnd('/').Split('/')[^1];
        return long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id : throw new InvalidOperationException($"Location '{location}' does not end in an id");
    }

    /// <summary>Every item of a list, page after page: by <c>X-Total-Pages</c> (or <c>X-Pages</c>), else the <c>Link</c> rel=next, else one page.</summary>
    internal async IAsyncEnumerable<T> PagedAsync<T>(string path, ListOptions? options, [EnumeratorCancellation] CancellationToken ct)
    {
        var page = 1;
        string? url = Query(path, options, page);
        while (url is not null)
        {
            List<T> items;
            string? next = null;
            using (var response = await SendAsync(HttpMethod.Get, url, null, ct).ConfigureAwait(false))
            {
                items = await ReadAsync<List<T>>(response, ct).ConfigureAwait(false);
                var totalPages = IntHeader(response, "X-Total-Pages") ?? IntHeader(response, "X-Pages");
                if (totalPages is { } total)
                {
                    if (page < total && items.Count > 0) next = Query(path, options, ++page);
                }
                else if (NextLink(response) is { } link)
                {
                    next = link;
                    page++;
                }
            }
            foreach (var item in items) yield return item;
            url = next;
        }
    }

    internal static string Query(string path, ListOptions? options, int? page, params (string Key, string? Value)[] extra)
    {
        var sb = new StringBuilder(path);
        var first = !path.Contains('?');
        void Add(string key, string? value)
        {
            if (value is null) return;
            sb.Append(first ? '?' : '&').Append(key).Append('=').Append(Uri.EscapeDataString(value));
            first = false;
        }
        if (page is { } p) Add("page", p.ToString(CultureInfo.InvariantCulture));
        if (options?.PageSize is { } pp) Add("per_page", pp.ToString(CultureInfo.InvariantCulture));
        Add("q", options?.Filter);
        Add("sort", options?.Sort);
        foreach (var (k, v) in extra) Add(k, v);
        return sb.ToString();
    }

    private static int? IntHeader(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static string? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values)) return null;
        foreach (var part in string.Join(",", values).Split(','))
        {
            var segments = part.Split(';');
            if (segments.Length < 2 || !segments.Skip(1).Any(s => s.Trim().Replace("\"", "", StringComparison.Ordinal) == "rel=next")) continue;
            var target = segments[0].Trim();
            if (target.StartsWith('<') && target.EndsWith('>')) return target[1..^1];
        }
        return null;
    }
}
