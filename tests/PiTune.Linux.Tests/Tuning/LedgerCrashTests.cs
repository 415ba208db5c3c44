using System.Diagnostics;
using PiTune.Core.Platform;
using static PiTune.Linux.Tests.Tuning.LedgerTestBed;

namespace PiTune.Linux.Tests.Tuning;

/// <summary>The requirement: a process killed with SIGKILL mid-run, then restarted, restores originals.</summary>
public sealed class LedgerCrashTests : IDisposable
{
    // Generous: the probe starts a runtime on a loaded 2-core CI machine. A timeout, not a sleep.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly LedgerTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task A_process_killed_with_SIGKILL_mid_run_then_restarted_restores_originals()
    {
        byte[] governor = _bed.Bytes(Governor), swappiness = _bed.Bytes(Swappiness);

        using (Process probe = StartProbe(_bed.Root, _bed.StateDirectory, Governor, "performance", Swappiness, "10"))
        {
            try
            {
                await WaitForWrittenAsync(probe);
            }
            finally
            {
                // On Linux, Process.Kill sends SIGKILL: no finally blocks, no shutdown hooks, nothing restored.
                if (!probe.HasExited)
                {
                    probe.Kill();
                }

                await probe.WaitForExitAsync();
            }

            Assert.Equal(128 + 9, probe.ExitCode);
        }

        Assert.Equal("performance", _bed.Text(Governor));
        Assert.Equal("10", _bed.Text(Swappiness));
        Assert.Equal([(Governor, "ondemand"), (Swappiness, "60")], _bed.LedgerOnDisk());

        var restarted = _bed.Open();
        IReadOnlyList<WriteResult> results = restarted.RestoreLeftovers();

        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.True(r.IsOk, r.Describe()));
        Assert.Equal(governor, _bed.Bytes(Governor));
        Assert.Equal(swappiness, _bed.Bytes(Swappiness));
        Assert.Empty(restarted.Entries);
        Assert.Empty(_bed.LedgerOnDisk());
    }

    private static Process StartProbe(params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost(), [ProbeDll(), .. args])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        return Process.Start(start) ?? throw new InvalidOperationException("the probe did not start");
    }

    private static async Task WaitForWrittenAsync(Process probe)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            while (await probe.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line == "written")
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the probe did not report \"written\" within {StartTimeout}");
        }

        // stdout closed: the probe exited on its own, and says why on stderr.
        Assert.Fail($"the probe exited before writing: {await probe.StandardError.ReadToEndAsync()}");
    }

    /// <summary>The dotnet that runs these tests (the CLI passes its path down), so the probe gets the same runtime.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host)
        {
            return host;
        }

        return Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }

    /// <summary>
    /// The probe is built before this project (a ProjectReference without its assembly) into its own bin folder,
    /// laid out like ours: tests/PiTune.LedgerCrashProbe/bin/{Configuration}/{TFM}.
    /// </summary>
    private static string ProbeDll()
    {
        string output = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);
        for (DirectoryInfo? project = new(output); project?.Parent is { } parent; project = parent)
        {
            if (File.Exists(Path.Join(project.FullName, "PiTune.Linux.Tests.csproj")))
            {
                string dll = Path.Join(parent.FullName, "PiTune.LedgerCrashProbe", Path.GetRelativePath(project.FullName, output), "PiTune.LedgerCrashProbe.dll");
                return File.Exists(dll) ? dll : throw new FileNotFoundException("The crash probe is not built; build PiTune.sln or the test project", dll);
            }
        }

        throw new InvalidOperationException("PiTune.Linux.Tests.csproj not found above " + output);
    }
}
