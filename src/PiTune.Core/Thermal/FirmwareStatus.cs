using PiTune.Core.Platform;

namespace PiTune.Core.Thermal;

/// <summary>The firmware's <c>get_throttled</c> bits, decoded for people (what <c>vcgencmd get_throttled</c> means).</summary>
public readonly record struct FirmwareStatus(ThrottleFlags Flags)
{
    public bool UnderVoltageNow => Has(ThrottleFlags.UnderVoltage);

    public bool UnderVoltageOccurred => Has(ThrottleFlags.UnderVoltageOccurred);

    public bool FrequencyCappedNow => Has(ThrottleFlags.ArmFrequencyCapped);

    public bool ThrottledNow => Has(ThrottleFlags.Throttled);

    public bool SoftLimitNow => Has(ThrottleFlags.SoftTemperatureLimit);

    /// <summary>Any "now" bit: the firmware is holding the clock down at this moment.</summary>
    public bool LimitingNow => (Flags & (ThrottleFlags.ArmFrequencyCapped | ThrottleFlags.Throttled | ThrottleFlags.SoftTemperatureLimit)) != 0;

    /// <summary>"under-voltage, throttled now; since boot: under-voltage, throttled", or "none".</summary>
    public string Describe()
    {
        var now = new List<string>();
        var ever = new List<string>();
        Add(now, ThrottleFlags.UnderVoltage, ThrottleFlags.ArmFrequencyCapped, ThrottleFlags.Throttled, ThrottleFlags.SoftTemperatureLimit);
        Add(ever, ThrottleFlags.UnderVoltageOccurred, ThrottleFlags.ArmFrequencyCappedOccurred, ThrottleFlags.ThrottledOccurred,
            ThrottleFlags.SoftTemperatureLimitOccurred);
        if (now.Count == 0 && ever.Count == 0)
        {
            return "none";
        }

        string text = now.Count > 0 ? string.Join(", ", now) + " now" : "nothing now";
        return ever.Count > 0 ? $"{text}; since boot: {string.Join(", ", ever)}" : text;
    }

    private void Add(List<string> into, ThrottleFlags underVoltage, ThrottleFlags capped, ThrottleFlags throttled, ThrottleFlags softLimit)
    {
        if (Has(underVoltage))
        {
            into.Add("under-voltage");
        }

        if (Has(capped))
        {
            into.Add("ARM frequency capped");
        }

        if (Has(throttled))
        {
            into.Add("throttled");
        }

        if (Has(softLimit))
        {
            into.Add("soft temperature limit");
        }
    }

    private bool Has(ThrottleFlags flag) => (Flags & flag) != 0;
}
