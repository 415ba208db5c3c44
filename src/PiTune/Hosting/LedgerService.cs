using System.Reflection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PiTune.Core.Platform;
using PiTune.Core.Tuning;
using PiTune.Linux.Tuning;

namespace PiTune.Hosting;

/// <summary>
/// Registered first, so it starts first and stops last: at start it logs what the machine has and
/// restores whatever an unclean stop left in the ledger, before any job writes; at stop, after every
/// job has stopped, it puts every original back (unless <c>State:RestoreOnStop</c> is false).
/// </summary>
internal sealed class LedgerService(
    RunContext run,
    IMachine machine,
    TuningLedger ledger,
    IOptionsMonitor<StateOptions> state,
    ILogger<LedgerService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        string version = typeof(LedgerService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
        HostLog.Starting(logger, version.Split('+')[0], machine.Root, run.ConfigSource.ToString());
        HostLog.Machine(logger, machine.Describe());
        if (run.Simulator is { } sim)
        {
            HostLog.Simulating(logger, sim.Root, run.SimSpeed);
        }

        ledger.RestoreLeftovers();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (!state.CurrentValue.RestoreOnStop)
        {
            HostLog.LeavingChanges(logger, ledger.Entries.Count);
            return Task.CompletedTask;
        }

        IReadOnlyList<WriteResult> results = ledger.RestoreAll();
        HostLog.Stopped(logger, results.Count(r => r.IsOk));
        return Task.CompletedTask;
    }
}
