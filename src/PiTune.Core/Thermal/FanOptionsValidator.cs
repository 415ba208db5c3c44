using System.Globalization;
using Microsoft.Extensions.Options;

namespace PiTune.Core.Thermal;

/// <summary>Names each bad <c>Fan</c> key with its value.</summary>
public sealed class FanOptionsValidator : IValidateOptions<FanOptions>
{
    // The Pi 5's critical trip: the kernel shuts down there, so no curve point belongs at or above it.
    private const double CriticalC = 110;

    public ValidateOptionsResult Validate(string? name, FanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Kind))
        {
            failures.Add($"Fan:Kind \"{options.Kind}\" is not one of: {string.Join(", ", Enum.GetNames<FanKind>())}");
        }

        if (!Enum.IsDefined(options.Mode))
        {
            failures.Add($"Fan:Mode \"{options.Mode}\" is not one of: {string.Join(", ", Enum.GetNames<FanMode>())}");
        }

        if (!Enum.IsDefined(options.Interpolation))
        {
            failures.Add($"Fan:Interpolation \"{options.Interpolation}\" is not one of: {string.Join(", ", Enum.GetNames<CurveInterpolation>())}");
        }

        if (!Enum.IsDefined(options.KickWhen))
        {
            failures.Add($"Fan:KickWhen \"{options.KickWhen}\" is not one of: {string.Join(", ", Enum.GetNames<KickCondition>())}");
        }

        CheckCurve(failures, options.Curve);
        Range(failures, "HysteresisC", options.HysteresisC, 0, 20, "°C");
        Duration(failures, "MinOnTime", options.MinOnTime, TimeSpan.Zero, TimeSpan.FromHours(1));
        Duration(failures, "MinOffTime", options.MinOffTime, TimeSpan.Zero, TimeSpan.FromHours(1));
        Duration(failures, "SpinDownDelay", options.SpinDownDelay, TimeSpan.Zero, TimeSpan.FromHours(1));
        Duration(failures, "RiseLookahead", options.RiseLookahead, TimeSpan.Zero, TimeSpan.FromMinutes(10));
        Duration(failures, "SpinUpTime", options.SpinUpTime, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        Duration(failures, "KickDuration", options.KickDuration, TimeSpan.Zero, TimeSpan.FromSeconds(30));
        PositivePercent(failures, "KickDutyPercent", options.KickDutyPercent);
        PositivePercent(failures, "SafeDutyPercent", options.SafeDutyPercent);
        Range(failures, "FailureDutyPercent", options.FailureDutyPercent, 0, 99, "%");
        Duration(failures, "FailureTime", options.FailureTime, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        IntRange(failures, "GpioPin", options.GpioPin, 0, 511);
        IntRange(failures, "PwmChip", options.PwmChip, 0, 1023);
        IntRange(failures, "PwmChannel", options.PwmChannel, 0, 1023);
        IntRange(failures, "PwmFrequencyHz", options.PwmFrequencyHz, 1, 10_000_000);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckCurve(List<string> failures, List<FanCurvePoint>? curve)
    {
        if (curve is null)
        {
            return;
        }

        for (int i = 0; i < curve.Count; i++)
        {
            FanCurvePoint? p = curve[i];
            if (p is null)
            {
                failures.Add($"Fan:Curve:{i} is empty; give TemperatureC and DutyPercent");
                continue;
            }

            if (!double.IsFinite(p.TemperatureC) || p.TemperatureC is < 0 or >= CriticalC)
            {
                failures.Add(Invariant($"Fan:Curve:{i}:TemperatureC must be from 0 to below the 110 °C critical trip, was {p.TemperatureC}"));
            }

            if (!double.IsFinite(p.DutyPercent) || p.DutyPercent is < 0 or > 100)
            {
                failures.Add(Invariant($"Fan:Curve:{i}:DutyPercent must be from 0 to 100, was {p.DutyPercent}"));
            }

            if (i > 0 && curve[i - 1] is { } prev)
            {
                if (!(p.TemperatureC > prev.TemperatureC))
                {
                    failures.Add(Invariant($"Fan:Curve:{i}:TemperatureC {p.TemperatureC} must be above the previous point's {prev.TemperatureC}"));
                }

                if (p.DutyPercent < prev.DutyPercent)
                {
                    failures.Add(Invariant($"Fan:Curve:{i}:DutyPercent {p.DutyPercent} must not be below the previous point's {prev.DutyPercent} (a hotter chip never needs less air)"));
                }
            }
        }
    }

    private static void Range(List<string> failures, string key, double value, double min, double max, string unit)
    {
        if (!double.IsFinite(value) || value < min || value > max)
        {
            failures.Add(Invariant($"Fan:{key} must be from {min} to {max} {unit}, was {value}"));
        }
    }

    private static void PositivePercent(List<string> failures, string key, double value)
    {
        if (!double.IsFinite(value) || value is <= 0 or > 100)
        {
            failures.Add(Invariant($"Fan:{key} must be above 0 and at most 100 %, was {value}"));
        }
    }

    private static void IntRange(List<string> failures, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add(Invariant($"Fan:{key} must be from {min} to {max}, was {value}"));
        }
    }

    private static void Duration(List<string> failures, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add(Invariant($"Fan:{key} must be from {min} to {max}, was \"{value}\""));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
