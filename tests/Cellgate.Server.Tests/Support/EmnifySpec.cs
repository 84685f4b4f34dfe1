using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Cellgate.Server.Tests.Support;

/// <summary>One operation of EMnify's published OpenAPI document.</summary>
public sealed record EmnifyOperation(string Method, string Path, string OperationId, string Tag, JsonObject Node)
{
    /// <summary>Method and path with every <c>{parameter}</c> written <c>{}</c>: Cellgate and EMnify name parameters differently.</summary>
    public string Key => EmnifySpec.Key(Method, Path);
}

/// <summary>
/// EMnify's published OpenAPI 3.1 document (the shared reference's emnify-openapi.yml, copied to Fixtures/emnify/openapi.yml),
/// read as JSON so that its schemas can be evaluated as the JSON Schema 2020-12 they are.
/// </summary>
public static partial class EmnifySpec
{
    private static readonly Lazy<JsonObject> Root = new(() => Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "emnify", "openapi.yml")));
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    public static JsonObject Document => Root.Value;

    public static IReadOnlyList<EmnifyOperation> Operations { get; } = LoadOperations();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();

    public static string NormalisePath(string path) => Parameter().Replace("/" + path.Trim('/'), "{}");

    public static string Key(string method, string path) => $"{method.ToUpperInvariant()} {NormalisePath(path)}";

    private static List<EmnifyOperation> LoadOperations()
    {
        var list = new List<EmnifyOperation>();
        foreach (var (path, item) in Document["paths"]!.AsObject())
            foreach (var method in Methods)
                if (item![method] is JsonObject op)
                    list.Add(new(method.ToUpperInvariant(), path, (string)op["operationId"]!, (string)op["tags"]![0]!, op));
        return list;
    }

    /// <summary>
    /// The JSON Schema of an operation's response body for a status, or null when the spec gives none. Local
    /// <c>#/components/schemas/X</c> references become <c>#/$defs/X</c> of a standalone schema; OpenAPI 3.0's
    /// <c>nullable: true</c>, should a fragment still use it, becomes a <c>null</c> type.
    /// </summary>
    public static JsonSchema? ResponseSchema(EmnifyOperation op, int status) => ResponseSchema(Document, op.Node, status);

    /// <summary>The same for an operation of any OpenAPI 3.0 or 3.1 document (Cellgate's own included).</summary>
    public static JsonSchema? ResponseSchema(JsonObject document, JsonObject operation, int status)
    {
        var content = operation["responses"]?[status.ToString(CultureInfo.InvariantCulture)]?["content"]?.AsObject();
        var schema = content?.FirstOrDefault(c => c.Key.Contains("json", StringComparison.Ordinal)).Value?["schema"];
        if (schema is null) return null;
        var root = ToJsonSchema(schema.DeepClone())!.AsObject();
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = ToJsonSchema(document["components"]?["schemas"]?.DeepClone() ?? new JsonObject());
        return JsonSchema.FromText(root.ToJsonString());
    }

    private static JsonNode? ToJsonSchema(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["$ref"] is JsonValue r && ((string)r!).StartsWith("#/components/schemas/", StringComparison.Ordinal))
                    o["$ref"] = "#/$defs/" + ((string)r!)["#/components/schemas/".Length..];
                if (o["nullable"] is JsonValue n && (bool)n!)
                {
                    // OpenAPI 3.0: null, or whatever the rest of the schema allows (allOf/$ref included).
                    o.Remove("nullable");
                    var inner = new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())).ToList());
                    o.Clear();
                    o["anyOf"] = new JsonArray(new JsonObject { ["type"] = "null" }, ToJsonSchema(inner));
                    return o;
                }
                foreach (var key in o.Select(p => p.Key).ToList()) ToJsonSchema(o[key]);
                return o;
            case JsonArray a:
                foreach (var item in a) ToJsonSchema(item);
                return a;
            default:
                return node;
        }
    }

    /// <summary>YAML to JSON: plain scalars that read as numbers, booleans or null keep that type; quoted ones stay strings.</summary>
    public static JsonObject Load(string yamlFile)
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(yamlFile)) yaml.Load(reader);
        return Convert(yaml.Documents[0].RootNode)!.AsObject();
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, Convert(c.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(Convert).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain } s => Plain(s.Value ?? ""),
        YamlScalarNode s => JsonValue.Create(s.Value ?? ""),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    private static JsonNode? Plain(string v) => v switch
    {
        "null" or "~" or "" => null,
        "true" => JsonValue.Create(true),
        "false" => JsonValue.Create(false),
        _ when long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
        _ when Regex.IsMatch(v, @"^-?\d+(\.\d+)?([eE][-+]?\d+)?$") => JsonValue.Create(double.Parse(v, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(v),
    };

    /// <summary>The repository's root folder (where Cellgate.slnx is), for the tests that regenerate committed files.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Cellgate.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Cellgate.slnx not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// Writes a generated file into the repository when its committed text differs, and fails: a stale file is an
    /// error in CI, and the same run leaves the regenerated file to commit.
    /// </summary>
    public static void AssertGenerated(string relativePath, string expected)
    {
        var file = Path.Combine(RepositoryRoot(), relativePath);
        var actual = File.Exists(file) ? File.ReadAllText(file) : null;
        if (actual == expected) return;
        File.WriteAllText(file, expected);
        Assert.Fail($"{relativePath} was out of date and has been regenerated; commit the new version.");
    }
}
