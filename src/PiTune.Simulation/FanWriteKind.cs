namespace PiTune.Simulation;

/// <summary>Which fan file the daemon wrote.</summary>
internal enum FanWriteKind
{
    /// <summary><c>hwmon pwm1</c>: the driver moves <c>cur_state</c> to the matching level.</summary>
    Pwm,

    /// <summary><c>cooling_device cur_state</c>: the driver sets <c>pwm1</c> to that state's level.</summary>
    State,
}
