using PiTune.Core.Units;

namespace PiTune.Core.Platform;

/// <summary>
/// A fan PiTune can drive: hwmon <c>pwm1</c>, a thermal cooling device, a GPIO pin or a PWM channel. sysfs backends
/// write through the tuning ledger, so the kernel's value comes back on stop.
/// </summary>
public interface IFan : IDisposable
{
    /// <summary>What and where, for logs: "hwmon2 (pwmfan) pwm1".</summary>
    string Description { get; }

    /// <summary>Whether the kernel's thermal zone governor drives this fan (it must be taken over first).</summary>
    bool KernelDriven { get; }

    bool HasTachometer { get; }

    /// <summary>Gets the fan ready to be driven (opens a pin, enables manual pwm); called once before the first duty.</summary>
    WriteResult Prepare();

    /// <summary>Sets the duty, rounded to what the fan can do (pwm 0–255, a cooling state, on/off).</summary>
    WriteResult SetDuty(DutyCycle duty);

    /// <summary>The duty the device can actually run for a wish (a GPIO fan is on or off).</summary>
    DutyCycle Quantize(DutyCycle duty);

    /// <summary>The fan's speed, when it has a tachometer.</summary>
    ReadResult<int> ReadRpm();
}
