using System.Globalization;
using PiTune.Core.Platform;

namespace PiTune.Simulation.Model;

/// <summary>
/// The Pi 5 firmware's own thermal management, which the kernel cannot see: from 80 °C (soft limit) it caps the
/// ARM clock progressively, at 85 °C it throttles hard to the lowest clock; and the <c>get_throttled</c> bits.
/// </summary>
internal sealed class FirmwareModel
{
    public const double SoftLimitC = 80;
    public const double HardLimitC = 85;

    // Clock granularity of the firmware's cap (the cpufreq table is in 100 MHz steps too).
    private const long CapStepKHz = 100_000;

    private readonly long _minKHz;
    private readonly long _maxKHz;
    private ThrottleFlags _sticky;

    public FirmwareModel(long minKHz, long maxKHz)
    {
        _minKHz = minKHz;
        _maxKHz = maxKHz;
        CapKHz = maxKHz;
    }

    /// <summary>The highest ARM clock the firmware allows now.</summary>
    public long CapKHz { get; private set; }

    /// <summary>The bits as <c>get_throttled</c> reports them: "now" in 0–3, "has occurred" in 16–19.</summary>
    public ThrottleFlags Flags { get; private set; }

    public void Update(double temperatureC, bool underVoltage)
    {
        ThrottleFlags now = ThrottleFlags.None;
        if (temperatureC >= HardLimitC || underVoltage)
        {
            // Under-voltage throttles as well: the familiar 0x50005 is under-voltage plus throttled.
            CapKHz = _minKHz;
            now |= ThrottleFlags.Throttled;
        }
        else if (temperatureC >= SoftLimitC)
        {
            // Linear from the full clock at 80 °C to the lowest at 85 °C, rounded down to a 100 MHz step.
            double fraction = (temperatureC - SoftLimitC) / (HardLimitC - SoftLimitC);
            long cap = _maxKHz - (long)(fraction * (_maxKHz - _minKHz));
            CapKHz = Math.Max(_minKHz, cap / CapStepKHz * CapStepKHz);
        }
        else
        {
            CapKHz = _maxKHz;
        }

        if (temperatureC >= SoftLimitC)
        {
            now |= ThrottleFlags.SoftTemperatureLimit;
        }

        if (CapKHz < _maxKHz)
        {
            now |= ThrottleFlags.ArmFrequencyCapped;
        }

        if (underVoltage)
        {
            now |= ThrottleFlags.UnderVoltage;
        }

        _sticky |= (ThrottleFlags)((uint)now << 16);
        Flags = now | _sticky;
    }

    /// <summary>The kernel prints the field with <c>%x</c> (drivers/firmware/raspberrypi.c): "0", "80008", "50005".</summary>
    public static string Format(ThrottleFlags flags) => ((uint)flags).ToString("x", CultureInfo.InvariantCulture);
}
