using System.Globalization;
using Microsoft.Extensions.Options;
using PiTune.Core.Platform;
using PiTune.Core.Units;
using PiTune.Simulation.Model;

namespace PiTune.Simulation;

/// <summary>
/// A Raspberry Pi 5 in a folder: the sysfs/procfs tree of <see cref="Pi5Layout"/> plus the kernel, firmware and
/// physics behind it. <see cref="Advance"/> steps the model and rewrites the files the kernel would change; the
/// files the daemon tunes (governor, frequency limits, zone policy, vm tunables, pwm1 while the zone is
/// <c>user_space</c>) are only ever read, like a real kernel takes them as input. Thread-safe.
/// </summary>
public sealed class SimulatedPi5
{
    // Pi 5 device tree: thermal_zone0 polling-delay = 1000 ms. The zone's temp and the fan follow at that pace.
    private static readonly long PollTicks = TimeSpan.TicksPerSecond;

    // Longest model step inside one Advance: the fastest thing modelled (conservative's 100 ms sample).
    private static readonly long MaxSubstepTicks = TimeSpan.TicksPerMillisecond * 100;

    private readonly Lock _gate = new();
    private readonly SimulatedFiles _files;
    private readonly ThermalModel _thermal;
    private readonly CpuFreqModel _cpufreq = new(Pi5Layout.FrequenciesKHz);
    private readonly FirmwareModel _firmware;
    private readonly KernelFanModel _kernelFan = new();
    private readonly CpuLoadModel _cpu = new();
    private readonly PressureModel _cpuPressure = new(includeFull: true, fullShareOfSome: 0);
    private readonly PressureModel _memoryPressure = new(includeFull: true, fullShareOfSome: 0.5);
    private readonly PressureModel _ioPressure = new(includeFull: true, fullShareOfSome: 0);
    private readonly SimulatedInputs _inputs;
    private readonly ZoneNoise _zoneNoise;

    private double _workloadCores;
    private long _memoryUsedKb;
    private double _memoryPressurePercent;
    private long _elapsedTicks;
    private long _nextPollTicks;
    private double _zoneC;
    private long _clockKHz;
    private double _watts;
    private int _pwm;
    private int _coolingState;
    private bool _publishPwm = true;
    private bool _publishState = true;

    public SimulatedPi5(string root, SimulationOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentNullException.ThrowIfNull(options);
        ValidateOptionsResult valid = new SimulationOptionsValidator().Validate(null, options);
        if (valid.Failed)
        {
            throw new ArgumentException(valid.FailureMessage, nameof(options));
        }

        Options = options;
        Root = Path.GetFullPath(Pi5Layout.Write(root, options.InitialTemperatureC));
        _files = new SimulatedFiles(Root);
        _inputs = new SimulatedInputs(_files, _cpufreq.MinKHz, _cpufreq.MaxKHz);
        _thermal = new ThermalModel(options.AmbientC, options.InitialTemperatureC, options.FanInstalled);
        _firmware = new FirmwareModel(_cpufreq.MinKHz, _cpufreq.MaxKHz);
        _zoneNoise = new ZoneNoise(options.ZoneNoiseC);
        _clockKHz = _cpufreq.RequestedKHz;
        lock (_gate)
        {
            _inputs.Read(_pwm, _coolingState);
            Step(0);
            Poll();
            Publish();
        }
    }

    /// <summary>The directory that plays <c>/</c>.</summary>
    public string Root { get; }

    public SimulationOptions Options { get; }

    /// <summary>Simulated time since the board was built.</summary>
    public TimeSpan Elapsed { get { lock (_gate) { return TimeSpan.FromTicks(_elapsedTicks); } } }

    /// <summary>Die temperature now (continuous; the firmware acts on this).</summary>
    public Celsius Temperature { get { lock (_gate) { return new(_thermal.TemperatureC); } } }

    /// <summary>What <c>thermal_zone0/temp</c> says: the kernel's reading at its last 1000 ms poll.</summary>
    public Celsius ZoneTemperature { get { lock (_gate) { return new(_zoneC); } } }

    /// <summary>Busy cores (0–4): background plus workload plus the load profile.</summary>
    public double BusyCores { get { lock (_gate) { return _cpu.BusyCores; } } }

    /// <summary>The frequency cpufreq requested (<c>scaling_cur_freq</c>).</summary>
    public KiloHertz RequestedFrequency { get { lock (_gate) { return new(_cpufreq.RequestedKHz); } } }

    /// <summary>The ARM clock actually running: the request under the firmware's thermal cap (invisible in cpufreq on a Pi).</summary>
    public KiloHertz Frequency { get { lock (_gate) { return new(_clockKHz); } } }

    /// <summary>The governor in force (the last valid name read from <c>scaling_governor</c>).</summary>
    public string Governor { get { lock (_gate) { return _inputs.CpuFreq.Governor; } } }

    /// <summary>The fan header's pwm (0–255) driving the fan now.</summary>
    public int FanPwm { get { lock (_gate) { return _pwm; } } }

    public DutyCycle FanDuty { get { lock (_gate) { return DutyCycle.FromPwm(_pwm); } } }

    /// <summary>The pwm-fan cooling device's state (0–4).</summary>
    public int FanState { get { lock (_gate) { return _coolingState; } } }

    public int FanRpm { get { lock (_gate) { return KernelFanModel.Rpm(_pwm, Options.FanInstalled); } } }

    /// <summary>Whether the kernel's step_wise governor drives the fan (zone policy <c>step_wise</c> and mode enabled).</summary>
    public bool KernelDrivesFan { get { lock (_gate) { return _inputs.KernelDrivesFan; } } }

    public ThrottleFlags ThrottleBits { get { lock (_gate) { return _firmware.Flags; } } }

    /// <summary>Board power in watts.</summary>
    public double PowerWatts { get { lock (_gate) { return _watts; } } }

    /// <summary>Reports inference work: how many cores (0–4, fractions allowed) it keeps busy. Any thread.</summary>
    public void SetWorkload(double busyCores)
    {
        if (double.IsNaN(busyCores))
        {
            throw new ArgumentOutOfRangeException(nameof(busyCores), busyCores, "Busy cores must be a number from 0 to 4.");
        }

        Volatile.Write(ref _workloadCores, Math.Clamp(busyCores, 0, CpuLoadModel.Cores));
    }

    /// <summary>Reports memory held by the workload (kB, taken from MemAvailable) and the PSI "some" stall share (0–100 %).</summary>
    public void SetMemoryLoad(long usedKb, double pressurePercent)
    {
        lock (_gate)
        {
            _memoryUsedKb = Math.Clamp(usedKb, 0, Pi5Layout.MemAvailableKb);
            _memoryPressurePercent = double.IsNaN(pressurePercent) ? 0 : Math.Clamp(pressurePercent, 0, 100);
        }
    }

    /// <summary>
    /// Steps the model by <paramref name="dt"/> of simulated time: reads what the daemon may have written, runs the
    /// kernel's 1000 ms polls that fall inside, and rewrites the files whose text changed.
    /// </summary>
    public void Advance(TimeSpan dt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dt, TimeSpan.Zero);
        lock (_gate)
        {
            if (_inputs.Read(_pwm, _coolingState) is { } fan)
            {
                // The physical fan follows at once; under step_wise the next poll puts the kernel's level back.
                (_pwm, _coolingState) = (fan.Pwm, fan.CoolingState);
                _publishState |= fan.WrittenTo == FanWriteKind.Pwm;
                _publishPwm |= fan.WrittenTo == FanWriteKind.State;
            }

            long remaining = dt.Ticks;
            while (remaining > 0)
            {
                long h = Math.Min(Math.Min(remaining, MaxSubstepTicks), _nextPollTicks - _elapsedTicks);
                Step(h / (double)TimeSpan.TicksPerSecond);
                _elapsedTicks += h;
                remaining -= h;
                if (_elapsedTicks >= _nextPollTicks)
                {
                    Poll();
                }
            }

            Publish();
        }
    }

    private void Step(double seconds)
    {
        double elapsed = _elapsedTicks / (double)TimeSpan.TicksPerSecond;
        double work = Volatile.Read(ref _workloadCores) + ProfileCores(Options.LoadProfile, elapsed);
        _cpu.SetDemand(work, Options.BackgroundLoadPercent / 100 * CpuLoadModel.Cores);
        _cpu.Accumulate(seconds);

        long requested = _cpufreq.Next(_inputs.CpuFreq, _cpu.MaxCoreLoad, seconds);
        _firmware.Update(_thermal.TemperatureC, Options.UnderVoltage);
        _clockKHz = Math.Min(requested, _firmware.CapKHz);
        _watts = ThermalModel.Power(_cpu.BusyCores, _clockKHz);
        _thermal.Step(_watts, KernelFanModel.Airflow(_pwm, Options.FanInstalled), seconds);

        _cpuPressure.Accumulate(_cpu.WaitingPercent, seconds);
        _memoryPressure.Accumulate(_memoryPressurePercent, seconds);
        _ioPressure.Accumulate(0, seconds);
    }

    /// <summary>The kernel's thermal poll: a new zone reading, and step_wise moves the fan if it owns it.</summary>
    private void Poll()
    {
        _nextPollTicks += PollTicks;
        _zoneC = _thermal.TemperatureC + _zoneNoise.Next();
        int state = _kernelFan.StepWise(_zoneC);
        if (_inputs.KernelDrivesFan)
        {
            // Also overwrites a manual pwm1 write: the real Pi 5 behaviour the daemon must not fight.
            _coolingState = state;
            _pwm = KernelFanModel.PwmForState(state);
            _publishPwm = _publishState = true;
        }
    }

    private void Publish()
    {
        _files.Write(Pi5Layout.Policy + "/scaling_cur_freq", Num(_cpufreq.RequestedKHz));

        // The firmware's clock driver reports the rate cpufreq set, not the throttled one: only get_throttled tells.
        _files.Write(Pi5Layout.Policy + "/cpuinfo_cur_freq", Num(_cpufreq.RequestedKHz));
        string milli = Num(new Celsius(_zoneC).ToMilli());
        _files.Write(Pi5Layout.Zone + "/temp", milli);
        _files.Write(Pi5Layout.CpuThermalHwmon + "/temp1_input", milli);
        _files.Write(Linux.SysPaths.GetThrottled, FirmwareModel.Format(_firmware.Flags));
        _files.Write(Pi5Layout.VoltHwmon + "/in0_lcrit_alarm", Options.UnderVoltage ? "1" : "0");
        if (_publishPwm)
        {
            _files.Write(SimulatedInputs.Pwm1, Num(_pwm));
        }

        if (_publishState)
        {
            _files.Write(SimulatedInputs.CoolingStatePath, Num(_coolingState));
        }

        _publishPwm = _publishState = false;
        _files.Write(Pi5Layout.FanHwmon + "/fan1_input", Num(KernelFanModel.Rpm(_pwm, Options.FanInstalled)));
        _files.Write(Linux.SysPaths.ProcStat, _cpu.ProcStat());
        _files.Write(Linux.SysPaths.MemInfo, MemInfo());
        _files.Write(Linux.SysPaths.Pressure + "/cpu", _cpuPressure.Format());
        _files.Write(Linux.SysPaths.Pressure + "/memory", _memoryPressure.Format());
        _files.Write(Linux.SysPaths.Pressure + "/io", _ioPressure.Format());
    }

    private string MemInfo()
    {
        // Page cache breathes a little on a live system: ±1.5 MB over 90 s, deterministic so tests can rely on it.
        double seconds = _elapsedTicks / PollTicks;
        long wobble = (long)Math.Round(1536 * Math.Sin(2 * Math.PI * seconds / 90));
        long available = Math.Max(0, Pi5Layout.MemAvailableKb - _memoryUsedKb + wobble);
        (long swapTotalKb, long swapFreeKb) = Swap();
        return Pi5Layout.MemInfo(Pi5Layout.MemTotalKb, available, swapTotalKb, swapFreeKb);
    }

    /// <summary>SwapTotal and SwapFree as the kernel derives them: sums over the tree's proc/swaps, which a simulated swapoff edits.</summary>
    private (long TotalKb, long FreeKb) Swap()
    {
        if (_files.Read(Linux.SysPaths.Swaps) is not { } table)
        {
            return (Pi5Layout.SwapTotalKb, Pi5Layout.SwapTotalKb);
        }

        long total = 0, used = 0;
        foreach (string line in table.Split('\n').Skip(1))
        {
            string[] f = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (f.Length >= 4 && long.TryParse(f[2], CultureInfo.InvariantCulture, out long size) && long.TryParse(f[3], CultureInfo.InvariantCulture, out long inUse))
            {
                total += size;
                used += inUse;
            }
        }

        return (total, total - used);
    }

    internal static double ProfileCores(LoadProfile profile, double elapsedSeconds) => profile switch
    {
        LoadProfile.Full => CpuLoadModel.Cores,
        LoadProfile.Bursts => elapsedSeconds % 120 < 45 ? CpuLoadModel.Cores : 0,
        _ => 0,
    };

    private static string Num(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
