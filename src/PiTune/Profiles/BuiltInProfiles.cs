namespace PiTune.Profiles;

/// <summary>
/// The profiles PiTune ships, each an overlay of ordinary configuration keys (<c>pitune profile show NAME</c> prints
/// them). Curves give all four points: a list in an overlay replaces the file's entry by entry, so a shorter one would
/// leave the file's last points in place.
/// </summary>
internal static class BuiltInProfiles
{
    public const string Default = "balanced";

    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string?>> All =
        new Dictionary<string, IReadOnlyDictionary<string, string?>>(StringComparer.Ordinal)
        {
            // The configuration file as it is: today's defaults.
            ["balanced"] = new Dictionary<string, string?>(),

            // The inference governor held, the fan earlier and steeper, the soft limit at the firmware's edge (80 °C).
            ["throughput"] = new Dictionary<string, string?>
            {
                ["Governor:Idle"] = "performance",
                ["Governor:Inference"] = "performance",
                ["Fan:Curve:0:TemperatureC"] = "40", ["Fan:Curve:0:DutyPercent"] = "40",
                ["Fan:Curve:1:TemperatureC"] = "50", ["Fan:Curve:1:DutyPercent"] = "60",
                ["Fan:Curve:2:TemperatureC"] = "60", ["Fan:Curve:2:DutyPercent"] = "85",
                ["Fan:Curve:3:TemperatureC"] = "67.5", ["Fan:Curve:3:DutyPercent"] = "100",
                ["Thermal:LimitC"] = "78",
                ["Thermal:RecoveryMarginC"] = "5",
            },

            // The fan capped at 50 % duty (25 % where the chip is held); the frequency cap does the rest from 65 °C, far below the firmware's 80 °C.
            ["quiet"] = new Dictionary<string, string?>
            {
                ["Fan:Curve:0:TemperatureC"] = "58", ["Fan:Curve:0:DutyPercent"] = "15",
                ["Fan:Curve:1:TemperatureC"] = "63", ["Fan:Curve:1:DutyPercent"] = "25",
                ["Fan:Curve:2:TemperatureC"] = "67", ["Fan:Curve:2:DutyPercent"] = "35",
                ["Fan:Curve:3:TemperatureC"] = "70", ["Fan:Curve:3:DutyPercent"] = "50",
                ["Fan:KickDutyPercent"] = "50",
                ["Thermal:LimitC"] = "65",
                ["Thermal:RecoveryMarginC"] = "5",
            },

            // Less energy: the CPU scales with load even during inference and idles at the lowest clock.
            ["powersave"] = new Dictionary<string, string?>
            {
                ["Governor:Idle"] = "powersave",
                ["Governor:Inference"] = "schedutil",
                ["Thermal:LimitC"] = "70",
            },
        };
}
