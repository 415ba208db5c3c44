using System.Globalization;
using System.Text.Json;
using PiTune.Inference.Models;

namespace PiTune.ServeBench;

/// <summary>
/// The model settings the daemons run with, read the way the daemon reads them, so raw ORT can be measured in the
/// daemon's own configuration: model 0 of the configuration file the daemons are given, then the daemons' added
/// environment (SERVEBENCH_DAEMON_ENV) over it.
/// </summary>
internal static class DaemonModelSettings
{
    // The environment form of Inference:Models:0:<key> (`__` stands for `:` in an environment variable's name).
    private const string ModelEnvPrefix = "PITUNE_Inference__Models__0__";

    /// <summary>
    /// Model 0's Runners, IntraOpThreads, AllowSpinning and MemoryPattern from <paramref name="appSettingsPath"/> with
    /// the model 0 entries of <paramref name="daemonEnvironment"/> over them; the rest stay ModelOptions' defaults.
    /// <paramref name="forceSpinning"/> turns AllowSpinning on whatever the daemons get (SERVEBENCH_RAW_SPINNING=1).
    /// </summary>
    public static ModelOptions Read(string appSettingsPath, IEnumerable<(string Key, string Value)> daemonEnvironment, bool forceSpinning)
    {
        // Configuration keys are case-insensitive, in the file and in the environment alike.
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using (var config = JsonDocument.Parse(File.ReadAllText(appSettingsPath), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }))
        {
            if (Child(Child(config.RootElement, "Inference"), "Models") is { ValueKind: JsonValueKind.Array } models && models.GetArrayLength() > 0
                && models[0].ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty setting in models[0].EnumerateObject())
                {
                    settings[setting.Name] = setting.Value.ToString();
                }
            }
        }

        foreach ((string key, string value) in daemonEnvironment.Where(e => e.Key.StartsWith(ModelEnvPrefix, StringComparison.OrdinalIgnoreCase)))
        {
            settings[key[ModelEnvPrefix.Length..]] = value;
        }

        CultureInfo c = CultureInfo.InvariantCulture;
        var model = new ModelOptions();
        model.Runners = settings.TryGetValue("Runners", out string? runners) ? int.Parse(runners, c) : model.Runners;
        model.IntraOpThreads = settings.TryGetValue("IntraOpThreads", out string? intraOp) ? int.Parse(intraOp, c) : model.IntraOpThreads;
        model.AllowSpinning = forceSpinning || (settings.TryGetValue("AllowSpinning", out string? spinning) ? bool.Parse(spinning) : model.AllowSpinning);
        model.MemoryPattern = settings.TryGetValue("MemoryPattern", out string? pattern) ? bool.Parse(pattern) : model.MemoryPattern;
        return model;
    }

    // A JSON object's property by the configuration's rule (case-insensitive); null when absent or not an object.
    private static JsonElement? Child(JsonElement? element, string name)
    {
        if (element is { ValueKind: JsonValueKind.Object } parent)
        {
            foreach (JsonProperty property in parent.EnumerateObject())
            {
                if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return property.Value;
                }
            }
        }

        return null;
    }
}
