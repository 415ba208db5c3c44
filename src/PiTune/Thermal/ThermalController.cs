using Microsoft.Extensions.Logging;
using PiTune.Core.Faults;
using PiTune.Core.Metrics;
using PiTune.Core.Platform;
using PiTune.Core.Thermal;
using PiTune.Core.Tuning;
using PiTune.Core.Units;
using PiTune.Linux.Files;
using PiTune.Linux.Fan;

namespace PiTune.Thermal;

/// <summary>
/// The thermal job's per-tick work, synchronous so tests drive it snapshot by snapshot: firmware flags, fan failure,
/// the soft-throttle cap (published through <see cref="ThermalContributor"/>) and, in <c>Control</c> mode, the fan.
/// Not thread-safe: the thermal loop owns it.
/// </summary>
internal sealed class ThermalController(
    IMachine machine,
    ISysFiles files,
    ITuningLedger ledger,
    ThermalContributor contributor,
    TimeProvider time,
    ILogger logger)
{
    private IFan? _observedFan;
    private FanDriver? _driver;
    private IReadOnlyList<KiloHertz> _frequencies = [];
    private ThrottleState _throttle = ThrottleState.Initial;
    private FanFailureState _failure = FanFailureState.Initial;
    private long _episodes;
    private bool _underVoltage;
    private bool _underVoltageClearPending;
    private long _underVoltageEpisodes;
    private DateTimeOffset? _underVoltageReportedAt;
    private bool _firmwareLimiting;
    private DateTimeOffset? _firmwareReportedAt;
    private bool _cannotCapLogged;
    private bool _chipHot;

    /// <summary>Whether PiTune drives the fan.</summary>
    public bool Controlling => _driver is not null;

    public void Start(ThermalOptions thermal, FanOptions fan)
    {
        ArgumentNullException.ThrowIfNull(thermal);
        ArgumentNullException.ThrowIfNull(fan);
        _frequencies = ReadFrequencies(out string? noCap);
        if (noCap is not null && thermal.Throttle)
        {
            ThermalLog.CannotCap(logger, noCap);
            _cannotCapLogged = true;
        }

        string throttle = thermal.Throttle ? "on" : "off";
        FanSelection selection = FanFactory.Create(fan, machine, ledger, files);
        if (selection.Fan is not { } device)
        {
            if (fan.Mode == FanMode.Control)
            {
                ThermalLog.CannotControl(logger, selection.Problem ?? "no fan");
            }

            ThermalLog.Observing(logger, "none: " + selection.Problem, thermal.LimitC, throttle);
            return;
        }

        if (fan.Mode == FanMode.Observe)
        {
            _observedFan = device;
            ThermalLog.Observing(logger, device.Description, thermal.LimitC, throttle);
            return;
        }

        string? problem = null;
        string takeover = "no kernel governor drives it";
        if (device.KernelDriven && machine.CpuZone is { } zone)
        {
            problem = ZoneTakeover.TakeOver(zone, files, ledger);
            takeover = $"{zone.Name} policy {ZoneTakeover.UserSpace}, restored on stop";
        }

        if (problem is null)
        {
            WriteResult prepared = device.Prepare();
            problem = prepared.IsOk ? null : $"cannot prepare {device.Description} ({prepared.Describe()})";
        }

        if (problem is not null)
        {
            ThermalLog.CannotControl(logger, problem);
            _observedFan = device;
            ThermalLog.Observing(logger, device.Description, thermal.LimitC, throttle);
            return;
        }

        _driver = new FanDriver(device, time, logger);
        ThermalLog.Controlling(logger, device.Description, takeover, thermal.LimitC, throttle);
    }

    public void Tick(ResourceMetrics snapshot, ThermalOptions thermal, FanOptions fan)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(thermal);
        ArgumentNullException.ThrowIfNull(fan);
        DateTimeOffset now = time.GetUtcNow();
        ThermalMetrics t = snapshot.Thermal;
        if ((_driver?.Fan ?? _observedFan) is { } chosen && !Sampled(chosen))
        {
            // The sampler's figures are another fan's (the machine's hwmon or cooling device): this fan's duty is what
            // PiTune set, and it has no tachometer to judge it by.
            t = t with { FanDuty = _driver?.Commanded, FanRpm = null };
        }

        WatchFirmware(now, t);
        WatchChip(snapshot.Accelerator.Chip);

        // Judge the fan by what PiTune asked of it when it drives it, else by what the kernel set.
        DutyCycle? duty = _driver?.Commanded ?? t.FanDuty;
        bool wasFailed = _failure.Failed;
        _failure = FanFailureDetector.Observe(now, duty, t.FanRpm, fan, _failure);
        Celsius limit = new(thermal.LimitC - (_failure.Failed ? thermal.FanFailureMarginC : 0));
        if (_failure.Failed && !wasFailed)
        {
            ThermalLog.FanFailed(logger, duty?.ToString() ?? "?", now - (_failure.SuspectSince ?? now), limit.Value);
        }
        else if (!_failure.Failed && wasFailed)
        {
            ThermalLog.FanAnswered(logger, t.FanRpm ?? 0, limit.Value);
        }

        if (thermal.Throttle)
        {
            Throttle(now, t.Temperature, limit, thermal);
        }
        else if (_throttle.Cap is not null || _throttle.State != ThermalState.Normal)
        {
            // Throttling switched off by a reload: the cap goes at once.
            _throttle = ThrottleState.Initial;
        }

        _driver?.Tick(now, t, fan);
        IFan? fanNow = _driver?.Fan ?? _observedFan;
        contributor.Publish(new ThermalReport(
            _throttle.Cap, _throttle.State, limit, _failure.Failed, _driver?.SensorFault == true, _episodes, Controlling, _driver?.Commanded,
            fanNow?.Description, fanNow is null || Sampled(fanNow)));
    }

    public void Stop(FanOptions fan)
    {
        ArgumentNullException.ThrowIfNull(fan);
        // Every fan backend puts back what it changed (through the ledger) on dispose.
        _driver?.Fan.Dispose();
        _observedFan?.Dispose();
        _driver = null;
        _observedFan = null;
    }

    private void Throttle(DateTimeOffset now, Celsius? temperature, Celsius limit, ThermalOptions thermal)
    {
        (ThrottleDecision d, ThrottleState next) = ThrottlePolicy.Decide(
            new ThrottleInput(now, temperature, _frequencies, limit, thermal.RecoveryMarginC), _throttle);
        _throttle = next;
        double temp = temperature is { } c ? Math.Round(c.Value, 1) : double.NaN;
        switch (d.Event)
        {
            case ThrottleEvent.Throttled:
                _episodes++;
                ThermalLog.Throttled(logger, temp, limit.Value, d.Cap?.ToString() ?? "none (no frequencies to step through)");
                if (d.Cap is null && !_cannotCapLogged)
                {
                    ThermalLog.CannotCap(logger, "no scaling_available_frequencies");
                    _cannotCapLogged = true;
                }

                break;
            case ThrottleEvent.Recovered:
                ThermalLog.Recovered(logger, temp, d.EpisodeDuration, d.Peak is { } peak ? Math.Round(peak.Value, 1) : temp, _episodes);
                break;
            case ThrottleEvent.SteppedDown:
            case ThrottleEvent.SteppedUp:
                ThermalLog.CapStepped(logger, d.Cap?.ToString() ?? "none", temp, d.Event.ToString());
                break;
        }
    }

    private void WatchFirmware(DateTimeOffset now, in ThermalMetrics t)
    {
        var status = new FirmwareStatus(t.Throttle ?? ThrottleFlags.None);
        bool under = t.UnderVoltage == true || status.UnderVoltageNow;
        if (under && !_underVoltage)
        {
            // A sagging supply flickers with every load spike: say it once, then at most once per interval with a count.
            _underVoltageEpisodes++;
            if (_underVoltageReportedAt is null || now - _underVoltageReportedAt >= FaultTracker.DefaultSummaryInterval)
            {
                string flags = t.Throttle is null ? "rpi_volt in0_lcrit_alarm" : "get_throttled: " + status.Describe();
                if (_underVoltageReportedAt is null)
                {
                    ThermalLog.UnderVoltage(logger, flags);
                }
                else
                {
                    ThermalLog.UnderVoltageAgain(logger, _underVoltageEpisodes, flags);
                }

                _underVoltageReportedAt = now;
                _underVoltageClearPending = true;
            }
        }
        else if (!under && _underVoltage && _underVoltageClearPending)
        {
            ThermalLog.UnderVoltageCleared(logger, status.Describe());
            _underVoltageClearPending = false;
        }

        _underVoltage = under;

        // Under-voltage throttles too; that has been said. A hot chip over 80 °C is what the soft limit should prevent;
        // near 80 °C the firmware's bit toggles every few seconds, so this too is said at most once per interval.
        bool limiting = status.LimitingNow && !under;
        if (limiting && !_firmwareLimiting
            && (_firmwareReportedAt is null || now - _firmwareReportedAt >= FaultTracker.DefaultSummaryInterval))
        {
            ThermalLog.FirmwareLimiting(logger, t.Temperature?.ToString() ?? "unknown", status.Describe());
            _firmwareReportedAt = now;
        }

        _firmwareLimiting = limiting;
    }

    /// <summary>Whether the sampler's fan figures are this fan's: it reads the hwmon fan, else the cooling device.</summary>
    private bool Sampled(IFan fan) => fan is HwmonFan || (fan is CoolingDeviceFan && machine.FanHwmon is null);

    private IReadOnlyList<KiloHertz> ReadFrequencies(out string? problem)
    {
        problem = null;
        if (machine.CpuFreqPolicies.Count == 0)
        {
            problem = "no cpufreq policy";
            return [];
        }

        ReadResult<IReadOnlyList<KiloHertz>> read = machine.CpuFreqPolicies[0].ReadAvailableFrequencies();
        if (!read.IsOk || read.Value.Count < 2)
        {
            problem = read.IsOk ? "scaling_available_frequencies lists fewer than two steps" : read.Describe();
            return [];
        }

        return [.. read.Value.Order()];
    }

    /// <summary>The accelerator chip's heat: said once as it nears its limit and once when it has cooled (<see cref="ChipHeatPolicy"/>).</summary>
    private void WatchChip(ChipMetrics? chip)
    {
        if (chip is not { } c || ChipHeatPolicy.Decide(c.Hottest, _chipHot) is not { } hot)
        {
            return;
        }

        _chipHot = hot;
        if (hot)
        {
            ThermalLog.ChipHot(logger, c.Architecture, c.Hottest!.Value.Value, ChipHeatPolicy.Limit.Value, ChipHeatPolicy.ClearBelow.Value);
        }
        else
        {
            ThermalLog.ChipCooled(logger, c.Architecture, c.Hottest!.Value.Value);
        }
    }
}
