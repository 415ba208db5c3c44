namespace PiTune.Core.Platform;

/// <summary>A thermal cooling device (<c>/sys/class/thermal/cooling_deviceN</c>).</summary>
public interface ICoolingDevice
{
    /// <summary>The directory name, e.g. <c>cooling_device0</c>.</summary>
    string Name { get; }

    /// <summary>The device's <c>type</c>, read at discovery (e.g. <c>pwm-fan</c>).</summary>
    string Type { get; }

    Tunable CurrentState { get; }

    ReadResult<int> ReadCurrentState();

    ReadResult<int> ReadMaxState();
}
