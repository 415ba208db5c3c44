using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PiTune.Configuration;
using PiTune.Hosting;
using PiTune.Linux.Tuning;
using PiTune.Profiles;
using PiTune.Simulation;

namespace PiTune.Cli;

/// <summary><c>pitune run</c>: the daemon.</summary>
internal static class RunCommand
{
    public static async Task<int> RunAsync(CommandLine commandLine, TextWriter stderr)
    {
        string? simRoot = null;
        bool ownSimRoot = false;
        if (commandLine.Simulate)
        {
            ownSimRoot = commandLine.SimRoot is null;
            simRoot = Path.GetFullPath(commandLine.SimRoot ?? Path.Join(Path.GetTempPath(), "pitune-sim-" + Guid.NewGuid().ToString("N")[..8]));
            Directory.CreateDirectory(simRoot);

            // What systemd's RuntimeDirectory=pitune does for the real socket.
            Directory.CreateDirectory(Path.Join(simRoot, "run/pitune"));
        }

        Dictionary<string, string?> flagValues = FlagValues(commandLine, simRoot);
        ConfigurationManager? configuration = null;
        InstanceLock? instanceLock = null;
        try
        {
            ConfigSource source = ConfigSource.Resolve(commandLine.ConfigPath);
            configuration = ConfigurationFactory.TryBuild(
                source, flagValues, commandLine.ConfigArgs, reloadOnChange: true, out string? error);
            if (configuration is null)
            {
                stderr.WriteLine($"pitune: {error}");
                return RefuseStart(null, locked: false, commandLine, flagValues, stderr);
            }

            // Before anything reads or writes the state directory or the machine (the ledger's leftovers included).
            InstanceLockAttempt instance = InstanceLock.TryAcquire(configuration["Platform:Root"] ?? "/", configuration["State:Directory"] ?? new StateOptions().Directory);
            instance.Warnings.ToList().ForEach(w => stderr.WriteLine($"pitune: warning: {w}"));
            if (instance.Lock is not { } held)
            {
                stderr.WriteLine($"pitune: {instance.Refusal}");
                return ExitCodes.TempFail;
            }

            // Held until the process ends, including a refused start's restore of leftovers below.
            instanceLock = held;
            ActiveProfile profile = ProfileStartup.Apply(configuration, source, TimeProvider.System, stderr);
            List<string> problems = CheckConfigCommand.Check(configuration);
            if (problems.Count > 0)
            {
                stderr.WriteLine($"pitune: {problems.Count} configuration problem(s); not starting (file: {source}):");
                problems.ForEach(p => stderr.WriteLine($"  - {ConfigOrigins.Annotate(configuration, p)}"));
                return RefuseStart(configuration, locked: true, commandLine, flagValues, stderr);
            }

            SimulatedPi5? simulator = null;
            TimeProvider time = TimeProvider.System;
            if (simRoot is not null)
            {
                SimulationOptions simOptions = configuration.GetSection(SimulationOptions.SectionName).Get<SimulationOptions>() ?? new SimulationOptions();
                time = new ScaledTimeProvider(commandLine.SimSpeed);
                simulator = new SimulatedPi5(simRoot, simOptions);
            }

            var run = new RunContext(source, time, simulator, commandLine.SimSpeed, commandLine.RunFor, ProfileAtStart: profile);
            using IHost host = PiTuneHost.Build(run, configuration);
            await host.RunAsync();
            return ExitCodes.Ok;
        }
        catch (OptionsValidationException ex)
        {
            // ValidateOnStart runs before any hosted service, so the ledger's own restore has not run either.
            stderr.WriteLine("pitune: configuration problem(s); not starting:");
            foreach (string failure in ex.Failures)
            {
                stderr.WriteLine($"  - {failure}");
            }

            return RefuseStart(configuration, locked: instanceLock is not null, commandLine, flagValues, stderr);
        }
        finally
        {
            configuration?.Dispose();
            instanceLock?.Dispose();
            if (ownSimRoot && simRoot is not null)
            {
                TryDelete(simRoot);
            }
        }
    }

    /// <summary>
    /// Exit 78 for bad configuration, after restoring what an earlier run left in the ledger (see <see cref="LeftoverRestore"/>).
    /// A running daemon's ledger is not a leftover: unless this process already holds the one-instance lock
    /// (<paramref name="locked"/>), the restore takes it first and leaves the ledger alone when another PiTune holds it.
    /// </summary>
    private static int RefuseStart(IConfiguration? configuration, bool locked, CommandLine commandLine, Dictionary<string, string?> flagValues, TextWriter stderr)
    {
        using ConfigurationManager withoutFile = ConfigurationFactory.TryBuild(
            new ConfigSource(null, "without the file"), flagValues, commandLine.ConfigArgs, reloadOnChange: false, out _)!;
        LeftoverRestore.Run(configuration, withoutFile, locked, stderr);
        return ExitCodes.Config;
    }

    /// <summary>The configuration values PiTune's own flags imply; --Section:Key=value arguments still override them.</summary>
    private static Dictionary<string, string?> FlagValues(CommandLine commandLine, string? simRoot)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (commandLine.Root is not null)
        {
            values["Platform:Root"] = Path.GetFullPath(commandLine.Root);
        }

        if (simRoot is not null)
        {
            // Everything the daemon writes stays inside the simulated tree: never the real /var/lib or /run.
            values["Platform:Root"] = simRoot;
            values["State:Directory"] = Path.Join(simRoot, "var/lib/pitune");
            values["Api:SocketPath"] = Path.Join(simRoot, "run/pitune/pitune.sock");
            values["Sampling:LogEachTick"] = "true";
        }

        return values;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
