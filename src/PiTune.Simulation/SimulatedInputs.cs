using System.Globalization;
using PiTune.Core.Governor;
using PiTune.Simulation.Model;

namespace PiTune.Simulation;

/// <summary>
/// The files a kernel takes as input and the daemon may write, read leniently: text that does not parse (garbage,
/// or a write caught half-way) is ignored and the last good value stays in force, as the kernel would have
/// rejected it with EINVAL.
/// </summary>
internal sealed class SimulatedInputs(SimulatedFiles files, long minKHz, long maxKHz)
{
    public const string Pwm1 = Pi5Layout.FanHwmon + "/pwm1";
    public const string CoolingStatePath = Pi5Layout.FanCoolingDevice + "/cur_state";

    private const string StepWise = "step_wise";
    private static readonly string[] ZonePolicies = [StepWise, "user_space", "power_allocator", "fair_share", "bang_bang"];

    private string _zonePolicy = StepWise;
    private bool _zoneEnabled = true;

    public CpuFreqSettings CpuFreq { get; private set; } = new(GovernorNames.Ondemand, minKHz, maxKHz, null);

    /// <summary>step_wise on an enabled zone drives the fan; any other policy (user_space above all) leaves it alone.</summary>
    public bool KernelDrivesFan => _zonePolicy == StepWise && _zoneEnabled;

    /// <summary>Reads every input; returns a fan setting the daemon wrote since the model last set it, if any.</summary>
    public FanSetting? Read(int currentPwm, int currentState)
    {
        CpuFreqSettings c = CpuFreq;
        string governor = Word(files.Read(Pi5Layout.Policy + "/scaling_governor")) is { } g && GovernorNames.IsKnown(g) ? g : c.Governor;
        long max = Number(files.Read(Pi5Layout.Policy + "/scaling_max_freq"), 1, long.MaxValue) ?? c.MaxKHz;
        long min = Number(files.Read(Pi5Layout.Policy + "/scaling_min_freq"), 1, long.MaxValue) ?? c.MinKHz;

        // scaling_setspeed only means something under userspace; elsewhere it reads "<unsupported>".
        long? setSpeed = governor == GovernorNames.Userspace
            ? Number(files.Read(Pi5Layout.Policy + "/scaling_setspeed"), 1, long.MaxValue) ?? c.SetSpeedKHz
            : null;
        CpuFreq = new CpuFreqSettings(governor, min, max, setSpeed);

        if (Word(files.Read(Pi5Layout.Zone + "/policy")) is { } policy && ZonePolicies.Contains(policy))
        {
            _zonePolicy = policy;
        }

        string? mode = Word(files.Read(Pi5Layout.Zone + "/mode"));
        if (mode is "enabled" or "disabled")
        {
            _zoneEnabled = mode == "enabled";
        }

        // A pwm1 write wins over a cur_state write: it is the more direct of the two.
        if (Number(files.Read(Pwm1), 0, 255) is { } pwm && pwm != currentPwm)
        {
            return new FanSetting((int)pwm, KernelFanModel.StateForPwm((int)pwm), FanWriteKind.Pwm);
        }

        int top = Pi5Layout.FanLevels.Length - 1;
        if (Number(files.Read(CoolingStatePath), 0, top) is { } state && state != currentState)
        {
            return new FanSetting(KernelFanModel.PwmForState((int)state), (int)state, FanWriteKind.State);
        }

        return null;
    }

    private static string? Word(string? text) => text?.Trim() is { Length: > 0 } word ? word : null;

    private static long? Number(string? text, long min, long max) =>
        long.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long value) && value >= min && value <= max
            ? value
            : null;
}
