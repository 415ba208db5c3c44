using System.Diagnostics;
using PiTune.Cli.Bench;

namespace PiTune.ServeBench;

/// <summary>
/// One daemon under load: a child `pitune run --simulate` on a simulated Pi of its own (nothing on this machine is
/// touched), with the configuration beside this program and SERVEBENCH_DAEMON_ENV's entries in its environment. Its
/// readiness lines and errors are echoed; disposing it kills it and removes its tree.
/// </summary>
internal sealed class BenchDaemon : IDisposable
{
    private BenchDaemon(string name, Process process, string root)
    {
        Name = name;
        Process = process;
        Root = root;
    }

    public string Name { get; }

    public Process Process { get; }

    public string Root { get; }

    public string Socket => Path.Join(Root, "run/pitune/pitune.sock");

    /// <param name="path">`jit` (this build's pitune.dll under `dotnet`) or the path of a pitune binary.</param>
    public static BenchDaemon Start(string name, string path, string baseDir, IReadOnlyList<(string Key, string Value)> environment)
    {
        string simRoot = Directory.CreateTempSubdirectory("pitune-servebench-").FullName;
        bool jit = path == "jit";
        var info = new ProcessStartInfo(jit ? Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet" : Path.GetFullPath(path))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach ((string key, string value) in environment)
        {
            info.Environment[key] = value;
        }

        foreach (string a in (string[])[.. (jit ? [Path.Join(baseDir, "pitune.dll")] : Array.Empty<string>()), "run", "--simulate", "--sim-root", simRoot, "--config", Path.Join(baseDir, "appsettings.json"), "--Log:Target=Console",
                     // one region per load-generator worker: concurrency 32 needs more than the default 16
                     "--Api:SharedMemory:MaxRegions=64"])
        {
            info.ArgumentList.Add(a);
        }

        Process process = Process.Start(info)!;
        Console.WriteLine($"daemon {name}: {(jit ? "dotnet " + Path.Join(baseDir, "pitune.dll") : Path.GetFullPath(path))}, PID {process.Id}, environment added: {Environment.GetEnvironmentVariable("SERVEBENCH_DAEMON_ENV") ?? "none"}");
        process.OutputDataReceived += (_, e) => { if (e.Data?.Contains("ready on", StringComparison.Ordinal) == true || e.Data?.Contains("ERR", StringComparison.Ordinal) == true) { Console.WriteLine($"daemon {name}: " + e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.WriteLine($"daemon {name}: " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new BenchDaemon(name, process, simRoot);
    }

    /// <summary>Waits until its models answer ready, at most 60 s.</summary>
    public async Task WaitReadyAsync()
    {
        using HttpClient probe = LoadGenerator.CreateClient(Socket, 1);
        var wait = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if ((await probe.GetAsync("/v2/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (wait.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"daemon {Name} not ready in 60 s");
            }

            await Task.Delay(100);
        }
    }

    public void Dispose()
    {
        Process.Kill(entireProcessTree: true);
        Process.WaitForExit();
        Process.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
