using System.Globalization;

namespace PiTune.Cli;

/// <summary>
/// The parsed command line: a verb, PiTune's own flags, and everything else, which is passed to
/// configuration the .NET way (<c>--Sampling:Interval=00:00:00.5</c>).
/// </summary>
internal sealed record CommandLine
{
    public const string Usage = """
        usage: pitune [run] [--config PATH] [--root DIR] [--simulate [--sim-root DIR] [--sim-speed N]] [--for DURATION] [--Section:Key=value ...]
               pitune check-config [PATH]
               pitune status [--json] [--socket PATH] [--config PATH] [--Api:SocketPath=PATH]
               pitune bench [--model NAME] [--concurrency N] [--duration DURATION] [--binary|--json|--shm] [--rows N] [--socket PATH]
               pitune optimize MODEL --out PATH [--Inference:GraphOptimization=All]
               pitune profile [list | show NAME | set NAME] [--socket PATH] [--config PATH]
               pitune top [--socket PATH] [--config PATH] [--for DURATION]
               pitune help | --help | --version | -V
               pitune VERB --help   (that verb's own usage)

          run            run the daemon (the default verb)
          check-config   validate a configuration file: exit 0, or exit 78 with every problem listed
          status         how things stand, like tuned-adm active + vcgencmd (asks the running daemon over its socket):
                         governor and frequency, temperature, fan, throttle flags, memory and pressure, pool, models,
                         and every kernel setting PiTune changed with its original; --json prints the daemon's JSON.
                         Exit 0; 69 not running; 77 no permission on the socket; 75 no answer in time; 76 garbled answer
          bench          load the running daemon's inference API (default: first model, concurrency 8, 10s, binary tensors, 1 item each)
                         and print throughput, latency p50/p95/p99 and the batch sizes the server formed
          top            the daemon's readings with a chart of the last minutes, redrawn each second (q quits);
                         not on a terminal (or TERM=dumb), one line a second; NO_COLOR turns colours off
          optimize       write MODEL as ONNX Runtime optimizes it (Inference:GraphOptimization, default All) to PATH
          profile        the active profile and why; list, show NAME, set NAME (switches the running daemon)
          --config PATH  configuration file (default /etc/pitune/appsettings.json, else the one beside the binary)
          --root DIR     directory treated as / for all sysfs and procfs access (default /)
          --simulate     run against a simulated Raspberry Pi 5 in a temporary folder
          --sim-root DIR where the simulated tree is written (kept after exit)
          --sim-speed N  simulated time runs N times faster (default 1)
          --for DURATION stop cleanly after this long (wall-clock), e.g. 60s, 5m, 00:01:00
        Any configuration key can be set as --Section:Key=value, e.g. --Sampling:Interval=00:00:00.5
        """;

    public string Verb { get; init; } = "run";

    /// <summary><c>VERB --help</c>: print that verb's usage instead of running it.</summary>
    public bool Help { get; init; }

    public string? ConfigPath { get; init; }

    public string? Root { get; init; }

    public bool Simulate { get; init; }

    public string? SimRoot { get; init; }

    public double SimSpeed { get; init; } = 1;

    public TimeSpan? RunFor { get; init; }

    /// <summary>bench: the model (default the daemon's first).</summary>
    public string? Model { get; init; }

    /// <summary>bench: requests in flight at once.</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>bench: how long to send.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>bench: binary tensor data (true) or JSON numbers.</summary>
    public bool Binary { get; init; } = true;

    /// <summary>bench: tensors through one shared-memory region per worker (Triton's system shared memory) instead of the body.</summary>
    public bool Shm { get; init; }

    /// <summary>bench: items per request.</summary>
    public int Rows { get; init; } = 1;

    /// <summary>bench: the socket (default Api:SocketPath from the configuration).</summary>
    public string? Socket { get; init; }

    /// <summary>status: print the daemon's JSON instead of the summary.</summary>
    public bool Json { get; init; }

    /// <summary>optimize: where to write the optimized model.</summary>
    public string? Out { get; init; }

    /// <summary>Positional arguments after the verb (check-config's PATH).</summary>
    public IReadOnlyList<string> Positional { get; init; } = [];

    /// <summary>Arguments for the configuration's command-line provider.</summary>
    public IReadOnlyList<string> ConfigArgs { get; init; } = [];

    public static readonly string[] Verbs = ["run", "check-config", "status", "bench", "optimize", "profile", "top", "help", "version"];

    /// <summary>Parses <paramref name="args"/>; on a mistake returns null and says what is wrong in <paramref name="error"/>.</summary>
    public static CommandLine? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var result = new CommandLine();
        var positional = new List<string>();
        var configArgs = new List<string>();
        int i = 0;
        bool verbGiven = false;
        if (args.Count > 0 && !args[0].StartsWith('-'))
        {
            if (!Verbs.Contains(args[0], StringComparer.Ordinal))
            {
                error = $"unknown verb '{args[0]}' (verbs: {string.Join(", ", Verbs)})";
                return null;
            }

            result = result with { Verb = args[0] };
            verbGiven = true;
            i = 1;
        }

        for (; i < args.Count; i++)
        {
            string arg = args[i];
            string? inline = null;
            string name = arg;
            int eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                name = arg[..eq];
                inline = arg[(eq + 1)..];
            }

            string? Value()
            {
                if (inline is not null)
                {
                    return inline;
                }

                if (i + 1 < args.Count)
                {
                    return args[++i];
                }

                return null;
            }

            switch (name)
            {
                case "--help" or "-h":
                    result = verbGiven ? result with { Help = true } : result with { Verb = "help" };
                    break;
                case "--version" or "-V":
                    result = result with { Verb = "version" };
                    break;
                case "--simulate":
                    result = result with { Simulate = true };
                    break;
                case "--binary" or "--json":
                    result = result with { Binary = name == "--binary", Json = name == "--json" };
                    break;
                case "--shm":
                    result = result with { Shm = true };
                    break;
                case "--model" or "--concurrency" or "--duration" or "--rows" or "--socket" or "--out":
                    string? benchValue = Value();
                    if (string.IsNullOrEmpty(benchValue))
                    {
                        error = $"{name} needs a value";
                        return null;
                    }

                    switch (name)
                    {
                        case "--model":
                            result = result with { Model = benchValue };
                            break;
                        case "--socket":
                            result = result with { Socket = benchValue };
                            break;
                        case "--out":
                            result = result with { Out = benchValue };
                            break;
                        case "--duration":
                            if (!DurationParser.TryParse(benchValue, out TimeSpan length) || length <= TimeSpan.Zero)
                            {
                                error = $"--duration needs a positive duration such as 10s or 1m, was '{benchValue}'";
                                return null;
                            }

                            result = result with { Duration = length };
                            break;
                        default:
                            if (!int.TryParse(benchValue, NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count is < 1 or > 4096)
                            {
                                error = $"{name} must be a whole number from 1 to 4096, was '{benchValue}'";
                                return null;
                            }

                            result = name == "--rows" ? result with { Rows = count } : result with { Concurrency = count };
                            break;
                    }

                    break;
                case "--config" or "--root" or "--sim-root" or "--sim-speed" or "--for":
                    string? value = Value();
                    if (string.IsNullOrEmpty(value))
                    {
                        error = $"{name} needs a value";
                        return null;
                    }

                    switch (name)
                    {
                        case "--config":
                            result = result with { ConfigPath = value };
                            break;
                        case "--root":
                            result = result with { Root = value };
                            break;
                        case "--sim-root":
                            result = result with { SimRoot = value };
                            break;
                        case "--sim-speed":
                            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double speed) || !double.IsFinite(speed) || speed is < 0.01 or > 1000)
                            {
                                error = $"--sim-speed must be a number from 0.01 to 1000, was '{value}'";
                                return null;
                            }

                            result = result with { SimSpeed = speed };
                            break;
                        default:
                            if (!DurationParser.TryParse(value, out TimeSpan duration) || duration <= TimeSpan.Zero)
                            {
                                error = $"--for needs a positive duration such as 60s, 5m or 00:01:00, was '{value}'";
                                return null;
                            }

                            result = result with { RunFor = duration };
                            break;
                    }

                    break;
                default:
                    if (arg.StartsWith('-'))
                    {
                        if (!arg.Contains(':', StringComparison.Ordinal))
                        {
                            error = $"unknown option '{arg}' (configuration keys look like --Section:Key=value)";
                            return null;
                        }

                        configArgs.Add(arg);
                        if (!arg.Contains('=', StringComparison.Ordinal))
                        {
                            // "--Sampling:Interval 00:00:00.5" is allowed; with nothing after it (or another option
                            // next) the configuration provider would drop the key without a word.
                            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                            {
                                error = $"{arg} needs a value ({arg}=VALUE)";
                                return null;
                            }

                            configArgs.Add(args[++i]);
                        }
                    }
                    else
                    {
                        positional.Add(arg);
                    }

                    break;
            }
        }

        if (result.SimRoot is not null && !result.Simulate)
        {
            error = "--sim-root only makes sense with --simulate";
            return null;
        }

        if (result.Simulate && result.Root is not null)
        {
            error = "--root and --simulate exclude each other (the simulator provides the root)";
            return null;
        }

        if (!result.Help && PositionalProblem(result.Verb, positional) is { } problem)
        {
            error = problem;
            return null;
        }

        return result with { Positional = positional, ConfigArgs = configArgs };
    }

    /// <summary>What is wrong with the words after the verb, or null: an ignored extra word would hide a mistake.</summary>
    private static string? PositionalProblem(string verb, List<string> positional) => verb switch
    {
        "check-config" when positional.Count > 1 =>
            $"check-config takes one PATH, was given {positional.Count}: {string.Join(' ', positional)} (--Section:Key=value sets a key)",
        "optimize" when positional.Count > 1 =>
            $"optimize takes one MODEL, was given {positional.Count}: {string.Join(' ', positional)}",
        "profile" => ProfileProblem(positional),
        "check-config" or "optimize" => null,
        _ when positional.Count > 0 => $"{verb} takes no argument '{positional[0]}' (pitune {verb} --help)",
        _ => null,
    };

    private static string? ProfileProblem(List<string> positional)
    {
        if (positional.Count == 0)
        {
            return null;
        }

        return positional[0] switch
        {
            "list" when positional.Count > 1 => $"profile list takes no argument '{positional[1]}'",
            "list" => null,
            "show" or "set" when positional.Count == 1 => $"profile {positional[0]} needs a NAME (pitune profile list shows them)",
            "show" or "set" when positional.Count > 2 => $"profile {positional[0]} takes one NAME, was given {positional.Count - 1}",
            "show" or "set" => null,
            _ => $"unknown profile command '{positional[0]}' (pitune profile, profile list, profile show NAME, profile set NAME)",
        };
    }
}
