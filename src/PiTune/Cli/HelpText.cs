namespace PiTune.Cli;

/// <summary>
/// Each verb's own usage, printed by <c>pitune VERB --help</c>; <c>pitune --help</c> prints <see cref="CommandLine.Usage"/>,
/// which lists them all. A verb without an entry here falls back to the whole usage.
/// </summary>
internal static class HelpText
{
    private const string Exit78 = "Exit 0 when valid; 78 (EX_CONFIG) with every problem listed, each with where its value came from\n" +
        "(the file, an environment variable PITUNE_Section__Key, or the command line), or when the file is not found.";

    private static readonly Dictionary<string, string> ByVerb = new(StringComparer.Ordinal)
    {
        ["run"] = """
            usage: pitune run [--config PATH] [--root DIR] [--simulate [--sim-root DIR] [--sim-speed N]] [--for DURATION] [--Section:Key=value ...]

            Runs the daemon (the default verb: `pitune` alone is `pitune run`).
              --config PATH  configuration file (default /etc/pitune/appsettings.json, else the one beside the binary);
                             edits to it apply on save or on SIGHUP (systemctl reload pitune)
              --root DIR     directory treated as / for all sysfs and procfs access (default /)
              --simulate     run against a simulated Raspberry Pi 5 in a temporary folder; the socket is
                             SIMROOT/run/pitune/pitune.sock (said at start: "API listening on ...")
              --sim-root DIR where the simulated tree is written (kept after exit)
              --sim-speed N  simulated time runs N times faster (default 1)
              --for DURATION stop cleanly after this long (wall-clock), e.g. 60s, 5m, 00:01:00
              --Section:Key=value  any configuration key, e.g. --Sampling:Interval=00:00:00.5
            Environment variables PITUNE_Section__Key set keys too; the command line wins over them, they win over the file.
            Exit 0 after a clean stop; 78 bad configuration (each problem named with its source); 75 another PiTune holds the machine.
            """,
        ["check-config"] = $"""
            usage: pitune check-config [PATH] [--config PATH] [--Section:Key=value ...]

            Validates a configuration like `nginx -t`: the file (PATH, else the one `pitune run` would read), then the
            environment's PITUNE_* keys and --Section:Key=value arguments over it, as the daemon would see them.
            {Exit78}
            """,
        ["status"] = """
            usage: pitune status [--json] [--socket PATH] [--config PATH] [--Api:SocketPath=PATH]

            How things stand, like tuned-adm active + vcgencmd, asked of the running daemon over its socket: governor and
            frequency, temperature, fan, throttle flags, memory and pressure, pool, models, and every kernel setting
            PiTune changed with its original.
              --json         print the daemon's JSON as it sent it
              --socket PATH  the daemon's socket (default Api:SocketPath from the configuration, /run/pitune/pitune.sock);
                             a `pitune run --simulate` daemon's is SIMROOT/run/pitune/pitune.sock
            Exit 0; 69 not running; 77 no permission on the socket (join the pitune group); 75 no answer in time; 76 garbled answer.
            """,
        ["bench"] = """
            usage: pitune bench [--model NAME] [--concurrency N] [--duration DURATION] [--binary|--json|--shm] [--rows N] [--socket PATH]

            Loads the running daemon's inference API and prints throughput, latency p50/p95/p99 and the batch sizes the
            server formed.
              --model NAME       the model (default the daemon's first)
              --concurrency N    requests in flight at once (default 8)
              --duration D       how long to send (default 10s)
              --binary | --json  tensor data as binary (default) or JSON numbers
              --shm              tensors through shared memory (Triton's system_shared_memory): each worker makes
                                 /dev/shm/pitune-bench-PID-N (mode 0660, the socket's group), registers it, writes its
                                 input once and names the region in every request; the daemon writes the outputs into
                                 it. Unregistered and removed at the end, on Ctrl-C and on failure. More workers
                                 than Api:SharedMemory:MaxRegions (64) need that limit raised in the daemon
              --rows N           items per request (default 1)
              --socket PATH      the daemon's socket (default Api:SocketPath from the configuration)
            Exit 0 when any request succeeded; 1 none did; 69 no daemon at the socket.
            """,
        ["optimize"] = """
            usage: pitune optimize MODEL --out PATH [--Inference:GraphOptimization=All]

            Writes MODEL as ONNX Runtime optimizes it (Inference:GraphOptimization, default All) to PATH, so the daemon
            loads it with the optimizations already done.
            Exit 0; 64 a missing MODEL or --out.
            """,
        ["profile"] = """
            usage: pitune profile [--socket PATH]            the active profile and why (default, set by hand, or a schedule)
                   pitune profile list [--config PATH]      the built-in profiles and those in the profiles directory
                   pitune profile show NAME [--config PATH] every key NAME sets
                   pitune profile set NAME [--socket PATH]  switch the running daemon to NAME (kept across restarts)

            A profile is a set of ordinary configuration keys laid over appsettings.json: built-in balanced (the
            defaults), throughput, quiet and powersave, and your own in /etc/pitune/profiles/NAME.json (the profiles
            directory beside the configuration file). `set` asks the daemon over its socket (members of the pitune group).
            Exit 0; 64 unknown profile; 69 not running; 77 no permission; 78 the profile is refused (each problem named).
            """,
        ["top"] = """
            usage: pitune top [--socket PATH] [--config PATH] [--for DURATION]

            The running daemon's readings (temperature, frequency and cap, fan, CPU, memory pressure, queue and
            latency) with a chart of the last minutes each (GET /status and /status/history), redrawn each second
            full-screen; q or Ctrl-C quits. Not on a terminal, or with TERM=dumb, one line a second; NO_COLOR turns
            colours off. --for DURATION stops after that long.
            Exit 0; 69 not running (or lost, in line mode); 77 no permission on the socket; 75 no answer; 76 garbled answer.
            """,
    };

    /// <summary>The verbs with their own usage.</summary>
    public static IEnumerable<string> Verbs => ByVerb.Keys;

    /// <summary><paramref name="verb"/>'s usage, or the whole usage for <c>help</c>, <c>version</c> and verbs without their own.</summary>
    public static string For(string verb) => ByVerb.TryGetValue(verb, out string? text) ? text : CommandLine.Usage;
}
