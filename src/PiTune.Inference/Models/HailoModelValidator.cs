namespace PiTune.Inference.Models;

/// <summary>The HailoRT keys of <see cref="InferenceOptionsValidator"/>: <c>Inference:Hailo</c> and each HailoRT model's.</summary>
internal static class HailoModelValidator
{
    /// <summary>HailoRT's scheduler priorities (HAILO_SCHEDULER_PRIORITY_MIN..MAX).</summary>
    public const int MaxPriority = 31;

    /// <summary>The configure params' batch_size is a uint16.</summary>
    public const int MaxBatchSize = ushort.MaxValue;

    public static void ValidateShared(List<string> failures, HailoOptions hailo)
    {
        ArgumentNullException.ThrowIfNull(failures);
        ArgumentNullException.ThrowIfNull(hailo);
        const string key = "Inference:Hailo";
        if (hailo.LibraryPath is { Length: > 0 } library && !Path.IsPathFullyQualified(library))
        {
            failures.Add($"{key}:LibraryPath must be an absolute path to libhailort.so or the folder holding it, was \"{library}\"");
        }

        if (hailo.MultiProcessService && (string.IsNullOrWhiteSpace(hailo.GroupId) || hailo.GroupId == "UNIQUE"))
        {
            failures.Add($"{key}:GroupId must be set, and not \"UNIQUE\", when MultiProcessService is true: use the group id the other programs sharing the chip use (HailoRT's examples use \"SHARED\"), was \"{hailo.GroupId}\"");
        }

        if (hailo.GroupId is { } group && (group.Length == 0 || group.Length > 255 || group.Any(char.IsControl)))
        {
            failures.Add($"{key}:GroupId must be 1 to 255 printable characters, was \"{group}\"");
        }

        if (hailo.RetryInitial < TimeSpan.FromMilliseconds(100) || hailo.RetryInitial > TimeSpan.FromHours(1))
        {
            failures.Add($"{key}:RetryInitial must be from 00:00:00.1 to 01:00:00, was \"{hailo.RetryInitial}\"");
        }

        if (hailo.RetryMax < hailo.RetryInitial || hailo.RetryMax > TimeSpan.FromHours(24))
        {
            failures.Add($"{key}:RetryMax must be from RetryInitial ({hailo.RetryInitial}) to 1.00:00:00, was \"{hailo.RetryMax}\"");
        }

    }

    public static void Validate(List<string> failures, string key, ModelOptions model)
    {
        ArgumentNullException.ThrowIfNull(failures);
        ArgumentNullException.ThrowIfNull(model);
        HailoModelOptions h = model.Hailo;
        if (model.Backend == ModelBackend.Hailo && !model.Path.EndsWith(".hef", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{key}:Path must name a .hef (a model compiled for the Hailo-8/8L) when Backend is Hailo, was \"{model.Path}\"");
        }

        if (model.Fallback is { } fallback
            && (string.IsNullOrWhiteSpace(fallback) || !fallback.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)))
        {
            failures.Add($"{key}:Fallback must name an .onnx model served while the chip cannot be used, or be left out, was \"{fallback}\"");
        }

        if (model.Fallback is null && (model.InputName is not null || model.OutputNames.Count > 0 || model.InputShape.Count > 0))
        {
            failures.Add($"{key}: InputName, OutputNames and InputShape apply to ONNX models (a Fallback); a .hef's input and outputs come from the file, remove them");
        }

        if (!Enum.IsDefined(h.Input))
        {
            failures.Add($"{key}:Hailo:Input must be Float32 or Uint8, was \"{h.Input}\"");
        }

        if (h.BatchSize < 0 || h.BatchSize > MaxBatchSize)
        {
            failures.Add($"{key}:Hailo:BatchSize must be from 0 (HailoRT chooses) to {MaxBatchSize}, was {h.BatchSize}");
        }

        if (h.SchedulerTimeout is { } timeout && (timeout < TimeSpan.Zero || timeout.TotalMilliseconds > uint.MaxValue - 1))
        {
            failures.Add($"{key}:Hailo:SchedulerTimeout must be from 00:00:00 up, in whole milliseconds, was \"{timeout}\"");
        }

        if (h.SchedulerThreshold is < 0)
        {
            failures.Add($"{key}:Hailo:SchedulerThreshold must be 0 (automatic) or more frames, was {h.SchedulerThreshold}");
        }

        if (h.SchedulerPriority is < 0 or > MaxPriority)
        {
            failures.Add($"{key}:Hailo:SchedulerPriority must be from 0 to {MaxPriority} (higher wins; 16 is HailoRT's normal), was {h.SchedulerPriority}");
        }

        if (h.FrameTimeout < TimeSpan.FromMilliseconds(1) || h.FrameTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{key}:Hailo:FrameTimeout must be from 00:00:00.001 to 00:10:00, was \"{h.FrameTimeout}\"");
        }
    }
}
