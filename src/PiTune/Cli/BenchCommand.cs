using Microsoft.Extensions.Configuration;
using PiTune.Api;
using PiTune.Cli.Bench;
using PiTune.Configuration;

namespace PiTune.Cli;

/// <summary><c>pitune bench</c>: load against the running daemon's socket; prints throughput, latency percentiles and the batches the server formed.</summary>
internal static class BenchCommand
{
    public static async Task<int> RunAsync(CommandLine commandLine, TextWriter stdout, TextWriter stderr)
    {
        string? socket = commandLine.Socket ?? SocketFromConfig(commandLine, stderr);
        if (socket is null)
        {
            return ExitCodes.Config;
        }

        if (!File.Exists(socket))
        {
            stderr.WriteLine($"pitune bench: no socket at {socket} (is the daemon running? --socket PATH chooses another)");
            return ExitCodes.Unavailable;
        }

        var options = new LoadOptions(socket, commandLine.Model, commandLine.Concurrency, commandLine.Duration ?? TimeSpan.FromSeconds(10), commandLine.Binary, commandLine.Rows,
            commandLine.Shm);

        // Ctrl-C or SIGTERM end the run early: what ran is reported and, with --shm, the regions are unregistered and
        // their files removed rather than left in /dev/shm.
        using var stop = new StopSignals();
        try
        {
            LoadReport report = await LoadGenerator.RunAsync(options, stop.Token, message => stderr.WriteLine($"pitune bench: {message}"));
            stdout.WriteLine(report);
            return report.Ok > 0 ? ExitCodes.Ok : ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            stderr.WriteLine("pitune bench: stopped before the run began");
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or System.Net.Sockets.SocketException or System.Text.Json.JsonException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"pitune bench: {ex.Message}");
            return ExitCodes.Unavailable;
        }
    }

    /// <summary>Api:SocketPath as `pitune run` would resolve it (--config, /etc/pitune, beside the binary; --Api:SocketPath=... overrides).</summary>
    internal static string? SocketFromConfig(CommandLine commandLine, TextWriter stderr) => SocketFromConfigWithOrigin(commandLine, stderr).Socket;

    /// <summary>As <see cref="SocketFromConfig"/>, with where the path came from ("Api:SocketPath in /etc/pitune/appsettings.json").</summary>
    internal static (string? Socket, string Origin) SocketFromConfigWithOrigin(CommandLine commandLine, TextWriter stderr)
    {
        ConfigSource source = ConfigSource.Resolve(commandLine.ConfigPath);
        using ConfigurationManager? configuration = ConfigurationFactory.TryBuild(
            source, new Dictionary<string, string?>(), commandLine.ConfigArgs, reloadOnChange: false, out string? error);
        if (configuration is null)
        {
            stderr.WriteLine($"pitune: {error}");
            return (null, "");
        }

        string key = ApiOptions.SectionName + ":SocketPath";
        string origin = ConfigOrigins.Of(configuration, key) is { } from
            ? $"{key} {(from.StartsWith('/') ? "in" : "from")} {from}"
            : $"the default {key}";
        return (configuration.GetSection(ApiOptions.SectionName).Get<ApiOptions>()?.SocketPath ?? new ApiOptions().SocketPath, origin);
    }
}
