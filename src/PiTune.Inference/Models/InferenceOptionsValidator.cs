using System.Buffers;
using Microsoft.Extensions.Options;

namespace PiTune.Inference.Models;

/// <summary>Names each bad <c>Inference</c> key with its value.</summary>
internal sealed class InferenceOptionsValidator : IValidateOptions<InferenceOptions>
{
    private static readonly SearchValues<char> NameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-");

    public ValidateOptionsResult Validate(string? name, InferenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < options.Models.Count; i++)
        {
            ModelOptions m = options.Models[i];
            string key = $"Inference:Models:{i}";
            if (string.IsNullOrEmpty(m.Name) || m.Name.AsSpan().ContainsAnyExcept(NameChars))
            {
                failures.Add($"{key}:Name must be letters, digits, '_', '.' or '-', was \"{m.Name}\"");
            }
            else if (!names.Add(m.Name))
            {
                failures.Add($"{key}:Name \"{m.Name}\" is used by an earlier model");
            }

            if (string.IsNullOrWhiteSpace(m.Path))
            {
                failures.Add($"{key}:Path must name an .onnx file (or a .hef for the AI HAT+), was \"{m.Path}\"");
            }

            if (!Enum.IsDefined(m.Backend))
            {
                failures.Add($"{key}:Backend must be Auto, Onnx or Hailo, was \"{m.Backend}\"");
            }
            else if (m.ResolveBackend() == ModelBackend.Hailo)
            {
                HailoModelValidator.Validate(failures, key, m);
            }
            else if (m.Fallback is not null)
            {
                failures.Add($"{key}:Fallback is for HailoRT models (a .hef Path or Backend Hailo); this model already runs on ONNX Runtime, remove Fallback");
            }

            Range(failures, $"{key}:MaxBatchSize", m.MaxBatchSize, 1, 1024);
            Range(failures, $"{key}:MaxQueueSize", m.MaxQueueSize, 1, 100_000);
            Range(failures, $"{key}:IntraOpThreads", m.IntraOpThreads, 0, 64);
            Range(failures, $"{key}:Runners", m.Runners, 0, 64);
            Range(failures, $"{key}:WarmupRuns", m.WarmupRuns, 0, 100);
            if (m.MaxQueueDelay < TimeSpan.Zero || m.MaxQueueDelay > TimeSpan.FromSeconds(10))
            {
                failures.Add($"{key}:MaxQueueDelay must be between 00:00:00 and 00:00:10, was \"{m.MaxQueueDelay}\"");
            }

            if (m.DefaultDeadline <= TimeSpan.Zero || m.DefaultDeadline > TimeSpan.FromMinutes(10))
            {
                failures.Add($"{key}:DefaultDeadline must be above 00:00:00 and at most 00:10:00, was \"{m.DefaultDeadline}\"");
            }

            if (m.ArenaShrinkAfterIdle < TimeSpan.Zero || m.ArenaShrinkAfterIdle > TimeSpan.FromHours(1))
            {
                failures.Add($"{key}:ArenaShrinkAfterIdle must be from 00:00:00 (never) to 01:00:00, was \"{m.ArenaShrinkAfterIdle}\"");
            }

            if (m.InputShape.Any(d => d is < 1 or > 1_000_000))
            {
                failures.Add($"{key}:InputShape dimensions must each be from 1 to 1000000, was [{string.Join(", ", m.InputShape)}]");
            }
        }

        for (int i = 0; i < options.ExecutionProviders.Count; i++)
        {
            var ep = options.ExecutionProviders[i];
            string key = $"Inference:ExecutionProviders:{i}";
            if (string.IsNullOrWhiteSpace(ep.Name))
            {
                failures.Add($"{key}:Name must name a provider, was \"{ep.Name}\"");
            }

            if (ep.Library is not null && !Path.IsPathFullyQualified(ep.Library))
            {
                failures.Add($"{key}:Library must be an absolute path, was \"{ep.Library}\"");
            }
        }

        HailoModelValidator.ValidateShared(failures, options.Hailo);

        if (!Enum.IsDefined(options.GraphOptimization))
        {
            failures.Add($"Inference:GraphOptimization must be Disabled, Basic, Extended or All, was \"{options.GraphOptimization}\"");
        }

        if (!Enum.IsDefined(options.ArenaExtendStrategy))
        {
            failures.Add($"Inference:ArenaExtendStrategy must be NextPowerOfTwo or SameAsRequested, was \"{options.ArenaExtendStrategy}\"");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range(List<string> failures, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{key} must be from {min} to {max}, was {value}");
        }
    }
}
