using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace PiTune.Inference.Providers;

/// <summary>
/// Turns <c>Inference:ExecutionProviders</c> into the providers that can actually load, in order of
/// preference with CPU last. A plugin EP library is registered with the process-wide ONNX Runtime
/// environment once; a provider that cannot load is logged once with the reason and skipped.
/// </summary>
internal sealed class ExecutionProviderCatalog(ILogger logger)
{
    private const string Suffix = "ExecutionProvider";
    private readonly Dictionary<string, string> _registered = new(StringComparer.Ordinal);

    public IReadOnlyList<ProviderCandidate> Resolve(IReadOnlyList<ExecutionProviderOptions> preferences)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        var candidates = new List<ProviderCandidate>();
        foreach (ExecutionProviderOptions preference in preferences)
        {
            if (IsCpu(preference.Name) && preference.Library is null)
            {
                break;
            }

            ProviderCandidate? candidate = preference.Library is null ? BuiltIn(preference, out string? reason) : Plugin(preference, out reason);
            if (candidate is null)
            {
                InferenceLog.ProviderUnavailable(logger, preference.Name, reason ?? "unknown");
            }
            else
            {
                candidates.Add(candidate);
            }
        }

        candidates.Add(ProviderCandidate.Cpu);
        return candidates;
    }

    private static bool IsCpu(string name) =>
        name.Equals(ProviderCandidate.CpuName, StringComparison.OrdinalIgnoreCase)
        || name.Equals(ProviderCandidate.CpuName + Suffix, StringComparison.OrdinalIgnoreCase);

    private static ProviderCandidate? BuiltIn(ExecutionProviderOptions preference, out string? reason)
    {
        string[] available = OrtEnv.Instance().GetAvailableProviders();
        string shortName = preference.Name.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase) ? preference.Name[..^Suffix.Length] : preference.Name;
        string? match = available.FirstOrDefault(a => a.Equals(shortName + Suffix, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            reason = $"not built into this ONNX Runtime package (it has {string.Join(", ", available)}); a vendor provider needs Library set to its plugin EP .so";
            return null;
        }

        reason = null;
        var options = new Dictionary<string, string>(preference.Options, StringComparer.Ordinal);
        string name = match[..^Suffix.Length];
        return new ProviderCandidate(name, so => so.AppendExecutionProvider(name, options));
    }

    private ProviderCandidate? Plugin(ExecutionProviderOptions preference, out string? reason)
    {
        string library = preference.Library!;
        if (!File.Exists(library))
        {
            reason = $"plugin EP library {library} does not exist";
            return null;
        }

        OrtEnv env = OrtEnv.Instance();
        if (!_registered.ContainsKey(library))
        {
            string registration = "pitune-" + preference.Name;
            try
            {
                env.RegisterExecutionProviderLibrary(registration, library);
            }
            catch (OnnxRuntimeException ex)
            {
                reason = $"{library} is not a plugin EP library ONNX Runtime can load: {OneLine(ex.Message)}";
                return null;
            }

            _registered[library] = registration;
        }

        List<OrtEpDevice> devices = [.. env.GetEpDevices().Where(d => d.EpName.Equals(preference.Name, StringComparison.OrdinalIgnoreCase))];
        if (devices.Count == 0)
        {
            string all = string.Join(", ", env.GetEpDevices().Select(d => d.EpName).Distinct());
            reason = $"{library} loaded but offers no device for EP \"{preference.Name}\" (devices are offered for: {all})";
            return null;
        }

        InferenceLog.PluginRegistered(logger, library, preference.Name,
            string.Join(", ", devices.Select(d => $"{d.HardwareDevice.Type} {d.HardwareDevice.Vendor} ({d.EpVendor})")));
        reason = null;
        var options = new Dictionary<string, string>(preference.Options, StringComparer.Ordinal);
        return new ProviderCandidate(preference.Name, so => so.AppendExecutionProvider(env, devices, options));
    }

    internal static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
