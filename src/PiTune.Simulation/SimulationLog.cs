using Microsoft.Extensions.Logging;

namespace PiTune.Simulation;

/// <summary>Simulation log lines; event ids 9000–9099.</summary>
internal static partial class SimulationLog
{
    [LoggerMessage(EventId = 9000, Level = LogLevel.Warning, Message = "Simulated Pi 5 step failed; the simulation goes on and retries next step")]
    public static partial void StepFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Simulated Pi 5 steps work again after {Failures} failed steps")]
    public static partial void StepRecovered(ILogger logger, long failures);
}
