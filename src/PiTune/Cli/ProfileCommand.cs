using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using PiTune.Configuration;
using PiTune.Profiles;

namespace PiTune.Cli;

/// <summary>
/// <c>pitune profile</c> (asks the daemon which profile is in force and why), <c>profile list</c> and
/// <c>profile show NAME</c> (read here, from the built-ins and the profiles directory), <c>profile set NAME</c> (asks
/// the daemon to switch: it checks and applies it like a reload and keeps it across restarts).
/// </summary>
internal static class ProfileCommand
{
    public static async Task<int> RunAsync(CommandLine commandLine, TextWriter stdout, TextWriter stderr)
    {
        string sub = commandLine.Positional.Count > 0 ? commandLine.Positional[0] : "";
        return sub switch
        {
            "list" => List(commandLine, stdout, stderr),
            "show" => Show(commandLine, commandLine.Positional[1], stdout, stderr),
            "set" => await AskAsync(commandLine, HttpMethod.Put, JsonSerializerName(commandLine.Positional[1]), stdout, stderr),
            _ => await AskAsync(commandLine, HttpMethod.Get, null, stdout, stderr),
        };
    }

    private static int List(CommandLine commandLine, TextWriter stdout, TextWriter stderr)
    {
        if (Catalog(commandLine, stderr) is not { } catalog)
        {
            return ExitCodes.Config;
        }

        foreach ((string name, string origin) in catalog.List())
        {
            stdout.WriteLine($"{name,-12} {origin}");
        }

        stdout.WriteLine($"(your own: {catalog.Directory}/NAME.json; the active one: pitune profile)");
        return ExitCodes.Ok;
    }

    private static int Show(CommandLine commandLine, string name, TextWriter stdout, TextWriter stderr)
    {
        if (Catalog(commandLine, stderr) is not { } catalog)
        {
            return ExitCodes.Config;
        }

        ProfileLoad load = catalog.Load(name);
        if (!load.IsOk)
        {
            stderr.WriteLine($"pitune: {load.Problem}");
            return load.Origin.Length == 0 ? ExitCodes.Usage : ExitCodes.Config;
        }

        stdout.WriteLine($"{load.Name} ({load.Origin}):");
        if (load.Keys!.Count == 0)
        {
            stdout.WriteLine("  no keys: the configuration file as it is (the defaults)");
        }

        foreach ((string key, string? value) in load.Keys.Where(p => p.Value is not null).OrderBy(p => p.Key, KeyOrder.Instance))
        {
            stdout.WriteLine($"  {key} = {value}");
        }

        return ExitCodes.Ok;
    }

    private static ProfileCatalog? Catalog(CommandLine commandLine, TextWriter stderr)
    {
        ConfigSource source = ConfigSource.Resolve(commandLine.ConfigPath);
        using ConfigurationManager? configuration = ConfigurationFactory.TryBuild(
            source, new Dictionary<string, string?>(), commandLine.ConfigArgs, reloadOnChange: false, out string? error);
        if (configuration is null)
        {
            stderr.WriteLine($"pitune: {error}");
            return null;
        }

        return ProfileCatalog.For(configuration[ProfileOptions.SectionName + ":Directory"], source.Path);
    }

    private static async Task<int> AskAsync(CommandLine commandLine, HttpMethod method, string? body, TextWriter stdout, TextWriter stderr)
    {
        (string? socket, string origin) = commandLine.Socket is { } given
            ? (given, "given with --socket")
            : BenchCommand.SocketFromConfigWithOrigin(commandLine, stderr);
        if (socket is null)
        {
            return ExitCodes.Config;
        }

        int status;
        string reply;
        using var deadline = new CancellationTokenSource(StatusCommand.DefaultTimeout, TimeProvider.System);
        try
        {
            (status, reply) = await SocketHttp.SendAsync(socket, method, "/profile", body, deadline.Token);
        }
        catch (Exception ex) when (deadline.IsCancellationRequested && ex is OperationCanceledException or HttpRequestException or IOException)
        {
            stderr.WriteLine($"pitune: no answer from {socket} within {StatusCommand.DefaultTimeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s");
            return ExitCodes.TempFail;
        }
        catch (Exception ex) when (SocketHttp.SocketErrorOf(ex) is { } error)
        {
            (string message, int code) = StatusCommand.Describe(error, socket, origin, serviceInstalled: false);
            stderr.WriteLine("pitune: " + message);
            return code;
        }
        catch (HttpRequestException ex)
        {
            stderr.WriteLine($"pitune: the reply on {socket} is not valid HTTP ({ex.Message})");
            return ExitCodes.Protocol;
        }

        try
        {
            using JsonDocument doc = JsonDocument.Parse(reply);
            JsonElement root = doc.RootElement;
            string Str(string name) => root.TryGetProperty(name, out JsonElement e) && e.ValueKind == JsonValueKind.String ? e.GetString() ?? "" : "";
            switch (status)
            {
                case 200:
                    stdout.WriteLine($"{Str("name")} ({Str("reason")})");
                    return ExitCodes.Ok;
                case 404:
                    stderr.WriteLine($"pitune: {Str("error")}");
                    return ExitCodes.Usage;
                case 422:
                    stderr.WriteLine($"pitune: profile refused; {Str("name")} stays in force: {Str("error")}");
                    return ExitCodes.Config;
                default:
                    stderr.WriteLine($"pitune: the daemon answered {status} to /profile{(Str("error") is { Length: > 0 } e ? ": " + e : " (an older pitune without profiles?)")}");
                    return ExitCodes.Protocol;
            }
        }
        catch (JsonException ex)
        {
            stderr.WriteLine($"pitune: the daemon's answer on {socket} is not valid JSON ({ex.Message})");
            return ExitCodes.Protocol;
        }
    }

    private static string JsonSerializerName(string name)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Keys in reading order: list indexes as numbers (Curve:2 before Curve:10).</summary>
    private sealed class KeyOrder : IComparer<string>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            string[] a = (x ?? "").Split(':');
            string[] b = (y ?? "").Split(':');
            for (int i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                int c = int.TryParse(a[i], CultureInfo.InvariantCulture, out int na) && int.TryParse(b[i], CultureInfo.InvariantCulture, out int nb)
                    ? na.CompareTo(nb)
                    : string.Compare(a[i], b[i], StringComparison.OrdinalIgnoreCase);
                if (c != 0)
                {
                    return c;
                }
            }

            return a.Length.CompareTo(b.Length);
        }
    }
}
