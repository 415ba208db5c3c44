using System.Globalization;
using Microsoft.Extensions.Options;

namespace PiTune.Core.Thermal;

/// <summary>Names each bad <c>Thermal</c> key with its value.</summary>
public sealed class ThermalOptionsValidator : IValidateOptions<ThermalOptions>
{
    public ValidateOptionsResult Validate(string? name, ThermalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!double.IsFinite(options.LimitC) || options.LimitC < 40 || options.LimitC >= ThermalOptions.FirmwareSoftLimitC)
        {
            failures.Add(Invariant($"Thermal:LimitC must be from 40 to below the firmware's 80 °C soft limit, was {options.LimitC}"));
        }

        if (!double.IsFinite(options.RecoveryMarginC) || options.RecoveryMarginC is <= 0 or > 30)
        {
            failures.Add(Invariant($"Thermal:RecoveryMarginC must be above 0 and at most 30 °C, was {options.RecoveryMarginC}"));
        }

        if (!double.IsFinite(options.FanFailureMarginC) || options.FanFailureMarginC is < 0 or > 30)
        {
            failures.Add(Invariant($"Thermal:FanFailureMarginC must be from 0 to 30 °C, was {options.FanFailureMarginC}"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
