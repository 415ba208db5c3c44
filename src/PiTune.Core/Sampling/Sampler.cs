using Microsoft.Extensions.Logging;
using PiTune.Core.Faults;
using PiTune.Core.Metrics;
using PiTune.Core.Platform;
using PiTune.Core.Units;

namespace PiTune.Core.Sampling;

/// <summary>
/// Builds one <see cref="ResourceMetrics"/> per call from the machine's readers and the contributors.
/// A source that cannot be read leaves its field null and is reported through the fault tracker
/// (once, then as a periodic summary). Steady state allocates only the snapshot and its per-core array.
/// Not thread-safe: one sampling loop owns it (only <see cref="Stale"/> may be called beside a running <see cref="Sample"/>).
/// </summary>
public sealed class Sampler
{
    private readonly IMachine _machine;
    private readonly IMetricsContributor[] _contributors;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly FaultTracker _faults;
    private readonly ResourceMetricsDraft _draft = new();
    private CpuTimes[] _previousCores;
    private CpuTimes[] _currentCores;
    private CpuTimes _previousTotal;
    private bool _havePrevious;
    private double? _lastUsage;
    private double[] _lastPerCore = [];
    private long _sequence;

    public Sampler(IMachine machine, IEnumerable<IMetricsContributor> contributors, TimeProvider time, ILogger<Sampler> logger)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(contributors);
        _machine = machine;
        _contributors = contributors.ToArray();
        _time = time;
        _logger = logger;
        _faults = new FaultTracker(time);
        int cpus = Math.Max(1, machine.CpuCount);
        _previousCores = new CpuTimes[cpus];
        _currentCores = new CpuTimes[cpus];
    }

    public ResourceMetrics Sample()
    {
        _draft.Clear();
        _draft.Cpu = SampleCpu();
        _draft.Memory = SampleMemory();
        _draft.Thermal = SampleThermal();

        foreach (IMetricsContributor contributor in _contributors)
        {
            try
            {
                contributor.Contribute(_draft);
            }
            catch (Exception ex)
            {
                SamplerLog.ContributorFailed(_logger, contributor.GetType().Name, ex);
            }
        }

        return _draft.Freeze(Interlocked.Increment(ref _sequence), _time.GetUtcNow());
    }

    /// <summary>
    /// A snapshot for a tick whose <see cref="Sample"/> is stuck: no readings (a stuck read must not pass for a current
    /// one), the jobs' own sections as <paramref name="last"/> had them (the thermal cap, episode and pressure state hold),
    /// and the thermal zone faulted. The one member safe to call while <see cref="Sample"/> is blocked on another thread.
    /// </summary>
    public ResourceMetrics Stale(ResourceMetrics? last, string reason)
    {
        CpuMetrics cpu = last?.Cpu ?? default;
        ThermalMetrics thermal = last?.Thermal ?? default;
        return new ResourceMetrics(
            Interlocked.Increment(ref _sequence),
            _time.GetUtcNow(),
            new CpuMetrics(null, ReadOnlyMemory<double>.Empty, null, null, null, cpu.ThermalCap, null),
            new MemoryMetrics(null, null, null, null, null, null, (last?.Memory ?? default).PressureState),
            thermal with
            {
                Temperature = null,
                FanDuty = null,
                FanRpm = null,
                Throttle = null,
                UnderVoltage = null,
                SensorFault = _machine.CpuZone is not null,
            },
            last?.Accelerator ?? default,
            last?.Pool ?? default)
        {
            Stale = true,
            StaleReason = reason,
        };
    }

    private CpuMetrics SampleCpu()
    {
        double? usage = null;
        double[] perCore = [];
        ReadResult<int> stat = _machine.ProcStat.Read(out CpuTimes total, _currentCores);
        if (Check("/proc/stat", stat))
        {
            int cores = Math.Min(stat.Value, _currentCores.Length);
            if (_havePrevious && total.Total == _previousTotal.Total)
            {
                // No clock tick (USER_HZ, 10 ms) between two reads, e.g. ticks bunched up after a stall: nothing
                // new to measure, so the last figure stands and the baseline is kept for the next real delta.
                return CpuRest(_lastUsage, _lastPerCore);
            }

            if (_havePrevious)
            {
                usage = total.BusyPercentSince(_previousTotal);
                perCore = new double[cores];
                for (int i = 0; i < cores; i++)
                {
                    perCore[i] = _currentCores[i].BusyPercentSince(_previousCores[i]) ?? 0;
                }
            }

            _previousTotal = total;
            (_previousCores, _currentCores) = (_currentCores, _previousCores);
            _havePrevious = true;
            (_lastUsage, _lastPerCore) = (usage, perCore);
        }

        return CpuRest(usage, perCore);
    }

    /// <summary>The rest of the CPU section: frequencies, governor and CPU pressure.</summary>
    private CpuMetrics CpuRest(double? usage, double[] perCore)
    {
        KiloHertz? current = null;
        KiloHertz? max = null;
        string? governor = null;
        if (_machine.CpuFreqPolicies.Count > 0)
        {
            ICpuFreqPolicy policy = _machine.CpuFreqPolicies[0];
            ReadResult<KiloHertz> cur = policy.ReadCurrent();
            current = Check("cpufreq scaling_cur_freq", cur) ? cur.Value : null;
            ReadResult<KiloHertz> maxRead = policy.ReadScalingMax();
            max = Check("cpufreq scaling_max_freq", maxRead) ? maxRead.Value : null;
            ReadResult<string> gov = policy.ReadGovernor();
            governor = Check("cpufreq scaling_governor", gov) ? gov.Value : null;
        }

        ReadResult<PressureStall> psi = _machine.Pressure.Read(PressureResource.Cpu);
        double? cpuPressure = Check("/proc/pressure/cpu", psi) ? psi.Value.SomeAvg10 : null;

        return new CpuMetrics(usage, perCore, current, max, governor, null, cpuPressure);
    }

    private MemoryMetrics SampleMemory()
    {
        ReadResult<MemInfo> mem = _machine.MemInfo.Read();
        ReadResult<PressureStall> psi = _machine.Pressure.Read(PressureResource.Memory);
        ReadResult<PressureStall> io = _machine.Pressure.Read(PressureResource.Io);
        double? memPressure = Check("/proc/pressure/memory", psi) ? psi.Value.SomeAvg10 : null;
        double? ioPressure = Check("/proc/pressure/io", io) ? io.Value.SomeAvg10 : null;
        if (!Check("/proc/meminfo", mem))
        {
            return new MemoryMetrics(null, null, null, null, memPressure, ioPressure);
        }

        MemInfo m = mem.Value;
        return new MemoryMetrics(m.UsedPercent, m.TotalBytes, m.AvailableBytes, m.SwapUsedBytes, memPressure, ioPressure);
    }

    private ThermalMetrics SampleThermal()
    {
        Celsius? temperature = null;
        bool sensorFault = false;
        if (_machine.CpuZone is { } zone)
        {
            // A zone the machine has but whose reading is unusable (gone, garbage, implausible) is a faulted sensor, whatever
            // the fan mode: the jobs then act as blind, and status and metrics say so.
            ReadResult<Celsius> t = zone.ReadTemperature();
            temperature = Check("thermal zone temperature", t) ? t.Value : null;
            sensorFault = temperature is null;
        }

        DutyCycle? duty = null;
        int? rpm = null;
        if (_machine.FanHwmon is { } fan)
        {
            ReadResult<int> pwm = fan.ReadPwm(1);
            duty = Check("fan pwm1", pwm) ? DutyCycle.FromPwm(pwm.Value) : null;
            if (fan.HasTachometer)
            {
                ReadResult<int> r = fan.ReadFanRpm(1);
                rpm = Check("fan fan1_input", r) ? r.Value : null;
            }
        }
        else if (_machine.FanCoolingDevice is { } cooling)
        {
            ReadResult<int> cur = cooling.ReadCurrentState();
            ReadResult<int> maxState = cooling.ReadMaxState();
            if (Check("fan cooling cur_state", cur) && Check("fan cooling max_state", maxState) && maxState.Value > 0)
            {
                duty = new DutyCycle((double)cur.Value / maxState.Value);
            }
        }

        ThrottleFlags? flags = null;
        if (_machine.Firmware is { } firmware)
        {
            ReadResult<ThrottleFlags> f = firmware.ReadThrottled();
            flags = Check("firmware get_throttled", f) ? f.Value : null;
        }

        bool? underVoltage = flags is { } fl ? (fl & ThrottleFlags.UnderVoltage) != 0 : null;
        if (_machine.VoltageMonitor is { } volt)
        {
            ReadResult<bool> alarm = volt.ReadLowCriticalAlarm();
            if (Check("rpi_volt in0_lcrit_alarm", alarm))
            {
                underVoltage = alarm.Value || underVoltage == true;
            }
        }

        return new ThermalMetrics(temperature, duty, rpm, flags, underVoltage, SensorFault: sensorFault);
    }

    private bool Check<T>(string source, in ReadResult<T> result)
    {
        switch (_faults.Observe(source, result))
        {
            case FaultTransition.Failed:
                SamplerLog.SourceFailed(_logger, source, result.Describe());
                break;
            case FaultTransition.StillFailing:
                SamplerLog.SourceStillFailing(_logger, source, _faults.FailureCount(source), _faults.FailingFor(source), result.Describe());
                break;
            case FaultTransition.Recovered:
                SamplerLog.SourceRecovered(_logger, source, _faults.FailureCount(source), _faults.LastDownFor(source));
                break;
            case FaultTransition.Absent:
                SamplerLog.SourceAbsent(_logger, source, result.Describe());
                break;
            case FaultTransition.Appeared:
                SamplerLog.SourceAppeared(_logger, source);
                break;
        }

        return result.IsOk;
    }
}
