using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PiTune.Simulation;

/// <summary>
/// Runs a <see cref="SimulatedPi5"/> on a clock: every <see cref="SimulationOptions.Step"/> of <paramref name="time"/>
/// it advances the model by the time that really passed on that clock (so missed ticks are caught up, not lost).
/// A step that throws (a file the model owns was removed, a full disk) is logged on the first failure, counted,
/// and retried at the next tick: the simulated board must never take the daemon down with it.
/// </summary>
public sealed class SimulationDriver(SimulatedPi5 simulator, TimeProvider time, ILogger? logger = null)
{
    // On a fast-forwarded clock a 100 ms step would come every 1 ms of wall time at speed 100: rewriting files that
    // often buys nothing (Advance integrates long steps in 100 ms slices anyway), so steps are at least 10 ms apart in wall time.
    private static readonly TimeSpan MinWallPeriod = TimeSpan.FromMilliseconds(10);

    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private long _failedSteps;
    private long _failingSince;

    /// <summary>Steps that threw since the driver was created.</summary>
    public long FailedSteps => Interlocked.Read(ref _failedSteps);

    /// <summary>Advances the model until <paramref name="cancellationToken"/> is cancelled; then returns normally.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        ArgumentNullException.ThrowIfNull(time);
        using var timer = new PeriodicTimer(Period(simulator.Options.Step, time), time);
        long last = time.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                long now = time.GetTimestamp();
                StepOnce(time.GetElapsedTime(last, now));
                last = now;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The timer period on <paramref name="time"/>'s own scale.</summary>
    internal static TimeSpan Period(TimeSpan step, TimeProvider time) =>
        time is ScaledTimeProvider scaled && step < MinWallPeriod * scaled.Speed ? MinWallPeriod * scaled.Speed : step;

    private void StepOnce(TimeSpan elapsed)
    {
        try
        {
            simulator.Advance(elapsed);
            if (_failingSince > 0)
            {
                SimulationLog.StepRecovered(_logger, _failingSince);
                _failingSince = 0;
            }
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref _failedSteps);
            if (_failingSince++ == 0)
            {
                SimulationLog.StepFailed(_logger, ex);
            }
        }
    }
}
