using Microsoft.Extensions.Options;

namespace PiTune.Simulation;

/// <summary>Names each bad <c>Simulation</c> key with its value.</summary>
public sealed class SimulationOptionsValidator : IValidateOptions<SimulationOptions>
{
    private static readonly TimeSpan MinStep = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan MaxStep = TimeSpan.FromSeconds(10);

    public ValidateOptionsResult Validate(string? name, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        CheckRange(failures, "AmbientC", options.AmbientC, -20, 60);
        CheckRange(failures, "InitialTemperatureC", options.InitialTemperatureC, -20, 105);
        CheckRange(failures, "BackgroundLoadPercent", options.BackgroundLoadPercent, 0, 100);
        CheckRange(failures, "ZoneNoiseC", options.ZoneNoiseC, 0, 5);
        if (options.Step < MinStep || options.Step > MaxStep)
        {
            failures.Add($"Simulation:Step must be between {MinStep} and {MaxStep} (e.g. \"00:00:00.1\"), was \"{options.Step}\"");
        }

        if (!Enum.IsDefined(options.LoadProfile))
        {
            failures.Add($"Simulation:LoadProfile must be one of {string.Join(", ", Enum.GetNames<LoadProfile>())}, was \"{options.LoadProfile}\"");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckRange(List<string> failures, string key, double value, double min, double max)
    {
        if (double.IsNaN(value) || value < min || value > max)
        {
            failures.Add(FormattableString.Invariant($"Simulation:{key} must be between {min} and {max}, was \"{value}\""));
        }
    }
}
