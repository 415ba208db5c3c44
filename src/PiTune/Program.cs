using System.Reflection;
using PiTune.Cli;

CommandLine? commandLine = CommandLine.Parse(args, out string? error);
if (commandLine is null)
{
    Console.Error.WriteLine($"pitune: {error}");
    Console.Error.WriteLine(HelpText.For(args.Length > 0 && CommandLine.Verbs.Contains(args[0]) ? args[0] : "help"));
    return ExitCodes.Usage;
}

if (commandLine.Help)
{
    Console.WriteLine(HelpText.For(commandLine.Verb));
    return ExitCodes.Ok;
}

switch (commandLine.Verb)
{
    case "check-config":
        return CheckConfigCommand.Run(commandLine, Console.Out, Console.Error);
    case "status":
        return await StatusCommand.RunAsync(commandLine, Console.Out, Console.Error);
    case "bench":
        return await BenchCommand.RunAsync(commandLine, Console.Out, Console.Error);
    case "top":
        return await TopCommand.RunAsync(commandLine, Console.Out, Console.Error);
    case "optimize":
        return OptimizeCommand.Run(commandLine, Console.Out, Console.Error);
    case "profile":
        return await ProfileCommand.RunAsync(commandLine, Console.Out, Console.Error);
    case "help":
        Console.WriteLine(CommandLine.Usage);
        return ExitCodes.Ok;
    case "version":
        Console.WriteLine("pitune " + (typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?"));
        return ExitCodes.Ok;
    default:
        // Before the host (or Console) registers any signal handler: `systemctl reload` must reach the daemon.
        PiTune.Systemd.HangupSignal.TakeBackIfIgnored();
        return await RunCommand.RunAsync(commandLine, Console.Error);
}
